#!/usr/bin/env bash
# The HTTP API against its own OpenAPI description: schemathesis (from PyPI, in a throwaway
# virtual environment) sends generated requests, valid and invalid, to a real `rolematch
# serve` on loopback with the real model, on a bounded time budget. It fails on any 5xx, any
# status or content type the description does not list, and any body that does not match it.
#
#   bash .ci/api_contract.sh            # after `cargo build` (uses target/debug/rolematch)
#   MAX_TIME=300 bash .ci/api_contract.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# The repository is the home: its models/ is where the tests fetched the model.
export ROLEMATCH_HOME="${ROLEMATCH_HOME:-$PWD}"

bin=${ROLEMATCH_BIN:-${CARGO_TARGET_DIR:-target}/debug/rolematch}
max_time=${MAX_TIME:-120}
work=$(mktemp -d /tmp/rolematch-contract.XXXXXX)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q 'schemathesis==4.32.5'

# A pool to rank, so that /api/rank and the pool routes have something to answer with.
mkdir -p "$work/index"
"$bin" --offline --no-audit-log pool build tests/fixtures/resumes --pool team \
  --index-dir "$work/index" -q
# With a token, as a team runs it: every /api call must carry it (a missing one is 401).
token=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
printf '%s\n' "$token" > "$work/token"
chmod 600 "$work/token"
"$bin" --offline --no-audit-log serve --bind 127.0.0.1:0 --index-dir "$work/index" \
  --token-file "$work/token" > "$work/serve.out" 2> "$work/serve.err" &
server=$!
for _ in $(seq 1 600); do
  base=$(sed -n 's/^listening on //p' "$work/serve.out")
  if [ -n "$base" ] && curl -sf "$base/health" > /dev/null; then break; fi
  sleep 0.2
done
[ -n "$base" ] || { cat "$work/serve.err"; echo "the server did not start" >&2; exit 2; }

# The checks: no 5xx, every status, content type and body as described, and a missing
# token refused. negative_data_rejection is left out on purpose: a batch upload answers 200
# with a file it could not use listed under `refused` (one bad file never fails a batch),
# which that check reads as "invalid data accepted". The coverage phase is left out because
# schemathesis 4.32 crashes inside it on Python 3.11 (an AST recursion error in hypothesis).
"$work/venv/bin/schemathesis" run "$base/api/openapi.json" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,ignored_auth \
  --phases examples,fuzzing,stateful \
  --max-time "$max_time" --workers 2 --request-timeout 120 \
  --suppress-health-check too_slow,filter_too_much \
  --no-color
