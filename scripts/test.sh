#!/usr/bin/env bash
# Runs every test of LiveChat.Orleans on a fresh machine: installs what the tests need when it
# is missing, builds the solution once, runs all test projects, and prints one closing line
# "N passed, N failed". In CI (CI=true) nothing is skipped for a missing tool: it fails instead.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }

if ! need dotnet; then
  echo "dotnet (the .NET 10 SDK) is required and not on PATH." >&2
  exit 1
fi

# Servers and browsers some suites need: each installer does nothing when its tool is present
# (chromium and redis-server from Debian's packages, Azurite from npm into .tools/, the test OpenID
# provider from npm into tests/OidcProvider/node_modules, the OpenAPI linter Spectral from npm into
# tests/Spectral/node_modules; openapi-typescript and TypeScript, which check the web consoles, into
# tests/WebTypes/node_modules; axe-core, which the browser tests inject to check accessibility, into
# tests/Axe/node_modules).
for installer in scripts/install-*.sh; do
  bash "$installer"
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
configuration="${CONFIGURATION:-Release}"
results="$(mktemp -d)"
log="$results/test.log"

dotnet build LiveChat.Orleans.sln -c "$configuration" -nologo -v q -clp:ErrorsOnly
# Azurite's table and blob servers (node programs, ~2 s of CPU each to start) are started once here,
# before the test processes load the machine, and shared by both Azure test projects through
# LIVECHAT_AZURITE_{TABLE,BLOB}_PORT (each test uses a table or container of its own). Started from
# inside the tests while two test projects and a CPU-heavy neighbour shared the two cores, one missed
# its 30 s readiness wait. Without Azurite installed the fixtures say so (and fail under CI=true).
azurite_pids=()
stop_azurite() { for pid in "${azurite_pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_azurite EXIT
start_azurite() {
  local service=$1 program="$PWD/.tools/azurite/node_modules/.bin/azurite-$1" port folder pid
  [ -x "$program" ] || return 0
  port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})")
  folder=$(mktemp -d)
  (cd "$folder" && exec "$program" "--${service}Host" 127.0.0.1 "--${service}Port" "$port" --inMemoryPersistence \
    --skipApiVersionCheck --loose --silent --disableTelemetry) > "$results/azurite-$service.log" 2>&1 &
  pid=$!
  azurite_pids+=("$pid")
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      export "LIVECHAT_AZURITE_${service^^}_PORT=$port"
      echo "azurite-$service: listening on 127.0.0.1:$port"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "azurite-$service did not start (see $results/azurite-$service.log); its tests start their own." >&2
}
start_azurite table
start_azurite blob
status=0
dotnet test LiveChat.Orleans.sln -c "$configuration" --no-build -nologo \
  --logger "trx" --results-directory "$results" 2>&1 | tee "$log" || status=$?

# The load generator's smoke run: seconds long, fails only if the tool is broken, not if the
# machine is slow. Counted as one more test.
smoke_passed=0
smoke_failed=0
echo "Load tool smoke run (tests/LiveChat.LoadTest --smoke)"
if dotnet "tests/LiveChat.LoadTest/bin/$configuration/net10.0/LiveChat.LoadTest.dll" --smoke --out "$results/bench" > "$results/smoke.log" 2>&1; then
  smoke_passed=1
  echo "Load tool smoke run passed"
else
  smoke_failed=1
  echo "Load tool smoke run FAILED:"
  tail -n 40 "$results/smoke.log"
fi

# The micro-benchmarks' smoke run: every BenchmarkDotNet case once, in process (seconds). Like the
# load tool's, it fails only if a benchmark is broken. Counted as one more test.
echo "Micro-benchmark smoke run (tests/LiveChat.Benchmarks --smoke)"
if dotnet "tests/LiveChat.Benchmarks/bin/$configuration/net10.0/LiveChat.Benchmarks.dll" --smoke > "$results/benchmarks-smoke.log" 2>&1; then
  smoke_passed=$(( smoke_passed + 1 ))
  echo "Micro-benchmark smoke run passed"
else
  smoke_failed=$(( smoke_failed + 1 ))
  echo "Micro-benchmark smoke run FAILED:"
  tail -n 40 "$results/benchmarks-smoke.log"
fi

# Sum the per-project summaries dotnet test prints ("Passed!  - Failed: 0, Passed: 98, ...").
sum() { { grep -E '^(Passed|Failed)! ' "$log" || true; } | { grep -oE "$1: +[0-9]+" || true; } | awk '{ s += $2 } END { print s + 0 }'; }
passed=$(( $(sum Passed) + smoke_passed ))
failed=$(( $(sum Failed) + smoke_failed ))
projects=$(grep -cE '^(Passed|Failed)! ' "$log" || true)
echo
echo "Test projects run: $projects (trx results: $results)"
echo "Total: ${passed:-0} passed, ${failed:-0} failed"
if [ "$status" -ne 0 ] || [ "${failed:-0}" -ne 0 ] || [ "${passed:-0}" -eq 0 ]; then
  exit 1
fi
