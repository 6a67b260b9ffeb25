/**
 * Drives the real language server (`dist/server.js --stdio`, over JSON-RPC) through fuzz cases and
 * checks the robustness invariants after each one:
 *
 * 1. Every change is answered in time: the diagnostics for a version (or a later one) arrive within
 *    the budget after the change was sent, and so does the answer to a request sent right behind
 *    the edits (`textDocument/hover`): a result, or the server's clean cancellation
 *    (ServerCancelled, sent by its front when the analysis thread is still busy at the deadline).
 * 2. The final diagnostics equal those of a fresh open of the final text under another URI.
 * 3. Every diagnostic range lies inside the text as the editor sees it.
 * 4. No unhandled exception: the process is alive, stderr holds no stack trace, and the server
 *    logged no error and reported no failed analysis.
 *
 * Memory (invariant 5) is measured across a run: see `memory()`.
 *
 * Timing is noisy on a shared machine, so a case that is over budget is run again once; only a case
 * that is slow twice counts as slow.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { REPO_ROOT } from '../support/repo';
import { startServer, type TestServer } from '../support/lspClient';
import { baseText, type Edit, type FuzzCase } from './generators';
import { INSPECTOR_NOISE, inspectorUrl, liveHeap } from './inspector';
import { KINDS } from './manifests';
import { applyChanges, contentEnd, lineStartsOf, positionAt, rangeWithin, type ContentChange } from './textModel';

export interface HarnessOptions {
  /** Longest acceptable time from a change (or request) to its answer. */
  readonly budgetMs?: number;
  /** After this long without an answer the server counts as hung. */
  readonly hangMs?: number;
  readonly settings?: Record<string, unknown>;
  readonly nodeArgs?: readonly string[];
  /** Open one document per bundled schema first, so schema compilation is not what gets measured. */
  readonly warmUp?: boolean;
  /**
   * Run the server with its inspector on a loopback port, so that memory() can force a GC and
   * read the live heap (default true). Without it, memory() has RSS only.
   */
  readonly inspect?: boolean;
}

export interface Memory {
  /** Live heap after a forced full GC, right after warm-up and now (null without the inspector). */
  readonly baselineHeap: number | null;
  readonly heap: number | null;
  /** Resident set size: lowest seen over a few quiet seconds. */
  readonly baselineRss: number | null;
  readonly rss: number | null;
}

export interface Response {
  readonly ms: number;
  readonly what: string;
}

export interface Stats {
  cases: number;
  changes: number;
  /** Response times in ms (diagnostics round trips and requests). */
  readonly times: number[];
  slowest: Response;
  /** Times the server process died or printed a stack trace. */
  crashes: number;
  /** Cases over budget on their first run that were fine when run again. */
  slowThenFine: number;
  /** Requests answered with ServerCancelled (the analysis thread was busy past the deadline). */
  cancelledRequests: number;
  /** Other stderr output (not a stack trace): the first few lines, for the report. */
  readonly stderrNoise: string[];
}

/** A broken invariant; the message says which and shows the evidence. */
export class InvariantError extends Error {}

class SlowCase extends InvariantError {}

const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;
const METHOD_NOT_FOUND = -32601;
const SERVER_CANCELLED = -32802;

interface Publication {
  readonly version: number | undefined;
  readonly diagnostics: Diagnostic[];
  readonly at: number;
}

export class FuzzHarness {
  readonly stats: Stats = { cases: 0, changes: 0, times: [], slowest: { ms: 0, what: 'nothing yet' }, crashes: 0, slowThenFine: 0, cancelledRequests: 0, stderrNoise: [] };
  private server: TestServer | null = null;
  private readonly published = new Map<string, Publication[]>();
  private readonly waiters = new Set<() => void>();
  private baselineRss: number | null = null;
  private baselineHeap: number | null = null;
  private sequence = 0;
  readonly budgetMs: number;
  private readonly hangMs: number;

