// The floor (f): what merely parsing the same text costs, with no schema and no LSP. Nothing that
// validates the file can be faster than this, so it anchors the "within 3x of js-yaml" target.
// Each parser runs a few warm-up rounds first (so JIT compilation is not counted), then the
// median of the timed rounds is reported.
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, ms } from './stats.mjs';

function time(fn, warmups, runs) {
  for (let i = 0; i < warmups; i++) fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return { medianMs: ms(median(samples)), runs, samplesMs: samples.map(ms) };
}

export function measureFloor(repoRoot, text, { warmups = 2, runs = 7 } = {}) {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const jsYaml = require('js-yaml');
  const yaml = require('yaml');
  let documents = 0;
  const jsYamlResult = time(() => { documents = jsYaml.loadAll(text).length; }, warmups, runs);
  const yamlResult = time(() => { yaml.parseAllDocuments(text); }, warmups, runs);
  return {
    documents,
    jsYaml: { version: require('js-yaml/package.json').version, call: 'loadAll(text)', ...jsYamlResult },
    yaml: { version: require('yaml/package.json').version, call: 'parseAllDocuments(text)', ...yamlResult },
  };
}
