#!/usr/bin/env bash
# Installs everything archscale needs on a fresh Debian machine with Node 20 and npm:
# Debian's chromium (browser tests, PNG export), the headers code-server's native modules need,
# the npm packages, and code-server (a real VS Code workbench, cached in .vscode-test/).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
need=""
for p in chromium libkrb5-dev pkg-config ripgrep build-essential python3; do dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"; done
if [ -n "$need" ]; then
  echo "=== apt-get install$need"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
echo "=== npm ci"
npm ci --no-audit --no-fund
echo "=== code-server"
node scripts/setup-code-server.mjs
