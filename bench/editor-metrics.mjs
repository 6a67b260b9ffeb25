// The editor measurements for one server, in the order an editor produces them: open the large
// manifest (a), type in the middle of it (b), ask for completion (d), then read the process's
// peak memory (c). Every latency runs from the moment the client sent the message to the moment
// the matching answer arrived at the client.
import { performance } from 'node:perf_hooks';
import { ms, summary } from './stats.mjs';

/** A diagnostic starts on `line` (how a planted mistake, or the edited line, is recognised). */
const onLine = (event, line) => event.diagnostics.some((d) => d.range.start.line === line);

/** Waits for the server's first configuration pull (if it makes one before any document opens). */
async function configured(session, waitMs) {
  const pulled = session.until(() => session.configurationPulls > 0, waitMs, 'configuration pull').then(() => true, () => false);
  await pulled;
  session.check();
  // Let the server apply what it pulled, so the open below is not measured against a half-
  // configured server; both servers get the same pause.
  await session.sleep(500);
}

async function measureOpen(session, { uri, text, mistakes, quietMs, timeoutMs }) {
  const from = session.events.length;
  const t0 = performance.now();
  session.open(uri, text, 1);
  const { first, last, stages, publications } = await session.settle({
    uri, from, accept: () => true, quietMs, timeoutMs, what: 'diagnostics after didOpen',
  });
  const found = mistakes.filter((m) => onLine(last, m.line)).length;
  return {
    completeMs: ms(last.t - t0),
    firstPublicationMs: ms(first.t - t0),
    stages,
    publications,
    versioned: last.version !== undefined && last.version !== null,
    diagnostics: last.diagnostics.length,
    plantedMistakesFlagged: found,
    plantedMistakes: mistakes.length,
  };
}

async function measureEdits(session, { uri, script, versioned, quietMs, timeoutMs }) {
  const samples = [];
  let reflected = 0;
  let extraStages = 0;
  for (const edit of script.edits) {
    const from = session.events.length;
    const t0 = performance.now();
    session.change(uri, edit.version, [edit.change]);
    // A server that versions its publications is matched by version; one that does not (the
    // baseline) is matched by content: the first publication after the edit whose edited line
    // shows the error exactly when the edit introduced it. A stale publication cannot pass.
    const accept = versioned
      ? (e) => typeof e.version === 'number' && e.version >= edit.version
      : (e) => onLine(e, script.editLine) === edit.expectError;
    const { last, stages } = await session.settle({
      uri, from, accept, quietMs, timeoutMs, what: `diagnostics for edit v${edit.version}`,
    });
    samples.push(last.t - t0);
    if (onLine(last, script.editLine) === edit.expectError) reflected++;
    extraStages += stages - 1;
  }
  return { ...summary(samples), editsReflectedInDiagnostics: reflected, laterStages: extraStages, samplesMs: samples.map(ms) };
}

async function measureCompletion(session, { uri, script, samples: count, timeoutMs }) {
  if (!session.capabilities.completionProvider) return { supported: false, note: 'not supported yet' };
  const samples = [];
  let items = 0;
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    let result;
    try {
      result = await session.request('textDocument/completion', { textDocument: { uri }, position: script.completion }, timeoutMs);
    } catch (e) {
      if (e?.code === -32601) return { supported: false, note: 'not supported yet' };
      throw e;
    }
    samples.push(performance.now() - t0);
    items = Array.isArray(result) ? result.length : (result?.items?.length ?? 0);
  }
  return { supported: true, ...summary(samples), items, samplesMs: samples.map(ms) };
}

export async function measureEditor(session, options) {
  await configured(session, 3000);
  const open = await measureOpen(session, { ...options, quietMs: options.quietOpenMs, timeoutMs: options.timeoutMs });
  const edits = await measureEdits(session, {
    ...options, versioned: open.versioned, quietMs: options.quietEditMs, timeoutMs: options.timeoutMs,
  });
  const completion = await measureCompletion(session, { ...options, samples: options.completionSamples, timeoutMs: options.timeoutMs });
  const memory = session.memory();
  return { open, edits, completion, memory };
}
