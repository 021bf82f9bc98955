#!/usr/bin/env bash
# A newcomer's first run, as the README tells it: `cargo install` into an empty prefix, then
# the README's commands from an empty folder with an empty HOME (the model placed once in
# the user's data folder, as `rolematch model fetch` would). Fails if any command fails or if
# anything is written into the folder the commands run in.
#
#   bash .ci/newcomer.sh        # reuses target/ (release profile) when it is built
#   NEWCOMER_INSTALL_FLAGS=--debug bash .ci/newcomer.sh   # quicker, from a debug build
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/rolematch-newcomer.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}" \
    cargo install --locked --quiet ${NEWCOMER_INSTALL_FLAGS:-} --path "$ROOT" --root "$WORK/prefix"

mkdir -p "$WORK/home" "$WORK/empty"
data="$WORK/home/.local/share/rolematch"
mkdir -p "$data/models"
cp -r "$ROOT/models/all-minilm-l6-v2" "$data/models/"
cp -r "$ROOT/examples" "$ROOT/tests/fixtures/resumes" "$WORK/"

run() {
    echo "\$ rolematch $*"
    (cd "$WORK/empty" && env -u ROLEMATCH_HOME -u XDG_DATA_HOME HOME="$WORK/home" \
        PATH="$WORK/prefix/bin:$PATH" ROLEMATCH_OFFLINE=1 rolematch -q "$@") > "$WORK/out" \
        || { code=$?; [ "$code" = 1 ] || { cat "$WORK/out"; echo "exit $code" >&2; exit 1; }; }
    head -n 3 "$WORK/out"
}

run match "$WORK/examples/resume.md"
run roles
run skills "$WORK/examples/resume.md"
run read "$WORK/examples/resume.md"
run pool build "$WORK/resumes" --pool team
run rank --role llm-engineer --pool team -k 3
run pool list --pool team
run forget llm-engineer.md --pool team
run audit verify
run model list

left=$(ls -A "$WORK/empty")
if [ -n "$left" ]; then
    echo "written into the folder the commands ran in: $left" >&2
    exit 1
fi
[ -d "$data/index/pools/team" ] && [ -f "$data/audit/log.jsonl" ] || {
    echo "the pool or the audit log is not in the user's data folder" >&2
    exit 1
}
echo "newcomer run: every command worked from an empty folder; nothing written there"
