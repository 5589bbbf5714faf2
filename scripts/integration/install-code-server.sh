#!/usr/bin/env bash
# Installs what the real-VS-Code integration tests need into .test-cache/ (not into the project's dependencies):
# Debian's chromium, libkrb5-dev (gssapi for a VS Code native module), ripgrep, and code-server 4.100.3
# (VS Code 1.100.3 on Node 20). code-server's @vscode/ripgrep would download rg; we hand it Debian's rg through
# the cache archive it looks for first. npm 11 blocks dependency install scripts by default; code-server needs its
# postinstall (it installs VS Code's own modules, some native), so this trusted, test-only install allows them. Idempotent: does nothing when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE="$PWD/.test-cache"
CS_DIR="$CACHE/code-server"
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
# the notebook export test validates against the nbformat 4 schema with Debian's nbformat
dpkg -s python3-nbformat >/dev/null 2>&1 || need_apt+=(python3-nbformat)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing with apt: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if [ -x "$CS_DIR/node_modules/.bin/code-server" ] && [ -e "$CS_DIR/node_modules/code-server/lib/vscode/node_modules.asar" ]; then
  exit 0
fi
TMPD=$(node -e "console.log(require('os').tmpdir())")
RG_CACHE="$TMPD/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE"
ARCHIVE="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$ARCHIVE" ]; then
  STAGE=$(mktemp -d)
  cp "$(command -v rg)" "$STAGE/rg"
  tar -C "$STAGE" -czf "$ARCHIVE" rg
  rm -rf "$STAGE"
fi
mkdir -p "$CS_DIR"
cd "$CS_DIR"
[ -f package.json ] || echo '{"name":"dynlens-test-cache","private":true}' > package.json
echo "installing code-server 4.100.3 into $CS_DIR (about a minute)"
npm_config_yes=true npm_config_unsafe_perm=true npm_config_dangerously_allow_all_scripts=true \
  npm install --no-audit --no-fund code-server@4.100.3 >"$CACHE/code-server-install.log" 2>&1 || {
  tail -40 "$CACHE/code-server-install.log"
  exit 1
}
test -x node_modules/.bin/code-server
