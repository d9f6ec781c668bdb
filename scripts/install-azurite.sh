#!/usr/bin/env bash
# Installs Azurite (the Azure Storage emulator) into .tools/azurite with npm, only when missing.
# The storage contract tests start .tools/azurite/node_modules/.bin/azurite-table and azurite-blob.
# Idempotent: a second run with Azurite present does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${AZURITE_VERSION:-3.37.0}"
prefix=".tools/azurite"
bin="$prefix/node_modules/.bin"

if [ -x "$bin/azurite-table" ] && [ -x "$bin/azurite-blob" ]; then
  echo "azurite: already installed in $prefix"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "azurite: npm is required (install Node.js, e.g. apt-get install -y nodejs npm)." >&2
  exit 1
fi

mkdir -p "$prefix"
# --prefix keeps it out of any global or project node_modules; no package.json of ours is touched.
npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "azurite@$version"

if [ ! -x "$bin/azurite-table" ] || [ ! -x "$bin/azurite-blob" ]; then
  echo "azurite: npm finished but $bin/azurite-table or azurite-blob is missing." >&2
  exit 1
fi
echo "azurite: installed $version in $prefix"
