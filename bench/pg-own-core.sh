#!/bin/sh
# The load and rush benchmarks with PostgreSQL on a core of its own: the app's share of the time.
#
#   bench/pg-own-core.sh [load|rush] [benchmark options …]
#
# A second PostgreSQL cluster (bench/out/pg-own-core, port 5433, trust auth) is started pinned
# to the machine's last core with taskset; the city data set is copied into it from the usual
# cluster on 5432 (pg_dump | pg_restore, once a data set); the benchmark itself — duban serve,
# locust or the rush's threads — runs pinned to the other cores. On a 2-core machine that is
# one core each: the figures then say what the app does with one core while the database
# never competes with it. The cluster is stopped on exit.
set -eu
cd "$(dirname "$0")/.."
bench=${1:-load}
[ $# -gt 0 ] && shift
case "$bench" in load|rush) ;; *) echo "usage: $0 [load|rush] [options]" >&2; exit 2 ;; esac

cores=$(nproc)
[ "$cores" -ge 2 ] || { echo "需要至少 2 个 CPU 核" >&2; exit 1; }
db_core=$((cores - 1))
app_cores="0-$((db_core - 1))"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir="$PWD/bench/out/pg-own-core"
port=5433
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

./scripts/ensure-postgres.sh  # the usual cluster holds the data set to copy
if [ ! -f "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  as_postgres "$bin/initdb" -D "$dir" -U postgres -A trust >/dev/null
fi
as_postgres taskset -c "$db_core" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
  -o "-p $port -k /tmp -c listen_addresses=127.0.0.1" start
trap 'as_postgres "$bin/pg_ctl" -D "$dir" -m fast -w stop' EXIT

# The city data set, generated on the usual cluster by the benchmarks themselves.
.venv/bin/python -c "import sys; sys.path.insert(0, 'bench')
from common import Dataset, ensure_dataset
ensure_dataset(Dataset('city', 'postgres'))"
source=postgresql://postgres@127.0.0.1:5432/duban_bench_city
target=postgresql://postgres@127.0.0.1:$port
marker="$dir/copied-$(date +%Y-%m)"
if [ ! -f "$marker" ]; then
  psql "$target/postgres" -q -c 'DROP DATABASE IF EXISTS duban_bench_city'
  psql "$target/postgres" -q -c 'CREATE DATABASE duban_bench_city'
  pg_dump -Fc "$source" | pg_restore -d "$target/duban_bench_city" --no-owner
  touch "$marker"
fi

echo "PostgreSQL on core $db_core (port $port); the benchmark on cores $app_cores"
BENCH_PG_ADMIN="$target/postgres" taskset -c "$app_cores" .venv/bin/python "bench/$bench.py" --db postgres "$@"
