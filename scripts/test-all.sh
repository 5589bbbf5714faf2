#!/usr/bin/env bash
# Every test of DynLens, on a clean clone: installs what is missing (node_modules, Debian's chromium, the code-server
# test cache), builds, type-checks, lints (eslint, prettier --check, knip), then runs unit tests (vitest), browser
# tests of the webviews (Playwright Test on Chromium), integration tests inside a real VS Code extension host
# (code-server), and batch/sweep array jobs on a real one-node Slurm cluster (started and stopped by the stage).
# Ends with one "N passed, M failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
# Playwright drives Debian's /usr/bin/chromium (test/browser/playwright.config.mjs): never download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
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

# ESLint (typed rules), Prettier's format check and knip (unused files, exports, dependencies): one check in the count.
echo "== lint (eslint, prettier --check, knip)"
if npm run --silent lint; then total_pass=$((total_pass + 1)); else status=1; total_fail=$((total_fail + 1)); fi

echo "== unit tests (vitest)"
if npx vitest run --config vitest.config.mts --reporter=default --reporter=json --outputFile=test-artifacts/unit.json; then :; else status=1; fi
read -r up uf < <(node -e "const r=require('./test-artifacts/unit.json');console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTests||0))")
total_pass=$((total_pass + up)); total_fail=$((total_fail + uf))

echo "== browser tests (Playwright Test, Debian's Chromium)"
out=$(mktemp)
if npx playwright test -c test/browser/playwright.config.mjs | tee "$out"; then :; else status=1; fi
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

echo "== Slurm (a real one-node cluster on this machine: scripts/slurm/cluster.sh)"
if node test/slurm/run.mjs | tee "$out"; then :; else status=1; fi
read -r sp sf < <(sed -n 's/^slurm: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' "$out" | tail -1)
total_pass=$((total_pass + ${sp:-0})); total_fail=$((total_fail + ${sf:-1}))

echo "all: ${total_pass} passed, ${total_fail} failed"
exit $status
