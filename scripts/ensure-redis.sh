#!/bin/sh
# Make sure a Redis server answers on 127.0.0.1:6379 (the shared cache and job queue that
# several instances use, tested in tests/web/test_redis.py): start one if none runs,
# install it if it is missing.
set -eu
ready() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
ready && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v redis-server >/dev/null 2>&1; then
  echo "安装 Redis"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server
fi
redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no >/dev/null
for _ in 1 2 3 4 5 6 7 8 9 10; do ready && break; sleep 1; done
ready || { echo "Redis 未能在 127.0.0.1:6379 启动" >&2; exit 1; }
