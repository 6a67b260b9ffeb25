// (e) The CLI on a large workspace: the generated resources written one per file (5,000 files in
// one folder per namespace), linted with `mesh-lifecycle lint DIR --format json` as CI would run
// it. The wall time covers the whole process: Node start, loading the bundle, discovery, parsing,
// checking and printing the JSON. Exit code 1 (findings at error level) is the expected outcome;
// exit code 2, a signal, or output that is not JSON means the measurement could not run.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, ms } from './stats.mjs';

/** Splits a multi-document corpus into one file per resource. Returns the file count. */
export function writeWorkspace(dir, corpusText) {
  const documents = corpusText.split(/^---\n/m).filter((d) => d.trim() !== '');
  documents.forEach((doc, i) => {
    const namespace = /^  namespace: (\S+)$/m.exec(doc)?.[1] ?? 'default';
    const kind = (/^kind: (\S+)$/m.exec(doc)?.[1] ?? 'resource').toLowerCase();
    const folder = path.join(dir, namespace);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `${kind}-${String(i).padStart(5, '0')}.yaml`), doc);
  });
  return documents.length;
}

function runOnce(cli, dir) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cli, 'lint', dir, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => { err = (err + d).slice(-4000); });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - t0;
      const stdout = Buffer.concat(out).toString('utf8');
      if (signal || code === null || code > 1) {
        reject(new Error(`CLI lint exited with ${signal ?? code}; stderr tail: ${err}`));
        return;
      }
      let findings;
      try {
        findings = JSON.parse(stdout).findings;
      } catch {
        reject(new Error(`CLI lint printed no JSON report (exit ${code}); stderr tail: ${err}`));
        return;
      }
      resolve({ wallMs, exitCode: code, findings: findings.length });
    });
  });
}

export async function measureCliLint({ cli, dir, files, plantedMistakes, runs = 3 }) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await runOnce(cli, dir));
  const walls = results.map((r) => r.wallMs);
  return {
    files,
    runs,
    medianMs: ms(median(walls)),
    samplesMs: walls.map(ms),
    exitCode: results.at(-1).exitCode,
    findings: results.at(-1).findings,
    plantedMistakes,
  };
}
