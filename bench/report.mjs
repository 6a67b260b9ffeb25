// Turns one run's results into the files people read: bench/results/latest.json (everything),
// bench/results/latest.md (the short table), and the README's section between the bench markers.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

function duration(v) {
  if (v === null || v === undefined) return '—';
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`;
  if (v >= 100) return `${Math.round(v)} ms`;
  return `${v.toFixed(1)} ms`;
}

const times = (v, word) => (v === null || v === undefined ? '—' : `${v}× ${word}`);
const verdict = (t) => (t === undefined ? '' : t.met === null ? 'not judged' : t.met ? 'met' : '**not met**');

function pendingCell(p) {
  return p?.status === 'not measured yet' ? `not measured yet: ${p.reason}` : '—';
}

/** The results table as Markdown. */
export function table(r) {
  const o = r.servers.ours ?? {};
  const y = r.servers.yamlLanguageServer ?? {};
  const q = r.ratios;
  const t = Object.fromEntries(r.targets.map((x) => [x.id, x]));
  const rows = [
    ['metric', 'Mesh Lifecycle', 'yaml-language-server', 'ratio', 'target', 'met'],
    ['server start (spawn → initialize result)', duration(o.startMs), duration(y.startMs), times(q.startSpeedup, 'faster'), t.start.target, verdict(t.start)],
    ['(a) didOpen → complete diagnostics', duration(o.open?.completeMs), duration(y.open?.completeMs), times(q.openSpeedup, 'faster'), t['a-vs-baseline'].target, verdict(t['a-vs-baseline'])],
    ['(a) ours ÷ js-yaml floor', duration(o.open?.completeMs), '', times(q.openOverJsYamlFloor, 'the floor'), t['a-vs-floor'].target, verdict(t['a-vs-floor'])],
    [`(b) keystroke → diagnostics, p50 of ${r.settings.edits}`, duration(o.edits?.p50), duration(y.edits?.p50), times(q.editP50Speedup, 'faster'), '≥ 50× faster', verdict(t['b-vs-baseline'])],
    [`(b) keystroke → diagnostics, p95 of ${r.settings.edits}`, duration(o.edits?.p95), duration(y.edits?.p95), times(q.editP95Speedup, 'faster'), '≥ 50× faster; ≤ 30 ms', `${verdict(t['b-vs-baseline'])}; ${verdict(t['b-p95'])}`],
    ['(c) peak RSS (VmHWM)', mib(o.memory?.peakMiB), mib(y.memory?.peakMiB), q.peakRssShare === null ? '—' : `${q.peakRssShare}× the baseline`, t['c-rss'].target, verdict(t['c-rss'])],
    [`(d) completion, p95 of ${r.settings.completionSamples}`, completionCell(o.completion), completionCell(y.completion), times(q.completionP95Speedup, 'faster'), '—', ''],
    [`(e) CLI lint, ${r.cli?.files?.toLocaleString('en-US') ?? '5,000'} files (median of ${r.cli?.runs ?? '?'})`, duration(r.cli?.medianMs), 'no CLI', '', t['e-cli'].target, verdict(t['e-cli'])],
    [`(f) floor: js-yaml ${r.floor?.jsYaml?.version ?? ''} loadAll (median)`, duration(r.floor?.jsYaml?.medianMs), '', '', '', ''],
    [`(f) floor: yaml ${r.floor?.yaml?.version ?? ''} parseAllDocuments (median)`, duration(r.floor?.yaml?.medianMs), '', '', '', ''],
    ['(g) memory with 10,000 watched live objects', watchedCell(r.pending?.watchedObjectsMemory), '', '', '', ''],
    ['(h) rollback latency', pendingCell(r.pending?.rollbackLatency), '', '', '', ''],
    ['check: planted mistakes flagged after open', flagged(o.open), flagged(y.open), '', '', ''],
    ['check: edits reflected in diagnostics', reflected(o.edits), reflected(y.edits), '', '', ''],
  ];
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(rows[0]), line(rows[0].map(() => '---')), ...rows.slice(1).map(line)].join('\n');
}

function watchedCell(g) {
  if (!g || g.status) return pendingCell(g);
  const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  return `cache ${mb(g.cacheBytes)} (${Math.round(g.bytesPerObject)} B/object), with index ${mb(g.withIndexBytes)}, ` +
    `after churn ${mb(g.afterChurnBytes)}, after a 410 relist ${mb(g.afterRelistBytes)}; synced in ${Math.round(g.syncMs)} ms`;
}

function mib(v) { return v === null || v === undefined ? '—' : `${v} MiB`; }
function completionCell(c) { return !c ? '—' : c.supported ? duration(c.p95) : (c.note ?? 'not supported yet'); }
function flagged(open) { return open ? `${open.plantedMistakesFlagged} / ${open.plantedMistakes}` : '—'; }
function reflected(edits) { return edits ? `${edits.editsReflectedInDiagnostics} / ${edits.n}` : '—'; }

export function machineLine(r) {
  const m = r.machine;
  const c = r.corpus;
  const source = r.source.commit ? `commit ${r.source.commit}${r.source.uncommittedChanges ? ' plus uncommitted changes' : ''}` : 'unknown commit';
  const load = Object.values(r.otherLoad ?? {});
  const busiest = load.length ? Math.max(...load) : null;
  const quiet = busiest === null ? '' : busiest < 0.2
    ? ' The machine was otherwise idle.'
    : ` Other processes used up to ${busiest} cores during the run, so absolute times are inflated.`;
  return `${r.date}, ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}; ${source}.${quiet} ` +
    `Corpus: ${(c.bytes / 1e6).toFixed(2)} MB, ${c.resources.toLocaleString('en-US')} resources, ${c.plantedMistakes} planted mistakes (seed ${c.seed}).`;
}

export function markdown(r) {
  return [
    '# Benchmark: latest run',
    '',
    `Machine: ${machineLine(r)}`,
    '',
    table(r),
    '',
    'Ratios are measured within this one run. How the numbers are produced and how yaml-language-server is configured: [docs/benchmark.md](../../docs/benchmark.md).',
    '',
  ].join('\n');
}

function writeAtomically(file, text) {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

export function writeResults(dir, r, base = 'latest') {
  writeAtomically(`${dir}/${base}.json`, `${JSON.stringify(r, null, 2)}\n`);
  writeAtomically(`${dir}/${base}.md`, markdown(r));
}

/** Replaces the README's bench section (adding the markers at the end if they are missing). */
export function updateReadme(readmePath, r) {
  const section = [
    START,
    '## Benchmark',
    '',
    '`npm run bench` drives our language server and yaml-language-server (configured with strict schemas from the same CRDs) over LSP on the',
    'same generated manifest in one run; [docs/benchmark.md](docs/benchmark.md) explains the method.',
    '',
    `Latest run: ${machineLine(r)}`,
    '',
    table(r),
    END,
  ].join('\n');
  const text = readFileSync(readmePath, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next = start >= 0 && end > start
    ? text.slice(0, start) + section + text.slice(end + END.length)
    : `${text.replace(/\n*$/, '\n')}\n${section}\n`;
  // Written in place (not via a temporary file): other people edit the README too, and the
  // read-modify-write above is immediate.
  if (next !== text) writeFileSync(readmePath, next);
}