  constructor(private readonly options: HarnessOptions = {}) {
    this.budgetMs = options.budgetMs ?? 1000;
    this.hangMs = options.hangMs ?? 30_000;
  }

  /** Starts the server (and warms it up); records the memory baseline. */
  async start(): Promise<void> {
    await this.ensureServer();
    if (this.options.warmUp ?? true) await this.warmUp();
    this.baselineHeap = await this.heap();
    this.baselineRss = await this.quietRss();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await server.stop();
  }

  /** The running server's resident set size, for progress reports. */
  rss(): number | null {
    return this.server?.rss() ?? null;
  }

  /** Ends the server at once (for process exit handlers, where nothing asynchronous runs). */
  kill(): void {
    if (this.server && this.server.process.exitCode === null) this.server.process.kill('SIGKILL');
  }

  /** Runs one case and checks invariants 1-4; throws InvariantError when one breaks. */
  async runCase(c: FuzzCase): Promise<void> {
    try {
      await this.runOnce(c);
    } catch (error) {
      if (!(error instanceof SlowCase)) throw error;
      // Once more: a machine busy with other work can stall any process for a moment.
      await this.runOnce(c);
      this.stats.slowThenFine++;
    }
    this.stats.cases++;
  }

  /** Opens `text`, applies `edits` one change at a time, and returns what was published. */
  async openAndEdit(label: string, text: string, edits: readonly Edit[] = [], hangMs = this.hangMs): Promise<{ diagnostics: Diagnostic[]; times: number[]; requestTimes: number[]; finalText: string }> {
    const server = await this.ensureServer();
    const uri = this.uri(label);
    const health = this.healthMark(server);
    const sent: number[] = [];
    let current = text;
    let version = 1;
    const requestTimes: number[] = [];
    sent[1] = performance.now();
    server.open(uri, current, version);
    // Each request is awaited before the next edit is computed: on a 50 MB text that computation
    // blocks this process for a while, and the answer would wait for it, not for the server.
    let request = this.timedRequest(server, uri, `hover after opening ${label}`);
    await this.waitFor(uri, version, hangMs);
    requestTimes.push(await request);
    for (const e of edits) {
      const changes = toChanges(current, e);
      current = applyChanges(current, changes);
      version++;
      sent[version] = performance.now();
      server.change(uri, version, changes);
      request = this.timedRequest(server, uri, `hover after ${label} v${version}`);
      await this.waitFor(uri, version, hangMs);
      requestTimes.push(await request);
    }
    const times = this.responseTimes(uri, sent, version, label);
    const diagnostics = this.latest(uri, version).diagnostics;
    this.checkRanges(current, diagnostics, label);
    server.close(uri);
    this.published.delete(uri);
    this.checkHealth(server, health, label);
    return { diagnostics, times, requestTimes, finalText: current };
  }

  /**
   * Invariant 5, measured once everything is closed: the live heap after a forced GC (through the
   * inspector) and, for the record, RSS, which V8 gives back to the system only slowly.
   */
  async memory(): Promise<Memory> {
    return { baselineHeap: this.baselineHeap, heap: await this.heap(), baselineRss: this.baselineRss, rss: await this.quietRss() };
  }

  /** The server's live heap after a forced GC, or null without the inspector. */
  async heap(): Promise<number | null> {
    const url = this.server ? inspectorUrl(this.server.stderr()) : null;
    return url ? liveHeap(url) : null;
  }

