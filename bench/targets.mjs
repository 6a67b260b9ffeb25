// The targets of issue 6, as ratios measured in one run, and whether this run met them. A target
// whose inputs are missing is `met: null` ("could not be judged"), never true.

const round = (x, digits = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null);
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? round(a / b, a / b < 10 ? 2 : 1) : null);

/** Ratios: "speedup" is baseline / ours (bigger is better); "share" is ours / baseline. */
export function ratios(r) {
  const o = r.servers.ours;
  const y = r.servers.yamlLanguageServer;
  return {
    startSpeedup: ratio(y?.startMs, o?.startMs),
    openSpeedup: ratio(y?.open?.completeMs, o?.open?.completeMs),
    openOverJsYamlFloor: ratio(o?.open?.completeMs, r.floor?.jsYaml?.medianMs),
    editP50Speedup: ratio(y?.edits?.p50, o?.edits?.p50),
    editP95Speedup: ratio(y?.edits?.p95, o?.edits?.p95),
    peakRssShare: ratio(o?.memory?.peakMiB, y?.memory?.peakMiB),
    completionP95Speedup: o?.completion?.supported && y?.completion?.supported ? ratio(y.completion.p95, o.completion.p95) : null,
  };
}

const judge = (value, ok) => (value === null || value === undefined ? null : ok(value));

export function targets(r, q) {
  const o = r.servers.ours;
  return [
    { id: 'a-vs-baseline', metric: '(a) open → diagnostics', target: '≥ 10× faster than yaml-language-server', value: q.openSpeedup, unit: '×', met: judge(q.openSpeedup, (v) => v >= 10) },
    { id: 'a-vs-floor', metric: '(a) open → diagnostics', target: '≤ 3× the js-yaml floor', value: q.openOverJsYamlFloor, unit: '×', met: judge(q.openOverJsYamlFloor, (v) => v <= 3) },
    {
      id: 'b-vs-baseline', metric: '(b) keystroke → diagnostics', target: '≥ 50× faster than yaml-language-server (p50 and p95)',
      value: q.editP50Speedup === null || q.editP95Speedup === null ? null : Math.min(q.editP50Speedup, q.editP95Speedup), unit: '× (worse of p50, p95)',
      met: judge(q.editP50Speedup === null || q.editP95Speedup === null ? null : Math.min(q.editP50Speedup, q.editP95Speedup), (v) => v >= 50),
    },
    { id: 'b-p95', metric: '(b) keystroke → diagnostics', target: 'p95 ≤ 30 ms', value: o?.edits?.p95, unit: 'ms', met: judge(o?.edits?.p95, (v) => v <= 30) },
    { id: 'c-rss', metric: '(c) peak RSS', target: '≤ ¼ of yaml-language-server', value: q.peakRssShare, unit: '× baseline', met: judge(q.peakRssShare, (v) => v <= 0.25) },
    { id: 'e-cli', metric: '(e) CLI lint, 5,000 files', target: '< 5 s', value: r.cli?.medianMs, unit: 'ms', met: judge(r.cli?.medianMs, (v) => v < 5000) },
    { id: 'start', metric: 'server start', target: '< 500 ms', value: o?.startMs, unit: 'ms', met: judge(o?.startMs, (v) => v < 500) },
  ];
}
