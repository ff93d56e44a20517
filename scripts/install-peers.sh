#!/usr/bin/env bash
# Installs the Node test peers pinned in tests/peers/package-lock.json (oidc-provider, the MCP SDK,
# server-everything, the conformance suite, Node 22) with `npm ci`. Idempotent: skipped when
# node_modules already matches the lockfile.
set -euo pipefail
peers="$(cd "$(dirname "$0")/../tests/peers" && pwd)"
stamp="$peers/node_modules/.portico-lock.sha256"
wanted=$(sha256sum "$peers/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && [ -x "$peers/node_modules/.bin/node" ]; then
  echo "install-peers: node_modules matches package-lock.json"
  exit 0
fi
echo "install-peers: npm ci in tests/peers"
(cd "$peers" && npm ci --no-audit --no-fund --loglevel=error)
echo "$wanted" > "$stamp"
echo "install-peers: $("$peers/node_modules/.bin/node" --version) with $(cd "$peers" && find node_modules -maxdepth 2 -name package.json | wc -l) packages"
