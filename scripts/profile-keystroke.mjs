// Where a keystroke's time goes, in process and over LSP, on the benchmark corpus
// (test/support/corpus.ts). A developer's tool, not a benchmark: bench/ produces the published
// numbers; this one breaks a keystroke down by stage and by rule so a regression can be found.
//
//   node scripts/profile-keystroke.mjs [--out DIR] [--edits N] [--kind DestinationRule|Gateway|VirtualService|...] [--toggle] [--lsp]
//
// Each edit changes one character of one value near the middle of the file. By default every edit
// gives a text not seen before (a new character each time), so the changed document really is
// parsed and validated again; --toggle types and deletes one character alternately, as the
// benchmark does, which lets the chunk cache serve every edit after the first two.
// DIR is the compiled tree (default: out/, from `npm run build`); --lsp also spawns the server
// bundle beside it (dist/server.js) and reads its CPU time from /proc (Linux).
// Stages are measured by wrapping the engine's own functions, so the numbers include a little
// wrapper overhead and nothing else.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const outDir = path.resolve(root, opt('--out', 'out'));
const editCount = Number(opt('--edits', '50'));
const editKind = opt('--kind', 'DestinationRule');
const require = createRequire(import.meta.url);
const load = (p) => require(path.join(outDir, p));

const { generateCorpus } = load('test/support/corpus.js');
const { Workspace } = load('server/src/analysis/workspace.js');
const { DEFAULT_CONFIG } = load('server/src/analysis/config.js');
// Trees from before analysis/reparse.ts split whole files with parse/file.ts.
const reparseMod = (() => { try { return load('server/src/analysis/reparse.js'); } catch { return null; } })();
const fileMod = load('server/src/parse/file.js');
const docMod = load('server/src/parse/document.js');
const indexMod = load('server/src/model/workspace-index.js');
const runnerMod = load('server/src/rules/engine/runner.js');
const placeMod = load('server/src/rules/engine/place.js');
const diagMod = load('server/src/features/diagnostics.js');

// ---- stage accounting ----
const stages = new Map();
const counts = new Map();
function add(stage, ms) { stages.set(stage, (stages.get(stage) ?? 0) + ms); }
function count(stage) { counts.set(stage, (counts.get(stage) ?? 0) + 1); }
function timed(owner, name, stage, counted) {
  const original = owner[name];
  owner[name] = function (...a) {
    const t = performance.now();
    try { return original.apply(this, a); } finally { add(stage, performance.now() - t); if (counted) count(counted); }
  };
}
if (reparseMod) timed(reparseMod, 'reparseFile', 'parse: split + changed chunks');
else timed(fileMod, 'parseFile', 'parse: split + changed chunks');
timed(docMod, 'parseChunk', 'parse: changed chunks only', 'chunks parsed');
timed(indexMod.WorkspaceIndex.prototype, 'setFile', 'index update');
timed(runnerMod.RuleRunner.prototype, 'run', 'rules (check + placement)');
timed(placeMod, 'placeRuleFinding', 'rules: placement of findings', 'findings placed');
timed(Workspace.prototype, 'setFile', 'setFile total');
timed(Workspace.prototype, 'analyze', 'analyze total');

function wrapValidator(ws) {
  const analyzer = ws.analyzer;
  const validator = analyzer.validator;
  const original = validator.validate.bind(validator);
  // The validator is shared by analyzers of one channel; wrap the instance once.
  if (!validator.__profiled) {
    validator.__profiled = true;
    validator.validate = (identity, value) => {
      const t = performance.now();
      try { return original(identity, value); } finally { add('schema validation', performance.now() - t); count('documents validated'); }
    };
  }
}

function reset() { stages.clear(); counts.clear(); }
function snapshot() { return { stages: new Map(stages), counts: new Map(counts) }; }
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const fmt = (ms) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

