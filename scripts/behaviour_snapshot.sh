#!/usr/bin/env bash
# Writes what rolematch prints for the project's fixtures into one folder, so that a refactor
# can be checked byte for byte: run it before and after, then `diff -r BEFORE AFTER`.
#
#   scripts/behaviour_snapshot.sh OUT_DIR        (ROLEMATCH_BIN picks the binary; default
#                                                 target/debug/rolematch)
#
# A blind pool's pseudonyms come from a random key, so they are masked too.
# Covers `match` (table, json, html), `read`, `skills`, `rank` from a folder and from pools
# on disk (table, json, csv; a role and a posting; blind), `pool list`, `forget`, the audit
# log (`audit show --format json` with times and hashes masked) and the HTTP API (match and
# rank through a live server) and `eval` (labels, jobs, blind pairs). Versions, times and hashes that change from run to run are
# masked; nothing else is.
set -euo pipefail

out=${1:?usage: scripts/behaviour_snapshot.sh OUT_DIR}
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${ROLEMATCH_BIN:-$repo/target/debug/rolematch}
mkdir -p "$out"
out=$(cd "$out" && pwd)

home=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$home"' EXIT
ln -s "$repo/models" "$home/models"
export ROLEMATCH_HOME=$home ROLEMATCH_OFFLINE=1

mask() {
    sed -E \
        -e 's/"(rolematch_version|generated_at|ran_at|at|time|timestamp|created_at|hash|prev_hash|record_hash|seal|signature)": "[^"]*"/"\1": "…"/g' \
        -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/TIME/g' \
        -e 's/candidate-[0-9a-f]{16}/candidate-…/g' \
        -e "s#$home#HOME#g" -e "s#$repo#REPO#g"
}
run() { # NAME ARGS... : stdout and the exit code, masked
    local name=$1
    shift
    local rc=0
    "$bin" -q "$@" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
    echo "exit $rc" >>"$out/$name.out"
    mask <"$out/$name.out" >"$out/$name.tmp" && mv "$out/$name.tmp" "$out/$name.out"
    mask <"$out/$name.err" >"$out/$name.tmp" && mv "$out/$name.tmp" "$out/$name.err"
}

fx=$repo/tests/fixtures
rw=$fx/realworld/files
resumes=$home/resumes
mkdir "$resumes"
cp "$fx"/resumes/*.md "$resumes/"
cp "$rw/hackmyresume__resume.md" "$rw/jsonresume-org__senior-engineer.resume.json" \
    "$rw/textkernel-tx-dotnet__resume.docx" "$rw/nnjr__resume.pdf" "$resumes/"

run match-table match "$repo/examples/resume.md"
run match-json match --format json "$resumes"
run match-blind match --format json --blind "$fx/resumes/llm-engineer.md"
run match-html match --format html "$repo/examples/resume.md"
run match-title match --format json "$fx/jobs/agent-engineer.md"
run read-pdf read --format json "$rw/nnjr__resume.pdf"
run skills skills --format json "$fx/resumes/genai-developer.md"
run rank-folder-role rank --role llm-engineer --pool "$resumes" --format json
run rank-folder-job rank --job "$fx/jobs/llmops-reliability.md" --pool "$resumes" --format csv
run build pool build "$resumes" --pool p
run build-blind pool build "$resumes" --pool b --blind
run build-blind-again pool build "$resumes" --pool b
run rank-pool-table rank --job "$fx/jobs/ai-platform-engineer.md" --pool p
run rank-pool-json rank --role ai-engineer --pool p --format json -k 20
run rank-blind rank --role ai-engineer --pool b --format json
run list pool list --pool p
run forget forget llm-engineer.md --pool p
run rank-after-forget rank --role llm-engineer --pool p --format json
run eval-labels eval --labels "$fx/labelled.toml"
run eval-jobs eval --jobs "$fx/jobs.toml" --format json
run eval-blind-pairs eval --blind-pairs "$fx/blind_pairs"
run eval-none eval
run audit audit show --format json
run audit-verify audit verify
# The audit log's hashes are keyed by a secret made for each home, so they differ per run.
for f in "$out"/audit*.out; do
    sed -E 's/[0-9a-f]{64}/HASH/g' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
done

# The HTTP API through a live server on loopback.
port=$((20000 + RANDOM % 20000))
"$bin" -q serve --bind "127.0.0.1:$port" 2>"$out/serve.err" &
server=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.2
done
api() { # NAME CURL-ARGS...
    local name=$1
    shift
    curl -s -H "Host: 127.0.0.1:$port" "$@" | mask >"$out/$name.out"
}
api api-match -F "file=@$fx/resumes/llm-engineer.md" "http://127.0.0.1:$port/api/match"
api api-rank -H 'Content-Type: application/json' \
    -d '{"pool": "p", "role_id": "ai-engineer", "k": 20}' "http://127.0.0.1:$port/api/rank"
api api-rank-job -H 'Content-Type: application/json' \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"pool": "b", "job_text": open(sys.argv[1]).read(), "blind": True}))' "$fx/jobs/agent-engineer.md")" \
    "http://127.0.0.1:$port/api/rank"
api api-pools "http://127.0.0.1:$port/api/pools"
kill "$server"
wait "$server" 2>/dev/null || true
echo "snapshot in $out ($(ls "$out" | wc -l) files)"
