#!/usr/bin/env bash
# Installs axe-core (npm, pinned by tests/Axe/package-lock.json) into tests/Axe/node_modules, only
# when it is missing. LiveChat.Web.Tests (AxeTests) injects node_modules/axe-core/axe.min.js into
# each web page and checks the WCAG 2.1 A and AA rules. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../tests/Axe"

if [ -f node_modules/axe-core/axe.min.js ]; then
  echo "axe-core: $(node -p "require('./node_modules/axe-core/package.json').version") already installed"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "axe-core: npm (Node.js) is required to install the accessibility engine." >&2
  exit 1
fi

npm ci --no-audit --no-fund --loglevel=error
echo "axe-core: installed $(node -p "require('./node_modules/axe-core/package.json').version")"