// ---- the edit ----
const corpus = generateCorpus();
const lines = corpus.text.split('\n');
const middle = Math.floor(lines.length / 2);
/** The line to edit: a scalar value of the chosen kind near the middle of the file. */
function editTarget() {
  const targets = {
    DestinationRule: /^(\s+simple: )ROUND_ROBIN$/,
    Gateway: /^(\s+credentialName: )app-\d+-cert$/,
    VirtualService: /^(\s+timeout: )5s$/,
    ServiceEntry: /^(\s+resolution: )DNS$/,
    PeerAuthentication: /^(\s+mode: )PERMISSIVE$/,
    AuthorizationPolicy: /^(\s+action: )ALLOW$/,
  };
  const re = targets[editKind];
  if (!re) throw new Error(`--kind must be one of ${Object.keys(targets).join(', ')}`);
  let best = -1;
  lines.forEach((l, i) => { if (re.test(l) && (best < 0 || Math.abs(i - middle) < Math.abs(best - middle))) best = i; });
  if (best < 0) throw new Error(`no ${editKind} value to edit`);
  return best;
}
const editLine = editTarget();
/** Edit k: type one character at the end of the value, then delete it again (typo and fix). */
const toggle = args.includes('--toggle');
function editedText(k) {
  const copy = lines.slice();
  if (toggle) { if (k % 2 === 0) copy[editLine] = copy[editLine] + 'X'; }
  else copy[editLine] = copy[editLine].slice(0, -1) + String.fromCharCode(0x41 + (k % 26)) + (k >= 26 ? String.fromCharCode(0x61 + Math.floor(k / 26)) : '');
  return copy.join('\n');
}

// ---- in process ----
const FILE = 'file:///bench/corpus.yaml';
console.log(`corpus: ${(corpus.text.length / 1e6).toFixed(2)} MB, ${corpus.resources} resources; editing ${editKind} at line ${editLine + 1}`);

let t0 = performance.now();
const ws = new Workspace({ config: DEFAULT_CONFIG });
const constructMs = performance.now() - t0;
wrapValidator(ws);
reset();
t0 = performance.now();
ws.setFile(FILE, corpus.text);
const firstSet = performance.now() - t0;
let t1 = performance.now();
let result = ws.analyze();
const firstAnalyze = performance.now() - t1;
let diags = 0;
t1 = performance.now();
for (const [, list] of result.findings) diags += JSON.stringify(list.map(diagMod.toDiagnostic)).length;
const firstSerialise = performance.now() - t1;
const open = snapshot();
const compileStats = ws.analyzer.validator.stats;
console.log(`\nworkspace construction: ${fmt(constructMs)}; schemas compiled on first open: ${compileStats.compiled} in ${fmt(compileStats.compileMs)}`);
console.log(`first open: setFile ${fmt(firstSet)} + analyze ${fmt(firstAnalyze)} + toDiagnostic/JSON ${fmt(firstSerialise)} = ${fmt(firstSet + firstAnalyze + firstSerialise)} (${(diags / 1024).toFixed(0)} KiB of diagnostics)`);
for (const [k, v] of open.stages) console.log(`  ${k.padEnd(40)} ${fmt(v)}`);
for (const [k, v] of open.counts) console.log(`  ${k.padEnd(40)} ${v}`);

// Per-rule timings come from the runner's own `timings`.
const perRule = new Map();
const originalRun = runnerMod.RuleRunner.prototype.run;
runnerMod.RuleRunner.prototype.run = function (...a) {
  const r = originalRun.apply(this, a);
  this.lastTimings = r.timings;
  for (const [name, ms] of r.timings) { const e = perRule.get(name) ?? []; e.push(ms); perRule.set(name, e); }
  return r;
};
// Re-run everything once to record per-rule first-run timings.
{
  const fresh = new Workspace({ config: DEFAULT_CONFIG });
  fresh.setFile(FILE, corpus.text);
  fresh.analyze();
  const first = [...perRule].map(([n, xs]) => [n, xs[0]]).sort((a, b) => b[1] - a[1]);
  console.log(`\nfirst-run rules (fresh workspace, warm code): total ${fmt(first.reduce((s, [, ms]) => s + ms, 0))}; top 5:`);
  for (const [n, ms] of first.slice(0, 5)) console.log(`  ${n.padEnd(48)} ${fmt(ms)}`);
  perRule.clear();
}

