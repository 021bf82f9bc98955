#!/usr/bin/env bash
# The user's jobs, end to end, side by side with the pipeline a Python user would write instead
# (scripts/bench_jobs_python.py: sentence-transformers with its default 256-token truncation,
# cosine, top k), in one run on the same texts, the same model files and the same number of
# threads. Every job is a fresh process, model load included, timed with its peak memory:
#   - match of N resume-length texts (sections, bullets; 300-450 words) through --queries and
#     through a folder of files, and of N one-paragraph texts (150-250 words) through --queries;
#   - pool build of a pool of POOL resumes, rank of it for a catalog role and for a job
#     posting, and rank of the same folder for the posting without keeping a pool.
# rolematch reads every token of every resume and reports evidence passages; the Python side
# reads the first 256 tokens and reports scores only. Before printing, the script checks that
# a fast wrong path cannot win: for a sample of texts, batched `match` must give the same top 3
# roles and scores as matching each text alone, and ranking the stored pool must give the same
# top 10 as ranking the folder directly. It prints a table with the ratio (Python's time over
# rolematch's: above 1 means rolematch is faster) and, for information, how often the two
# systems agree on the best role.
#
#   scripts/bench_jobs_vs_python.sh                     # N=512 POOL=1000 THREADS=$(nproc)
#   N=64 POOL=100 scripts/bench_jobs_vs_python.sh       # a quick look
#
# sentence-transformers goes into a throwaway virtual environment ($VENV, made on first use;
# from PyPI that pulls torch's CUDA wheels, several GB: reuse the folder between runs).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
N=${N:-512}
POOL=${POOL:-1000}
THREADS=${THREADS:-$(nproc)}
VENV=${VENV:-${TMPDIR:-/tmp}/rolematch-st-venv}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build --release -q
./target/release/rolematch -q model fetch >/dev/null
MODEL_DIR="$ROOT/models/all-minilm-l6-v2"
POSTING="$ROOT/tests/fixtures/jobs/ai-engineer-product.md"
ROLE=ai-engineer

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import sentence_transformers" 2>/dev/null; then
    echo "installing sentence-transformers into $VENV (once)" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q sentence-transformers==6.2.0
fi

# Texts built from the project's resume fixtures with a fixed seed: resumes with a summary,
# two jobs of bullets, projects, skills and education; and one-paragraph texts.
python3 - "$WORK" "$N" "$POOL" <<'PY'
import glob, json, os, random, sys
work, n, pool = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lines = []
for path in sorted(glob.glob("tests/fixtures/resumes/*.md") + glob.glob("tests/fixtures/labelled/*.md")):
    for line in open(path, encoding="utf-8"):
        line = line.strip().lstrip("-*# ").strip()
        if len(line.split()) >= 6:
            lines.append(line)
rng = random.Random(16)
def words_of(parts):
    return sum(len(p.split()) for p in parts)
def bullets(target):
    out = []
    while words_of(out) < target:
        out.append(rng.choice(lines))
    return "\n".join(f"- {b}" for b in out)
def resume(i):
    target = rng.randint(300, 450)
    text = (f"# Candidate {i}\n\n## Summary\n\n{rng.choice(lines)}\n\n## Experience\n\n"
            f"### Senior role, 2022 - present\n\n{bullets(target * 0.35)}\n\n"
            f"### Earlier role, 2018 - 2022\n\n{bullets(target * 0.25)}\n\n"
            f"## Projects\n\n{bullets(target * 0.15)}\n\n"
            f"## Skills\n\n{rng.choice(lines)}\n\n## Education\n\nBSc, 2014 - 2018\n")
    return text
def paragraph(i):
    target, parts = rng.randint(150, 250), []
    while words_of(parts) < target:
        parts.append(rng.choice(lines).rstrip(".") + ".")
    return " ".join(parts)
for name, count, make in (("resumes", n, resume), ("pool", pool, resume)):
    os.makedirs(f"{work}/{name}")
    with open(f"{work}/{name}.jsonl", "w") as jsonl:
        for i in range(count):
            text = make(i)
            open(f"{work}/{name}/resume-{i:05}.md", "w").write(text)
            jsonl.write(json.dumps({"id": f"resume-{i:05}.md", "text": text}) + "\n")
