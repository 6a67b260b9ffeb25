#!/usr/bin/env node
// `npm run bench`: measures Mesh Lifecycle against yaml-language-server on the same generated
// corpus in one run, writes bench/results/latest.{json,md}, prints the table and refreshes the
// README's bench section. Absolute times never fail the run; it exits non-zero only when a server
// crashes or a measurement cannot run at all (and then leaves the committed results untouched,
// writing the partial results to bench/results/failed.*.tmp instead).
//
// Options (for development; any of them marks the run as custom, which writes
// bench/results/custom.*.tmp and leaves latest.* and the README alone):
//   --edits=N  --completions=N  --cli-runs=N  --only=ours|yamlLanguageServer
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measureCliLint, writeWorkspace } from './cli-lint.mjs';
import { ours, yamlLanguageServer } from './contenders.mjs';
import { editScript } from './edit-script.mjs';
import { measureEditor } from './editor-metrics.mjs';
import { measureFloor } from './floor.mjs';
import { startSession } from './lsp-session.mjs';
import { startContention, waitForQuiet } from './contention.mjs';
import { machineInfo, sourceInfo } from './machine.mjs';
import { measureRollbackLatency, measureWatchedObjectsMemory } from './pending.mjs';
import { markdown, table, updateReadme, writeResults } from './report.mjs';
import { ms } from './stats.mjs';
import { ratios, targets } from './targets.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(repoRoot, 'bench', 'results');

const DEFAULTS = { edits: 50, completions: 20, cliRuns: 3, only: null };
const CORPUS = { resources: 2000, mistakeRate: 0.05, seed: 42 };
const CLI_FILES = 5000;
/** How long diagnostics must stay unchanged before a measurement counts as complete. */
const QUIET_OPEN_MS = 3000;
const QUIET_EDIT_MS = 750;
/** A server that takes longer than this for one answer is treated as unable to run. */
const TIMEOUT_MS = 180_000;

function parseOptions(argv) {
  const options = { ...DEFAULTS };
  for (const arg of argv) {
    const m = /^--(edits|completions|cli-runs|only)=(.+)$/.exec(arg);
    if (!m) throw new Error(`unknown option ${arg}`);
    const key = m[1] === 'cli-runs' ? 'cliRuns' : m[1];
    options[key] = key === 'only' ? m[2] : Number(m[2]);
  }
  options.custom = argv.length > 0;
  return options;
}

const log = (message) => process.stderr.write(`[bench] ${message}\n`);

function requireBuilt() {
  const missing = ['dist/server.js', 'dist/cli.js', 'out/test/support/corpus.js'].filter((f) => !existsSync(path.join(repoRoot, f)));
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run \`npm run build\` first (\`npm run bench\` does)`);
}

/** Gives other people's jobs on a shared machine a chance to finish before a phase starts. */
async function quiet(what) {
  const load = await waitForQuiet();
  if (load >= 0.5) log(`${what}: starting although other processes use ${load} cores`);
}

