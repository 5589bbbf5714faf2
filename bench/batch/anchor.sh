#!/usr/bin/env bash
# Builds the anchor of bench/batch/compare.mjs: the CLI at commit COMMIT (default: the parent of this session's batch
# work, 039cbbf) into DIR (default /tmp/dynlens-anchor), sharing this checkout's node_modules.
# Usage: bash bench/batch/anchor.sh [COMMIT] [DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
COMMIT="${1:-039cbbf}"
DIR="${2:-/tmp/dynlens-anchor}"
rm -rf "$DIR" && mkdir -p "$DIR"
git -C "$ROOT" archive "$COMMIT" | tar -x -C "$DIR"
ln -s "$ROOT/node_modules" "$DIR/node_modules"
(cd "$DIR" && npm run --silent build)
echo "$DIR"