with open(f"{work}/paragraphs.jsonl", "w") as jsonl:
    for i in range(n):
        jsonl.write(json.dumps({"id": f"paragraph-{i:05}", "text": paragraph(i)}) + "\n")
PY

export RAYON_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS THREADS ROLEMATCH_MODEL_DIR=$MODEL_DIR
RM=./target/release/rolematch
PY=("$VENV/bin/python" scripts/bench_jobs_python.py)

# timed NAME CMD...: runs CMD, its output into $WORK/NAME.out, "seconds peak_kb" into NAME.time.
timed() {
    local name=$1
    shift
    /usr/bin/time -f "%e %M" -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || {
        echo "$name failed:" >&2
        cat "$WORK/$name.err" >&2
        exit 1
    }
}

# Each match starts from an empty home (no cached role vectors), as the Python side does.
fresh_home() { rm -rf "$WORK/home" && mkdir -p "$WORK/home" && echo "$WORK/home"; }

echo "running: match (3 jobs), pool build, rank (3 jobs); $THREADS threads" >&2
timed rm_queries $RM -q --home "$(fresh_home)" match --queries "$WORK/resumes.jsonl" --format jsonl -k 3 --min-score 0
timed py_queries "${PY[@]}" match "$MODEL_DIR" catalog/roles.toml "$WORK/resumes.jsonl" "$WORK/py_queries.jsonl" 3
timed rm_folder $RM -q --home "$(fresh_home)" match "$WORK/resumes" --format jsonl -k 3 --min-score 0
timed py_folder "${PY[@]}" match "$MODEL_DIR" catalog/roles.toml "$WORK/resumes" "$WORK/py_folder.jsonl" 3
timed rm_paragraphs $RM -q --home "$(fresh_home)" match --queries "$WORK/paragraphs.jsonl" --format jsonl -k 3 --min-score 0
timed py_paragraphs "${PY[@]}" match "$MODEL_DIR" catalog/roles.toml "$WORK/paragraphs.jsonl" "$WORK/py_paragraphs.jsonl" 3

POOL_HOME=$(fresh_home)
timed rm_build $RM -q --home "$POOL_HOME" pool build --pool bench "$WORK/pool"
timed py_build "${PY[@]}" build "$MODEL_DIR" "$WORK/pool" "$WORK/py_pool"
timed rm_rank_role $RM -q --home "$POOL_HOME" rank --pool bench --role $ROLE --format json -k 10
timed py_rank_role "${PY[@]}" rank "$MODEL_DIR" catalog/roles.toml "$WORK/py_pool" $ROLE "$WORK/py_rank_role.json" 10
timed rm_rank_job $RM -q --home "$POOL_HOME" rank --pool bench --job "$POSTING" --format json -k 10
timed py_rank_job "${PY[@]}" rank "$MODEL_DIR" catalog/roles.toml "$WORK/py_pool" "@$POSTING" "$WORK/py_rank_job.json" 10
timed rm_rank_folder $RM -q --home "$POOL_HOME" rank --pool "$WORK/pool" --job "$POSTING" --format json -k 10
timed py_rank_folder "${PY[@]}" rankdir "$MODEL_DIR" catalog/roles.toml "$WORK/pool" "@$POSTING" "$WORK/py_rank_folder.json" 10

# The checks: each sampled text matched alone (its own process) must give the batch's answer.
echo "checking: sampled texts matched alone against the batch" >&2
mkdir -p "$WORK/alone"
for i in 0 1 $((N / 3)) $((N / 2)) $((N - 1)); do
    sed -n "$((i + 1))p" "$WORK/resumes.jsonl" >"$WORK/alone/q-$i.jsonl"
    sed -n "$((i + 1))p" "$WORK/paragraphs.jsonl" >"$WORK/alone/p-$i.jsonl"
    $RM -q --home "$WORK/home" match --queries "$WORK/alone/q-$i.jsonl" --format jsonl -k 3 --min-score 0 >>"$WORK/alone_queries.jsonl"
    $RM -q --home "$WORK/home" match --queries "$WORK/alone/p-$i.jsonl" --format jsonl -k 3 --min-score 0 >>"$WORK/alone_paragraphs.jsonl"
    $RM -q --home "$WORK/home" match "$WORK/resumes/resume-$(printf %05d "$i").md" --format jsonl -k 3 --min-score 0 >>"$WORK/alone_folder.jsonl"
