#!/usr/bin/env bash
# Measures title matching through `rolematch match --queries` itself, on the held-out half of a
# public set (the same half `rolematch eval` reports on): once against the catalog as fetched
# (hybrid cosine + n-grams, no aliases) and once against the catalog with the tuning half's
# titles as aliases. Prints R@1, MRR and nDCG@10 of each beside eval's plain cosine.
#
#   python3 scripts/fetch_eval_data.py
#   scripts/eval_match_titles.sh esco      # or bls
set -euo pipefail
set_name=${1:?usage: eval_match_titles.sh esco|bls}
bin=${ROLEMATCH_BIN:-target/release/rolematch}
model_dir=${ROLEMATCH_MODEL_DIR:-$PWD/models/all-minilm-l6-v2}
data=eval-data/$set_name
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" eval --format json --set "$data/queries.jsonl" --catalog "$data/catalog.jsonl" \
  --split-out "$work/split" >"$work/eval.json"
for variant in plain aliases; do
  catalog=$data/catalog.jsonl
  [ "$variant" = aliases ] && catalog=$work/split/catalog.jsonl
  # Exit 1 only means that some query matched nothing above --min-score; none is set here.
  "$bin" -q --home "$work" --model-dir "$model_dir" --offline match --catalog "$catalog" --queries "$work/split/queries.jsonl" \
    --format jsonl -k 10 --min-score 0 >"$work/$variant.jsonl" || [ $? -eq 1 ]
done

python3 - "$work" <<'PY'
import json, math, sys
work = sys.argv[1]
queries = {}
for line in open(f"{work}/split/queries.jsonl"):
    q = json.loads(line)
    queries[q["id"]] = set(q["relevant"])
report = json.load(open(f"{work}/eval.json"))
cosine = next(r["metrics"] for r in report["results"] if r["system"] == "embedding cosine")

def metrics(path):
    r1 = mrr = ndcg = 0.0
    seen = 0
    for line in open(path):
        row = json.loads(line)
        qid = row["file"].rsplit("/", 1)[-1]
        relevant = queries[qid]
        ranked = [m["role_id"] for m in row["matches"]]
        seen += 1
        hits = [i for i, role in enumerate(ranked) if role in relevant]
        if hits:
            mrr += 1 / (hits[0] + 1)
            r1 += hits[0] == 0
        dcg = sum(1 / math.log2(i + 2) for i in hits if i < 10)
        ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
        ndcg += dcg / ideal
    assert seen == len(queries), f"{path}: {seen} results for {len(queries)} queries"
    return r1 / seen, mrr / seen, ndcg / seen

print(f"{report['set']}: {len(queries)} held-out queries, {report['catalog_entries']} entries")
print(f"  {'system':<52} {'R@1':>6} {'MRR':>6} {'nDCG@10':>8}")
print(f"  {'eval: plain embedding cosine':<52} {cosine['recall_at_1']:6.3f} {cosine['mrr']:6.3f} {cosine['ndcg_at_10']:8.3f}")
for variant, label in [("plain", "match --queries, catalog as fetched"), ("aliases", "match --queries, catalog + tuning-half aliases")]:
    r1, mrr, ndcg = metrics(f"{work}/{variant}.jsonl")
    print(f"  {label:<52} {r1:6.3f} {mrr:6.3f} {ndcg:8.3f}")
PY
