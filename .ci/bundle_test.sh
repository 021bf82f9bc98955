#!/usr/bin/env bash
# The air-gapped bundle, as the far side would use it: built from a release binary, unpacked
# into an empty folder, its sums checked, then `model verify` and `match` run inside a network
# namespace with no network (unshare -n, so root), HOME an empty folder, no python on PATH,
# and the log at debug level must show no network attempt.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# The repository is the home here: its models/ is where the tests fetched the model.
export ROLEMATCH_HOME="${ROLEMATCH_HOME:-$ROOT}"
scripts/bundle_inputs.sh >/dev/null
cargo build --release --locked --quiet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
target/release/rolematch --offline bundle --out "$WORK/rolematch.tar.gz"

mkdir "$WORK/far" "$WORK/home" "$WORK/bin"
tar -xzf "$WORK/rolematch.tar.gz" -C "$WORK/far"
cd "$WORK/far"/rolematch-*
sha256sum --quiet -c SHA256SUMS
cp "$ROOT/examples/resume.md" "$WORK/resume.md"

# Inside: nothing but the bundle. PATH holds an empty folder, so no python (nor anything
# else) can be found; `env -i` drops every other variable.
far() {
    /usr/bin/unshare -n /usr/bin/env -i PATH="$WORK/bin" HOME="$WORK/home" \
        ROLEMATCH_LOG=rolematch=debug ./rolematch --home "$WORK/home" "$@"
}
if far model verify >"$WORK/verify.out" 2>"$WORK/verify.err" \
    && far match "$WORK/resume.md" --format json >"$WORK/match.json" 2>"$WORK/match.err"; then
    :
else
    echo "bundle: a command failed on the far side" >&2
    cat "$WORK"/*.err >&2
    exit 1
fi
if grep -i "network" "$WORK/verify.err" "$WORK/match.err"; then
    echo "bundle: a network attempt was logged" >&2
    exit 1
fi
grep -q "^ok .*$PWD/models/" "$WORK/verify.out"   # the copy beside the executable
python3 - "$WORK/match.json" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
top = run["results"][0]["matches"][0]["role_id"]
assert top, run
print(f"bundle: far side verified the model and matched the example resume (top role: {top})")
PY
