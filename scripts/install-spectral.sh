#!/usr/bin/env bash
# Installs Spectral (npm @stoplight/spectral-cli, pinned by tests/Spectral/package-lock.json) into
# tests/Spectral/node_modules, only when it is missing. LiveChat.Gateway.Tests runs it with the
# spectral:oas ruleset over the gateway's served OpenAPI document. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../tests/Spectral"

if [ -x node_modules/.bin/spectral ]; then
  echo "spectral: $(node_modules/.bin/spectral --version) already installed"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "spectral: npm (Node.js) is required to install the OpenAPI linter." >&2
  exit 1
fi

npm ci --no-audit --no-fund --loglevel=error
echo "spectral: installed $(node_modules/.bin/spectral --version)"
