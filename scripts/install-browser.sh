#!/usr/bin/env bash
# Installs what the browser tests (tests/LiveChat.Web.Tests) need: Debian's chromium at
# /usr/bin/chromium, driven by Microsoft.Playwright (no Playwright browser download).
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "install-browser: installing Debian's chromium (missing /usr/bin/chromium)"
# Two tries: another apt-get on the same machine can make the first one fail half-way.
for attempt in 1 2; do
  if $sudo apt-get update -qq && \
     $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; then
    break
  fi
  echo "install-browser: apt-get failed (attempt $attempt)" >&2
  sleep 5
done

if [ ! -x /usr/bin/chromium ]; then
  echo "install-browser: /usr/bin/chromium still missing after apt-get install" >&2
  exit 1
fi
echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium installed)"
