#!/usr/bin/env bash
# Installs openapi-typescript and TypeScript (npm, pinned by tests/WebTypes/package-lock.json) into
# tests/WebTypes/node_modules when missing, then generates the web consoles' API types
# (src/Gateway/LiveChat.Gateway/ClientApp/types/api.d.ts, not committed) from the committed OpenAPI
# document. LiveChat.Gateway.Tests regenerates them and runs tsc --noEmit over wwwroot/js. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../tests/WebTypes"

if [ ! -x node_modules/.bin/tsc ] || [ ! -x node_modules/.bin/openapi-typescript ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "web types: npm (Node.js) is required to install openapi-typescript and TypeScript." >&2
    exit 1
  fi
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run -s generate >/dev/null
echo "web types: TypeScript $(node_modules/.bin/tsc --version | cut -d' ' -f2), API types generated"