const samples = [];
const cpuSamples = [];
const ranCounts = [];
reset();
for (let k = 0; k < editCount; k++) {
  const text = editedText(k);
  const t = performance.now();
  const c = process.cpuUsage();
  ws.setFile(FILE, text);
  result = ws.analyze();
  const list = result.findings.get(FILE) ?? [];
  JSON.stringify(list.map(diagMod.toDiagnostic));
  const used = process.cpuUsage(c);
  samples.push(performance.now() - t);
  cpuSamples.push((used.user + used.system) / 1000);
  ranCounts.push(result.ran.length);
}
const edits = snapshot();
console.log(`\n${editCount} keystrokes in process: p50 ${fmt(pct(samples, 50))}, p95 ${fmt(pct(samples, 95))}, max ${fmt(Math.max(...samples))}; rules re-run per edit: ${pct(ranCounts, 50)}`);
// CPU time (all threads, GC included) is steadier than wall time on a shared machine.
console.log(`  CPU time per keystroke: p50 ${fmt(pct(cpuSamples, 50))}, p95 ${fmt(pct(cpuSamples, 95))}`);
console.log('  per keystroke (mean):');
for (const [k, v] of edits.stages) console.log(`  ${k.padEnd(40)} ${fmt(v / editCount)}`);
for (const [k, v] of edits.counts) console.log(`  ${k.padEnd(40)} ${(v / editCount).toFixed(1)}`);
const ruleMeans = [...perRule].map(([n, xs]) => [n, xs.reduce((s, x) => s + x, 0) / editCount, xs.length]).sort((a, b) => b[1] - a[1]);
console.log(`  rules re-run: ${ruleMeans.length}; top 5 by mean per keystroke:`);
for (const [n, ms, c] of ruleMeans.slice(0, 5)) console.log(`  ${n.padEnd(48)} ${fmt(ms)} (ran ${c}×)`);

// ---- over LSP ----
if (args.includes('--lsp')) {
  const { startServer } = load('test/support/lspClient.js');
  const { readFileSync } = await import('node:fs');
  // The server's CPU time (user + system, all threads) from /proc: steadier than wall time when
  // other work shares the machine. Null off Linux.
  const cpuOf = (pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ = 100) -> ms
    } catch { return null; }
  };
  const t = performance.now();
  const server = await startServer();
  const startMs = performance.now() - t;
  const uri = 'file:///tmp/profile-corpus.yaml';
  const pid = server.process.pid;
  const startCpu = cpuOf(pid);
  let to = performance.now();
  server.open(uri, corpus.text, 1);
  await server.diagnostics(uri, 1, 120_000);
  const openMs = performance.now() - to;
  const openCpu = cpuOf(pid) - startCpu;
  const lsp = [];
  const editCpuStart = cpuOf(pid);
  const end = lines[editLine].length;
  for (let k = 0; k < editCount; k++) {
    const version = k + 2;
    const typing = k % 2 === 0;
    const change = typing
      ? { range: { start: { line: editLine, character: end }, end: { line: editLine, character: end } }, text: 'X' }
      : { range: { start: { line: editLine, character: end }, end: { line: editLine, character: end + 1 } }, text: '' };
    const ts = performance.now();
    server.change(uri, version, [change]);
    await server.diagnostics(uri, version, 60_000);
    lsp.push(performance.now() - ts);
  }
  const editCpu = (cpuOf(pid) - editCpuStart) / editCount;
  await server.stop();
  console.log(`\nover LSP (dist/server.js): start → initialize ${fmt(startMs)} (server CPU ${fmt(startCpu)}); didOpen → diagnostics ${fmt(openMs)} (server CPU ${fmt(openCpu)})`);
  console.log(`  keystroke → diagnostics p50 ${fmt(pct(lsp, 50))}, p95 ${fmt(pct(lsp, 95))}, max ${fmt(Math.max(...lsp))}; server CPU per keystroke (mean) ${fmt(editCpu)}`);
}
