/**
 * A deliberately small test runner for inside the extension host: the project adds no test
 * framework dependency, and the extension host only needs `run()` to settle. Each test is an
 * async function; results go to the console (forwarded to the driver) and, as JSON, to the file
 * named by MESH_EDITOR_RESULTS so run.mjs can print the closing totals line.
 */
import { writeFileSync } from 'node:fs';

export interface TestCase {
  readonly name: string;
  readonly fn: () => Promise<void>;
}

export interface TestResult {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}

/** One test may not hang the run: past this it fails and the next one starts. */
const TEST_TIMEOUT_MS = 60_000;

export async function runAll(cases: readonly TestCase[]): Promise<void> {
  const results: TestResult[] = [];
  for (const { name, fn } of cases) {
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS);
    });
    try {
      await Promise.race([fn(), timeout]);
      results.push({ name, ok: true, ms: Date.now() - t0 });
      console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name, ok: false, ms: Date.now() - t0, error: text });
      console.log(`  ✘ ${name} (${Date.now() - t0} ms)\n${text.replace(/^/gm, '      ')}`);
    } finally {
      clearTimeout(timer);
    }
  }
  const file = process.env['MESH_EDITOR_RESULTS'];
  if (file) writeFileSync(file, JSON.stringify(results, null, 2));
  const failed = results.filter((r) => !r.ok).length;
  if (failed > 0) throw new Error(`${failed} editor test(s) failed`);
}

/**
 * Polls `probe` until it returns something other than undefined, or fails at the deadline with
 * `describe()`'s account of what was seen last. Tests wait on state this way, never on time.
 */
export async function until<T>(probe: () => T | undefined, describe: () => string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${ms / 1000} s: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