  private async runOnce(c: FuzzCase): Promise<void> {
    const server = await this.ensureServer();
    const label = `case-${++this.sequence}`;
    const uri = this.uri(label);
    const health = this.healthMark(server);
    const sent: number[] = [];
    let text = baseText(c.base);
    let version = 1;
    sent[version] = performance.now();
    server.open(uri, text, version);
    await this.waitFor(uri, version);
    for (const step of c.steps) {
      const changes: ContentChange[] = [];
      for (const e of step.edits) {
        const more = toChanges(text, e);
        text = applyChanges(text, more);
        changes.push(...more);
      }
      version++;
      sent[version] = performance.now();
      server.change(uri, version, changes);
      this.stats.changes++;
      if (step.wait) await this.waitFor(uri, version);
    }
    // A request right behind the edits: answered only once the server's loop gets to it.
    const request = this.timedRequest(server, uri, `hover after ${label}`);
    await this.waitFor(uri, version);
    const requestMs = await request;
    const times = this.responseTimes(uri, sent, version, label);
    const edited = this.latest(uri, version).diagnostics;
    this.checkRanges(text, edited, label);

    // A fresh open of the final text, after closing the edited copy so that nothing else is open.
    server.close(uri);
    this.published.delete(uri);
    const freshUri = this.uri(`${label}-fresh`);
    const freshSent = performance.now();
    server.open(freshUri, text, 1);
    await this.waitFor(freshUri, 1);
    const fresh = this.latest(freshUri, 1);
    times.push(this.record(fresh.at - freshSent, `fresh open of ${label}`));
    server.close(freshUri);
    this.published.delete(freshUri);

    const a = edited.map((d) => normalize(d, uri));
    const b = fresh.diagnostics.map((d) => normalize(d, freshUri));
    const at = firstDifference(a, b);
    if (at !== null) {
      throw new InvariantError(`${label}: diagnostics after the edits differ from a fresh open of the final text ` +
        `(${a.length} vs ${b.length} diagnostics; first difference at #${at}).\n` +
        `after edits: ${a[at] ?? '(none)'}\nfresh open:  ${b[at] ?? '(none)'}\nfinal text (${text.length} characters): ${JSON.stringify(text).slice(0, 3000)}`);
    }
    this.checkHealth(server, health, label);
    const slowest = Math.max(requestMs, ...times);
    if (slowest > this.budgetMs) {
      throw new SlowCase(`${label}: a response took ${slowest.toFixed(0)} ms (budget ${this.budgetMs} ms); times: ${times.map((t) => t.toFixed(0)).join(', ')}, request ${requestMs.toFixed(0)}`);
    }
  }

  private uri(label: string): string {
    return `file:///fuzz/${label}.yaml`;
  }

  private async ensureServer(): Promise<TestServer> {
    if (this.server && this.server.process.exitCode === null && this.server.process.signalCode === null) return this.server;
    if (this.server) await this.server.stop();
    const inspect = this.options.inspect ?? true;
    const nodeArgs = [...(inspect ? ['--inspect=127.0.0.1:0'] : []), ...(this.options.nodeArgs ?? [])];
    const server = await startServer(this.options.settings ?? {}, { bufferDiagnostics: false, nodeArgs });
    if (inspect) await waitUntil(() => inspectorUrl(server.stderr()) !== null, 10_000);
    server.onPublish((p: PublishDiagnosticsParams, at: number) => {
      let list = this.published.get(p.uri);
      // Without a version it is the clearing that follows a close: nothing waits for it.
      if (!list && (p.version === undefined || p.version === null)) return;
      if (!list) this.published.set(p.uri, list = []);
      list.push({ version: p.version ?? undefined, diagnostics: p.diagnostics, at });
      for (const w of [...this.waiters]) w();
    });
    server.process.once('exit', () => { for (const w of [...this.waiters]) w(); });
    this.server = server;
    return server;
  }

