#!/usr/bin/env bash
# Makes the README's example bias audit from synthetic data: the repository's 32 fixture
# resumes ranked for one role, with invented self-identification assigned by a fixed seed.
# Writes docs/fairness/{ranking.json,demographics.csv,report.html,report.txt}.
#   scripts/fairness_example.sh [path/to/rolematch]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(realpath "${1:-$ROOT/target/release/rolematch}")
OUT="$ROOT/docs/fairness"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/pool" "$OUT"
cp "$ROOT"/tests/fixtures/resumes/* "$ROOT"/tests/fixtures/labelled/* "$WORK/pool/"
cd "$WORK"
ROLEMATCH_HOME="$ROOT" ROLEMATCH_NO_AUDIT_LOG=1 "$BIN" --quiet rank --pool pool/ --role llm-engineer \
    -k 1000 --min-score 0 --format json > "$OUT/ranking.json"
python3 - "$OUT/ranking.json" "$OUT/demographics.csv" <<'PY'
import csv, json, random, sys
ranking = json.load(open(sys.argv[1]))
rng = random.Random(144)
sexes = ["Female", "Male", "Female", "Male", ""]
races = ["Asian", "Black", "Hispanic or Latino", "White", "White", "Two or more races", ""]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["candidate_id", "sex", "race_ethnicity"])
    for c in sorted(ranking["candidates"], key=lambda c: c["candidate_id"]):
        w.writerow([c["candidate_id"], rng.choice(sexes), rng.choice(races)])
PY
cd "$OUT"
set +e
"$BIN" audit bias --results ranking.json --demographics demographics.csv --selected-top 8 --format html --out report.html
"$BIN" audit bias --results ranking.json --demographics demographics.csv --selected-top 8 > report.txt
echo "exit $? (1: some impact ratio under 0.8)"
