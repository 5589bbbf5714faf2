#!/usr/bin/env bash
# Every test of DynLens, on a clean clone: installs what is missing (node_modules, Debian's chromium, the code-server
# test cache), builds, type-checks, then runs unit tests (vitest), browser tests of the webviews (Chromium) and
# integration tests inside a real VS Code extension host (code-server). Ends with one "N passed, M failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/integration/install-code-server.sh
npm run --silent build
npm run --silent typecheck
node scripts/build-wasm.mjs --check  # the committed SIMD kernels are what wasm/linalg.ts compiles to
mkdir -p test-artifacts
total_pass=0
total_fail=0
status=0

echo "== unit tests (vitest)"
if npx vitest run --config vitest.config.mts --reporter=default --reporter=json --outputFile=test-artifacts/unit.json; then :; else status=1; fi
read -r up uf < <(node -e "const r=require('./test-artifacts/unit.json');console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTests||0))")
total_pass=$((total_pass + up)); total_fail=$((total_fail + uf))

echo "== browser tests (Chromium)"
out=$(mktemp)
if node test/browser/run.mjs | tee "$out"; then :; else status=1; fi
read -r bp bf < <(sed -n 's/^browser: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' "$out" | tail -1)
total_pass=$((total_pass + ${bp:-0})); total_fail=$((total_fail + ${bf:-1}))

echo "== hostile inputs (the built CLI on zip bombs, wide tables, absurd parameters, overflow, unwritable outputs)"
if node test/hostile/run.mjs | tee "$out"; then :; else status=1; fi
read -r hp hf < <(sed -n 's/^hostile: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' "$out" | tail -1)
total_pass=$((total_pass + ${hp:-0})); total_fail=$((total_fail + ${hf:-1}))

echo "== integration tests (real VS Code: code-server)"
if node test/integration/run.mjs | tee "$out"; then :; else status=1; fi
read -r ip if_ < <(sed -n 's/^integration: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' "$out" | tail -1)
total_pass=$((total_pass + ${ip:-0})); total_fail=$((total_fail + ${if_:-1}))

echo "all: ${total_pass} passed, ${total_fail} failed"
exit $status