done

python3 - "$WORK" "$N" "$POOL" "$THREADS" <<'PY'
import json, os, sys
work, n, pool, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
def jsonl(name):
    return [json.loads(l) for l in open(f"{work}/{name}") if l.strip()]
def key(row):
    return os.path.basename(row.get("file") or row.get("id"))
def tops(rows):
    return {key(r): [(m["role_id"], m["score"]) for m in r["matches"]] for r in rows}
failures = []
for kind in ("queries", "folder", "paragraphs"):
    batch, alone = tops(jsonl(f"rm_{kind}.out")), tops(jsonl(f"alone_{kind}.jsonl"))
    if len(batch) != n:
        failures.append(f"match {kind}: {len(batch)} answers for {n} texts")
    for name, answer in alone.items():
        got = batch.get(name)
        if got is None or [r for r, _ in got] != [r for r, _ in answer] or any(
                abs(a - b) > 1e-5 for (_, a), (_, b) in zip(got, answer)):
            failures.append(f"match {kind}: {name} batched {got} alone {answer}")
def ranking(name):
    return [(os.path.basename(c["file"] or c["candidate_id"]), c["score"]) for c in json.load(open(f"{work}/{name}"))["candidates"]]
stored, folder = ranking("rm_rank_job.out"), ranking("rm_rank_folder.out")
if [c for c, _ in stored] != [c for c, _ in folder] or any(abs(a - b) > 1e-5 for (_, a), (_, b) in zip(stored, folder)):
    failures.append(f"rank: stored pool {stored} against the folder {folder}")
if len(stored) != 10:
    failures.append(f"rank: {len(stored)} candidates, wanted 10")
if failures:
    sys.exit("check failed:\n  " + "\n  ".join(failures))

def row(job, ours, theirs, agree=""):
    (rs, rkb), (ps, pkb) = [open(f"{work}/{x}.time").read().split() for x in (ours, theirs)]
    rs, ps = float(rs), float(ps)
    print(f"| {job} | {rs:.2f} | {ps:.2f} | {ps / rs:.2f}× | {int(rkb) / 1024:.0f} | {int(pkb) / 1024:.0f} | {agree} |")
def agreement(ours, theirs):
    a, b = tops(jsonl(f"{ours}.out")), tops(jsonl(theirs))
    same = sum(1 for k in a if k in b and a[k][0][0] == b[k][0][0])
    return f"best role {same / len(a):.0%}"
def overlap(ours, theirs):
    a = {c for c, _ in ranking(f"{ours}.out")}
    b = {c["candidate_id"] for c in json.load(open(f"{work}/{theirs}"))["candidates"]}
    return f"top 10 shared {len(a & b)}"
print(f"{n} texts, pool of {pool}, {threads} threads, CPU; checks passed (batched = alone, stored pool = folder)")
print()
print("| job | rolematch s | Python s | ratio | rolematch MB | Python MB | agreement |")
print("|---|---:|---:|---:|---:|---:|---|")
row(f"match {n} resumes, --queries", "rm_queries", "py_queries", agreement("rm_queries", "py_queries.jsonl"))
row(f"match {n} resume files, folder", "rm_folder", "py_folder", agreement("rm_folder", "py_folder.jsonl"))
row(f"match {n} one-paragraph texts, --queries", "rm_paragraphs", "py_paragraphs", agreement("rm_paragraphs", "py_paragraphs.jsonl"))
row(f"pool build, {pool} resumes", "rm_build", "py_build")
row(f"rank the pool for a role", "rm_rank_role", "py_rank_role", overlap("rm_rank_role", "py_rank_role.json"))
row(f"rank the pool for a posting", "rm_rank_job", "py_rank_job", overlap("rm_rank_job", "py_rank_job.json"))
row(f"rank a folder of {pool} for a posting, no pool", "rm_rank_folder", "py_rank_folder", overlap("rm_rank_folder", "py_rank_folder.json"))
PY
