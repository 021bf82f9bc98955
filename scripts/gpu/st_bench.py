"""sentence-transformers on the GPU in fp16: texts/s at several batch sizes, and the vectors."""
import json, sys, time
import torch
from sentence_transformers import SentenceTransformer
model_dir, work = sys.argv[1], sys.argv[2]
texts = json.load(open(f"{work}/texts.json"))
model = SentenceTransformer(model_dir, device="cuda")
model.max_seq_length = 256
model.half()
tokens = [min(len(t), 256) for t in model.tokenizer(texts)["input_ids"]]
print(json.dumps({"st_tokens_mean": sum(tokens) / len(tokens), "st_tokens_max": max(tokens)}))
model.encode(texts[:256], batch_size=64)
for batch in (64, 128, 256, 512, 1024):
    torch.cuda.synchronize()
    start = time.perf_counter()
    v = model.encode(texts, batch_size=batch, normalize_embeddings=True)
    torch.cuda.synchronize()
    s = time.perf_counter() - start
    print(json.dumps({"system": "sentence-transformers fp16", "torch": torch.__version__, "batch": batch,
                      "texts": len(texts), "seconds": s, "texts_per_s": len(texts) / s}))
json.dump(v[:1024].astype("float32").tolist(), open(f"{work}/st.json", "w"))
