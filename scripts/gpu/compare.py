"""Cosines between vector files (first = reference), NaN check, and top-role agreement."""
import json, math, sys
work = sys.argv[1]
def load(name):
    return json.load(open(f"{work}/{name}"))
ref = load("cpu_f32.json")
for name in ("cuda_f32.json", "cuda_f16.json", "cuda_bf16.json", "st.json"):
    try:
        other = load(name)
    except FileNotFoundError:
        print(json.dumps({"vectors": name, "missing": True})); continue
    n = min(len(ref), len(other))
    nan = any(math.isnan(x) for v in other for x in v)
    cos = [sum(a * b for a, b in zip(ref[i], other[i])) / (math.sqrt(sum(a*a for a in ref[i])) * math.sqrt(sum(b*b for b in other[i]))) for i in range(n)]
    print(json.dumps({"vectors": name, "n": n, "nan": nan, "min_cosine": min(cos), "mean_cosine": sum(cos) / n}))
def tops(name, k=3):
    run = load(name)
    return {r["file"].split("/")[-1]: [m["role_id"] for m in r["matches"][:k]] for r in run["results"]}
base = tops("match_cpu_f32.json")
for name in ("match_cuda_f16.json", "match_cuda_bf16.json", "match_cuda_f32.json", "match_auto.json"):
    try:
        t = tops(name)
    except FileNotFoundError:
        print(json.dumps({"match": name, "missing": True})); continue
    top1 = sum(base[f][:1] == t.get(f, [])[:1] for f in base)
    top3 = sum(base[f] == t.get(f) for f in base)
    print(json.dumps({"match": name, "resumes": len(base), "same_top1": top1, "same_top3_in_order": top3}))