  /** Waits for diagnostics of `version` or later; a dead or silent server is an InvariantError. */
  private waitFor(uri: string, version: number, hangMs = this.hangMs): Promise<void> {
    const server = this.server!;
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      const check = () => {
        if ((this.published.get(uri) ?? []).some((p) => p.version !== undefined && p.version >= version)) {
          done();
          resolve();
        } else if (server.process.exitCode !== null || server.process.signalCode !== null) {
          done();
          this.stats.crashes++;
          reject(new InvariantError(`the server exited (code ${server.process.exitCode}, signal ${server.process.signalCode}) before answering ${uri} v${version}; stderr:\n${server.stderr().slice(-4000)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        // A hung server is useless for the cases that follow: replace it.
        this.stats.crashes++;
        server.process.kill('SIGKILL');
        reject(new InvariantError(`no diagnostics for ${uri} v${version} within ${hangMs} ms (hang); stderr:\n${server.stderr().slice(-4000)}`));
      }, hangMs);
      this.waiters.add(check);
      check();
    });
  }

  private latest(uri: string, version: number): Publication {
    const list = this.published.get(uri) ?? [];
    const last = list[list.length - 1];
    if (!last || last.version !== version) {
      throw new InvariantError(`${uri}: the last diagnostics are for v${last?.version}, not the final v${version}`);
    }
    return last;
  }

  /** For each version sent: time until diagnostics for it or a later version arrived. */
  private responseTimes(uri: string, sent: readonly number[], lastVersion: number, label: string): number[] {
    const list = this.published.get(uri) ?? [];
    const times: number[] = [];
    for (let v = 1; v <= lastVersion; v++) {
      const at = sent[v];
      if (at === undefined) continue;
      const answer = list.find((p) => p.version !== undefined && p.version >= v && p.at >= at);
      if (!answer) throw new InvariantError(`${label}: no diagnostics ever answered v${v}`);
      times.push(this.record(answer.at - at, `diagnostics for ${label} v${v}`));
    }
    return times;
  }

  private async timedRequest(server: TestServer, uri: string, what: string): Promise<number> {
    const started = performance.now();
    try {
      await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === SERVER_CANCELLED) this.stats.cancelledRequests++;
      else if (code !== METHOD_NOT_FOUND) {
        throw new InvariantError(`${what}: the request failed with ${code}: ${(error as Error).message}`);
      }
    }
    return this.record(performance.now() - started, what);
  }

  private record(ms: number, what: string): number {
    this.stats.times.push(ms);
    if (ms > this.stats.slowest.ms) this.stats.slowest = { ms, what };
    return ms;
  }

  private checkRanges(text: string, diagnostics: readonly Diagnostic[], label: string): void {
    const starts = lineStartsOf(text);
    for (const d of diagnostics) {
      if (!rangeWithin(starts, text, d.range)) {
        const line = d.range.start.line;
        const lineText = line >= 0 && line < starts.length ? text.slice(starts[line], contentEnd(text, starts, line)) : '(no such line)';
        throw new InvariantError(`${label}: diagnostic ${d.code} "${d.message}" has range ${JSON.stringify(d.range)} outside the text ` +
          `(${starts.length} lines; line ${line} is ${JSON.stringify(lineText.slice(0, 200))}).\nText: ${JSON.stringify(text.slice(0, 2000))}`);
      }
    }
  }

  private healthMark(server: TestServer): { stderr: number; logs: number; statuses: number } {
    return { stderr: server.stderr().length, logs: server.logs.length, statuses: server.statuses.length };
  }

  private checkHealth(server: TestServer, mark: { stderr: number; logs: number; statuses: number }, label: string): void {
    if (server.process.exitCode !== null || server.process.signalCode !== null) {
      this.stats.crashes++;
      throw new InvariantError(`${label}: the server exited (code ${server.process.exitCode}); stderr:\n${server.stderr().slice(-4000)}`);
    }
    const stderr = server.stderr().slice(mark.stderr);
    if (STACK_TRACE.test(stderr)) {
      this.stats.crashes++;
      throw new InvariantError(`${label}: the server printed a stack trace:\n${stderr.slice(0, 4000)}`);
    }
    for (const line of stderr.split('\n')) {
      if (line.trim() && !INSPECTOR_NOISE.test(line) && this.stats.stderrNoise.length < 20) this.stats.stderrNoise.push(`${label}: ${line.slice(0, 300)}`);
    }
    const errors = server.logs.slice(mark.logs).filter((l) => l.type === 1);
    if (errors.length > 0) throw new InvariantError(`${label}: the server logged errors: ${errors.map((e) => e.message).join(' | ').slice(0, 4000)}`);
    const failed = server.statuses.slice(mark.statuses).filter((s) => (s as { state?: string }).state === 'error');
    if (failed.length > 0) throw new InvariantError(`${label}: the server reported failed analysis: ${JSON.stringify(failed).slice(0, 4000)}`);
  }

  /** One document per (apiVersion, kind) in the bundled catalog, so every schema is compiled. */
  private async warmUp(): Promise<void> {
    const index = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'index.json'), 'utf8')) as { entries: { apiVersion: string; kind: string }[] };
    const docs = index.entries.map((e) => `apiVersion: ${e.apiVersion}\nkind: ${e.kind}\nmetadata:\n  name: warm-up\nspec: {}\n`);
    for (const [apiVersion, kind] of KINDS) docs.push(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: warm-up\n`);
    await this.openAndEdit('warm-up', docs.join('---\n'), [{ op: 'insert', at: 500_000, text: '# x\n' }], 120_000);
    this.stats.times.length = 0;
    this.stats.slowest = { ms: 0, what: 'nothing yet' };
    this.stats.cancelledRequests = 0;
  }

  private async quietRss(): Promise<number | null> {
    let lowest: number | null = null;
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const rss = this.server?.rss() ?? null;
      if (rss !== null && (lowest === null || rss < lowest)) lowest = rss;
    }
    return lowest;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error('the server did not start its inspector');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** LSP content changes for one generated edit, against `text`. */
export function toChanges(text: string, e: Edit): ContentChange[] {
  const starts = lineStartsOf(text);
  const pos = (offset: number) => positionAt(starts, text.length, offset);
  const frac = (at: number) => Math.floor((at / 1_000_000) * text.length);
  switch (e.op) {
    case 'insert': {
      const p = pos(frac(e.at));
      return [{ range: { start: p, end: p }, text: e.text }];
    }
    case 'delete':
    case 'replace': {
      const start = frac(e.at);
      const end = Math.min(text.length, start + e.length);
      return [{ range: { start: pos(start), end: pos(end) }, text: e.op === 'replace' ? e.text : '' }];
    }
    case 'whole': {
      const at = frac(e.at);
      return [{ text: text.slice(0, at) + e.text + text.slice(at) }];
    }
    case 'sloppy': {
      const line = starts.length - 1 + e.lineOver;
      const lastLength = contentEnd(text, starts, starts.length - 1) - starts[starts.length - 1]!;
      const p = { line, character: lastLength + e.characterOver };
      return [{ range: { start: p, end: p }, text: e.text }];
    }
    case 'kind': {
      const kinds = [...text.matchAll(/^kind:[ \t]*([^\r\n#]*)/gm)];
      // Nothing to switch: an empty edit, since a didChange without changes is ignored (the
      // version would not move, and nothing would answer it).
      if (kinds.length === 0) return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }];
      const hit = kinds[e.nth % kinds.length]!;
      const [apiVersion, kind] = KINDS[e.kind]!;
      const valueStart = hit.index + hit[0].length - hit[1]!.length;
      const changes: ContentChange[] = [{ range: { start: pos(valueStart), end: pos(valueStart + hit[1]!.length) }, text: kind }];
      // The same document's apiVersion, if it comes first (the usual order): changed second, so
      // the kind change's offsets are still right when it applies.
      const docStart = Math.max(0, text.lastIndexOf('\n---', hit.index));
      const api = /^apiVersion:[ \t]*([^\r\n#]*)/gm;
      api.lastIndex = docStart;
      const a = api.exec(text);
      if (a && a.index < hit.index) {
        const s = a.index + a[0].length - a[1]!.length;
        changes.push({ range: { start: pos(s), end: pos(s + a[1]!.length) }, text: apiVersion });
      }
      return changes;
    }
  }
}

/** A diagnostic as comparable text: the document's own URI replaced, so two copies compare equal. */
function normalize(diagnostic: Diagnostic, uri: string): string {
  return JSON.stringify(diagnostic).split(JSON.stringify(uri).slice(1, -1)).join('<uri>');
}

function firstDifference(a: readonly string[], b: readonly string[]): number | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return null;
}