/** Runs one server through the editor measurements; always ends its process. */
async function measureServer(contender, editorOptions) {
  log(`${contender.label} ${contender.version}: starting`);
  const session = await startSession(contender);
  try {
    const result = await measureEditor(session, editorOptions);
    await session.stop();
    const summary = { label: contender.label, version: contender.version, startMs: ms(session.startMs), ...result };
    log(`${contender.label}: start ${summary.startMs} ms, open ${result.open.completeMs} ms, edit p50 ${result.edits.p50} ms / p95 ${result.edits.p95} ms, peak RSS ${result.memory.peakMiB} MiB`);
    return summary;
  } catch (error) {
    session.kill();
    throw error;
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  requireBuilt();
  const require = createRequire(import.meta.url);
  const { generateCorpus } = require(path.join(repoRoot, 'out', 'test', 'support', 'corpus.js'));

  const workDir = mkdtempSync(path.join(os.tmpdir(), 'mesh-bench-'));
  const failures = [];
  const results = {
    format: 1,
    date: new Date().toISOString().slice(0, 10),
    machine: machineInfo(repoRoot),
    source: sourceInfo(repoRoot),
    corpus: null,
    settings: {
      edits: options.edits, completionSamples: options.completions, cliRuns: options.cliRuns,
      quietOpenMs: QUIET_OPEN_MS, quietEditMs: QUIET_EDIT_MS, timeoutMs: TIMEOUT_MS,
    },
    baselineConfiguration: null,
    servers: {},
    cli: null,
    floor: null,
    pending: {},
    /** Average cores used by other processes during each phase (see contention.mjs). */
    otherLoad: {},
    ratios: null,
    targets: null,
    failures,
  };

  try {
    const corpus = generateCorpus(CORPUS);
    const editorDir = path.join(workDir, 'editor');
    mkdirSync(editorDir);
    const file = path.join(editorDir, 'mesh.yaml');
    writeFileSync(file, corpus.text);
    results.corpus = { ...CORPUS, bytes: Buffer.byteLength(corpus.text), lines: corpus.text.split('\n').length - 1, plantedMistakes: corpus.mistakes.length };
    log(`corpus: ${results.corpus.bytes} bytes, ${corpus.resources} resources, ${corpus.mistakes.length} planted mistakes`);

    // (f) first, while nothing else runs.
    await quiet('floor');
    let phase = startContention();
    results.floor = measureFloor(repoRoot, corpus.text);
    results.otherLoad.floor = phase();
    log(`floor: js-yaml ${results.floor.jsYaml.medianMs} ms, yaml ${results.floor.yaml.medianMs} ms`);

    // (a)-(d), one server at a time so they never compete for the two cores.
    const script = editScript(corpus.text, options.edits);
    const editorOptions = {
      uri: pathToFileURL(file).href, text: corpus.text, mistakes: corpus.mistakes, script,
      quietOpenMs: QUIET_OPEN_MS, quietEditMs: QUIET_EDIT_MS, completionSamples: options.completions, timeoutMs: TIMEOUT_MS,
    };
    const baseline = yamlLanguageServer(repoRoot, workDir);
    results.baselineConfiguration = {
      server: `yaml-language-server ${baseline.version}`,
      schema: `one generated draft-07 schema (${baseline.schema.kinds} apiVersion/kind pairs, ${baseline.schema.schemaFiles} CRD schemas, ${(baseline.schema.bytes / 1e6).toFixed(1)} MB), dispatched by allOf if/then on apiVersion and kind`,
      settings: {
        'yaml.schemas': { '<generated>/crds.schema.json': '*.yaml' },
        'yaml.schemaStore.enable': false, 'yaml.kubernetesCRDStore.enable': false,
        'yaml.validate': true, 'yaml.hover': true, 'yaml.completion': true, 'yaml.format.enable': false, 'http.proxy': '',
      },
      editLine: script.editLine + 1,
      completionPosition: { line: script.completion.line + 1, character: script.completion.character + 1 },
    };
    for (const contender of [baseline, ours(repoRoot)]) {
      if (options.only && options.only !== contender.key) continue;
      await quiet(contender.label);
      phase = startContention();
      try {
        results.servers[contender.key] = await measureServer(contender, editorOptions);
      } catch (error) {
        failures.push(`${contender.label}: ${error.message}`);
        log(`${contender.label}: FAILED: ${error.message}`);
      }
      results.otherLoad[contender.key] = phase();
    }

    // (e) the CLI on a 5,000-file workspace.
    if (!options.only) {
      try {
        const workspace = path.join(workDir, 'workspace');
        const big = generateCorpus({ ...CORPUS, resources: CLI_FILES });
        const files = writeWorkspace(workspace, big.text);
        await quiet('CLI');
        phase = startContention();
        results.cli = await measureCliLint({ cli: path.join(repoRoot, 'dist', 'cli.js'), dir: workspace, files, plantedMistakes: big.mistakes.length, runs: options.cliRuns });
        results.otherLoad.cli = phase();
        log(`CLI: ${files} files in ${results.cli.medianMs} ms (median of ${options.cliRuns}), ${results.cli.findings} findings`);
      } catch (error) {
        failures.push(`CLI lint: ${error.message}`);
        log(`CLI lint: FAILED: ${error.message}`);
      }
    }

    // (g), (h): parts that do not exist yet report why, and no number.
    results.pending.watchedObjectsMemory = await measureWatchedObjectsMemory(repoRoot);
    results.pending.rollbackLatency = await measureRollbackLatency(repoRoot);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }

  const busiest = Math.max(0, ...Object.values(results.otherLoad));
  if (busiest >= 0.2) log(`warning: other processes used up to ${busiest} cores during the run; absolute times are inflated`);
  results.ratios = ratios(results);
  results.targets = targets(results, results.ratios);

  mkdirSync(resultsDir, { recursive: true });
  const draft = (name) => {
    // *.tmp names are ignored by git: failed and custom runs never replace the committed results.
    writeFileSync(path.join(resultsDir, `${name}.json.tmp`), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(resultsDir, `${name}.md.tmp`), markdown(results));
  };
  if (failures.length) {
    draft('failed');
  } else if (options.custom) {
    draft('custom');
  } else {
    writeResults(resultsDir, results);
    updateReadme(path.join(repoRoot, 'README.md'), results);
  }

  process.stdout.write(`\n${table(results)}\n\n`);
  for (const t of results.targets) {
    if (t.met === false) process.stdout.write(`target not met: ${t.metric}: ${t.target} (measured ${t.value} ${t.unit})\n`);
  }
  if (failures.length) {
    process.stdout.write(`\nthe benchmark could not complete:\n${failures.map((f) => `- ${f}`).join('\n')}\npartial results: bench/results/failed.json.tmp\n`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`[bench] cannot run: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
