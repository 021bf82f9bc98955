"""The pipeline a Python user would write instead of rolematch, for scripts/bench_jobs_vs_python.sh.

sentence-transformers with its defaults (the model's own 256-token truncation, batch 32),
normalized vectors, cosine as a dot product, top k. Each job is one process, model load
included, and prints one JSON line with its seconds; the vectors and rankings it writes let the
driver compare answers.

  python bench_jobs_python.py match    MODEL_DIR CATALOG TEXTS.jsonl|DIR OUT.jsonl K
  python bench_jobs_python.py build    MODEL_DIR DIR POOL_DIR
  python bench_jobs_python.py rank     MODEL_DIR CATALOG POOL_DIR ROLE_ID|@POSTING OUT.json K
  python bench_jobs_python.py rankdir  MODEL_DIR CATALOG DIR ROLE_ID|@POSTING OUT.json K
"""

import json
import os
import sys
import time
import tomllib

START = time.perf_counter()

import numpy as np  # noqa: E402
import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

torch.set_num_threads(int(os.environ.get("THREADS", "1")))


def load_model(model_dir):
    return SentenceTransformer(model_dir, device="cpu")


def read_texts(source):
    """(ids, texts) from a JSON-lines file of {"id", "text"} or a folder of .md/.txt files."""
    if os.path.isdir(source):
        names = sorted(n for n in os.listdir(source) if n.endswith((".md", ".txt")))
        return names, [open(os.path.join(source, n), encoding="utf-8").read() for n in names]
    rows = [json.loads(line) for line in open(source, encoding="utf-8") if line.strip()]
    return [r["id"] for r in rows], [r["text"] for r in rows]


def role_texts(catalog):
    roles = tomllib.load(open(catalog, "rb"))["role"]
    return [r["id"] for r in roles], [f"{r['title']}. {r['description']}" for r in roles]


def opening_text(catalog, opening):
    if opening.startswith("@"):
        return open(opening[1:], encoding="utf-8").read()
    ids, texts = role_texts(catalog)
    return texts[ids.index(opening)]


def encode(model, texts):
    return model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)


def top(scores, k):
    order = np.argsort(-scores, kind="stable")[:k]
    return [(int(i), float(scores[i])) for i in order]


def match(model_dir, catalog, source, out, k):
    model = load_model(model_dir)
    role_ids, roles = role_texts(catalog)
    role_vectors = encode(model, roles)
    ids, texts = read_texts(source)
    vectors = encode(model, texts)
    with open(out, "w", encoding="utf-8") as f:
        for doc_id, row in zip(ids, vectors @ role_vectors.T):
            best = [{"role_id": role_ids[i], "score": s} for i, s in top(row, int(k))]
            f.write(json.dumps({"id": doc_id, "matches": best}) + "\n")
    return len(texts)


def build(model_dir, source, pool_dir):
    model = load_model(model_dir)
    ids, texts = read_texts(source)
    vectors = encode(model, texts)
    os.makedirs(pool_dir, exist_ok=True)
    np.save(os.path.join(pool_dir, "vectors.npy"), vectors)
    json.dump(ids, open(os.path.join(pool_dir, "ids.json"), "w"))
    return len(texts)


def rank(model, catalog, ids, vectors, opening, out, k):
    query = encode(model, [opening_text(catalog, opening)])[0]
    best = [{"candidate_id": ids[i], "score": s} for i, s in top(vectors @ query, int(k))]
    json.dump({"candidates": best}, open(out, "w"))
    return len(ids)


def main(job, *args):
    if job == "match":
        n = match(*args)
    elif job == "build":
        n = build(*args)
    elif job == "rank":
        model_dir, catalog, pool_dir, opening, out, k = args
        vectors = np.load(os.path.join(pool_dir, "vectors.npy"))
        ids = json.load(open(os.path.join(pool_dir, "ids.json")))
        n = rank(load_model(model_dir), catalog, ids, vectors, opening, out, k)
    elif job == "rankdir":
        model_dir, catalog, source, opening, out, k = args
        model = load_model(model_dir)
        ids, texts = read_texts(source)
        n = rank(model, catalog, ids, encode(model, texts), opening, out, k)
    else:
        sys.exit(f"unknown job {job}")
    print(json.dumps({"job": job, "texts": n, "seconds": time.perf_counter() - START}))


if __name__ == "__main__":
    main(*sys.argv[1:])
