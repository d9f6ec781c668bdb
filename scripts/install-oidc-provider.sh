#!/usr/bin/env bash
# Installs the test OpenID provider's npm packages (tests/OidcProvider: oidc-provider, pinned by
# its package-lock.json) into tests/OidcProvider/node_modules, only when they are missing.
# The sign-in tests start it under node on a free loopback port. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../tests/OidcProvider"

if [ -d node_modules/oidc-provider ]; then
  echo "oidc-provider: $(node -p 'require("./node_modules/oidc-provider/package.json").version') already installed"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "oidc-provider: npm (Node.js) is required to install the test OpenID provider." >&2
  exit 1
fi

npm ci --no-audit --no-fund --loglevel=error
echo "oidc-provider: installed $(node -p 'require("./node_modules/oidc-provider/package.json").version')"
