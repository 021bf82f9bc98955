#!/usr/bin/env bash
# The pool stores side by side at scale (benches/stores.rs): N synthetic candidates written
# to a pool on disk and to a pool in a throwaway PostgreSQL with pgvector, then ranked exactly
# and through HNSW on each. Prints one JSON line per store and search.
#
#   scripts/bench_stores.sh                      # N=100000 QUERIES=200
#   N=10000 QUERIES=100 scripts/bench_stores.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# The repository is the scripts' home: its models/ is where the tests fetched the model.
export ROLEMATCH_HOME="${ROLEMATCH_HOME:-$ROOT}"
cd "$ROOT"
PG_ROOT=$(mktemp -d /tmp/rolematch-pg-bench.XXXXXX)
chmod 755 "$PG_ROOT"
trap 'bash scripts/postgres_throwaway.sh stop "$PG_ROOT/server"; rm -rf "$PG_ROOT"' EXIT
URL=$(bash scripts/postgres_throwaway.sh start "$PG_ROOT/server")
ROLEMATCH_BENCH_STORE=$URL ROLEMATCH_BENCH_N=${N:-100000} ROLEMATCH_BENCH_QUERIES=${QUERIES:-200} \
    cargo bench -q --bench stores
