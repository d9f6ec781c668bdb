#!/usr/bin/env bash
# Refreshes src/Clients/openapi/v1.json, the committed OpenAPI document the clients are generated
# from, with what the gateway serves now (CommittedOpenApiDocumentTests writes it when
# LIVECHAT_UPDATE_OPENAPI=1), then regenerates the web consoles' types. Commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/LiveChat.Gateway.Tests -c Release -nologo -v q -clp:ErrorsOnly
LIVECHAT_UPDATE_OPENAPI=1 dotnet test tests/LiveChat.Gateway.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~CommittedOpenApiDocumentTests"
if [ -x tests/WebTypes/node_modules/.bin/openapi-typescript ]; then (cd tests/WebTypes && npm run -s generate); fi
git status --short src/Clients/openapi/v1.json
