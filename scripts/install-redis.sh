#!/usr/bin/env bash
# Installs redis-server with apt-get, only when it is not on PATH already.
# The storage contract tests start their own redis-server on a free loopback port.
# Idempotent: a second run with redis-server present does nothing.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
  echo "redis: $(redis-server --version | head -n 1) already installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "redis: redis-server is missing and apt-get is not available; install it by hand." >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The package may start a system service on the default port; the tests never use it.
command -v redis-server >/dev/null 2>&1 || { echo "redis: apt-get finished but redis-server is not on PATH." >&2; exit 1; }
echo "redis: installed $(redis-server --version | head -n 1)"
