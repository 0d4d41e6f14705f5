#!/bin/sh
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 (trust auth, as on the dev
# machines): start the local cluster if it is stopped, install it if it is missing.
set -eu
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
ready && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "安装 PostgreSQL"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql
fi
version=$(ls /etc/postgresql | sort -n | tail -n 1)
$sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in 1 2 3 4 5 6 7 8 9 10; do ready && break; sleep 1; done
ready || { echo "PostgreSQL 未能在 127.0.0.1:5432 启动" >&2; exit 1; }
# Trust auth for local TCP connections, as the test DATABASE_URL has no password.
psql -h 127.0.0.1 -U postgres -c "select 1" >/dev/null 2>&1 || {
  echo "PostgreSQL 已启动，但 postgres 用户无法无密码连接；请设置 TEST_DATABASE_URL" >&2; exit 1; }
