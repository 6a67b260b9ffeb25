/**
 * Incremental analysis is an optimisation, never a different answer. After an edit the workspace
 * reuses almost everything: unchanged documents keep their parse and schema findings, rules re-run
 * only for the kinds that changed, rules memoize per subject (rules/engine/memo.ts) and reuse
 * placed findings. These tests compare it, edit after edit, with a workspace built from scratch
 * on the same texts, and pin down how little a keystroke re-does, by counting work rather than by
 * timing it (timings on shared machines are noise; counts are not).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ResourceValidator } from '../../../server/src/analysis/analyzer';
import { configFrom } from '../../../server/src/analysis/config';
import { sharedValidator } from '../../../server/src/analysis/create';
import { Workspace } from '../../../server/src/analysis/workspace';
import type { Finding } from '../../../server/src/findings/finding';
import { K } from '../../../server/src/model/kinds';
import { RULES } from '../../../server/src/rules/registry';
import { generateCorpus } from '../../support/corpus';
import { FIXTURES } from '../../support/repo';
import { seededRandom as random } from '../../support/random';

const CONFIG = configFrom({});

/** Counts schema validations, standing in front of the real validator. */
function counting(base: ResourceValidator): ResourceValidator & { count: number } {
  const v = { count: 0, validate: (identity: Parameters<ResourceValidator['validate']>[0], value: unknown) => { v.count++; return base.validate(identity, value); } };
  return v;
}

/** Every file's findings as a fresh workspace sees these texts. */
function fromScratch(texts: ReadonlyMap<string, string>, validator: ResourceValidator | null): Map<string, readonly Finding[]> {
  const ws = new Workspace({ config: CONFIG, validator });
  for (const [file, text] of texts) ws.setFile(file, text);
  return new Map([...ws.analyze().findings].filter(([, list]) => list.length > 0));
}

/** Applies a result to the running picture of every file's findings; returns the files that differ. */
function apply(state: Map<string, readonly Finding[]>, findings: ReadonlyMap<string, readonly Finding[]>): Set<string> {
  const differ = new Set<string>();
  for (const [file, list] of findings) {
    if (JSON.stringify(state.get(file) ?? []) !== JSON.stringify(list)) differ.add(file);
    if (list.length === 0) state.delete(file);
    else state.set(file, list);
  }
  return differ;
}

const sorted = <T>(xs: Iterable<T>) => [...xs].sort();
const asPlain = (m: ReadonlyMap<string, readonly Finding[]>) => Object.fromEntries(sorted(m.keys()).map((k) => [k, m.get(k)]));

/** A random edit of the kinds people make, plus some that move document boundaries. */
function randomEdit(text: string, rnd: () => number, history: readonly string[]): string {
  const lines = text.split('\n');
  const line = Math.floor(rnd() * lines.length);
  const pick = () => lines[Math.floor(rnd() * lines.length)]!;
  switch (Math.floor(rnd() * 9)) {
    case 0: { // type a character
      const at = Math.floor(rnd() * (text.length + 1));
      return text.slice(0, at) + 'ab1:- #'[Math.floor(rnd() * 7)] + text.slice(at);
    }
    case 1: { // delete a few characters
      const at = Math.floor(rnd() * text.length);
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 6));
    }
    case 2: lines.splice(line, 0, lines[line] ?? ''); break; // duplicate a line
    case 3: lines.splice(line, 1); break; // delete a line
    case 4: lines.splice(line, 0, '---'); break; // split a document
    case 5: { // join two documents
      const marker = lines.indexOf('---', line);
      if (marker >= 0) lines.splice(marker, 1);
      break;
    }
    case 6: { // give a value another line's value: names, hosts and subsets start to refer to each other
      const target = lines[line]!;
      const value = /:\s+(\S.*)$/.exec(pick());
      const colon = target.indexOf(': ');
      if (value && colon > 0) lines[line] = `${target.slice(0, colon + 2)}${value[1]}`;
      break;
    }
    case 7: return history[Math.floor(rnd() * history.length)] ?? text; // undo to an earlier text
    default: lines[line] = `${lines[line] ?? ''}x`; // a typo at the end of a line
  }
  return lines.join('\n');
}

/**
 * Edits files of a workspace at random, checking after every edit that the workspace's findings
 * equal a fresh analysis and that `changed` names exactly the files whose findings changed.
 */
function checkAgainstScratch(files: ReadonlyMap<string, string>, validator: ResourceValidator | null, seed: number, steps: number): void {
  const rnd = random(seed);
  const texts = new Map(files);
  const history = new Map([...files].map(([f, t]) => [f, [t]]));
  const ws = new Workspace({ config: CONFIG, validator });
  for (const [file, text] of texts) ws.setFile(file, text);
  const state = new Map<string, readonly Finding[]>();
  apply(state, ws.analyze().findings);
  assert.deepEqual(asPlain(state), asPlain(fromScratch(texts, validator)), 'first analysis');
  const names = [...texts.keys()];
  for (let step = 0; step < steps; step++) {
    const file = names[Math.floor(rnd() * names.length)]!;
    const edited = randomEdit(texts.get(file)!, rnd, history.get(file)!);
    texts.set(file, edited);
    history.get(file)!.push(edited);
    ws.setFile(file, edited);
    const result = ws.analyze();
    const differ = apply(state, result.findings);
    assert.deepEqual(asPlain(state), asPlain(fromScratch(texts, validator)), `step ${step}: edit of ${file}`);
    assert.deepEqual(sorted(result.changed), sorted(differ), `step ${step}: changed files`);
  }
}

test('incremental: a large file edited at random gives a fresh analysis\'s findings, schema checks included', () => {
  const corpus = generateCorpus({ resources: 48, mistakeRate: 0.3, seed: 3 });
  checkAgainstScratch(new Map([['file:///corpus.yaml', corpus.text]]), sharedValidator(CONFIG.gatewayApiChannel), 11, 40);
});

test('incremental: the rule fixtures as one workspace, edited at random, give a fresh analysis\'s findings', () => {
  // Every case of every rule in one workspace: cross-file references, and every rule's code path
  // for reusing results, get exercised together. Rules only, to keep fresh analyses quick.
  const dir = path.join(FIXTURES, 'rules');
  const rnd = random(5);
  const files = new Map<string, string>();
  for (const rule of readdirSync(dir).sort()) {
    for (const name of readdirSync(path.join(dir, rule)).sort()) {
      if (!/\.ya?ml$/.test(name) || /\.(fixed|mesh|meshnetworks|options)\.ya?ml$/.test(name) || rnd() > 0.25) continue;
      files.set(`file:///fixtures/${rule}/${name}`, readFileSync(path.join(dir, rule, name), 'utf8'));
    }
  }
  checkAgainstScratch(files, null, 7, 40);
});

test('incremental: a value edit re-parses one document, validates one, and re-runs only the rules reading its kind', () => {
  const corpus = generateCorpus({ resources: 120, seed: 9 });
  const file = 'file:///corpus.yaml';
  const validator = counting(sharedValidator(CONFIG.gatewayApiChannel));
  const ws = new Workspace({ config: CONFIG, validator });
  ws.setFile(file, corpus.text);
  const first = ws.analyze();
  assert.equal(validator.count, 120);

  // Type one character at the end of a DestinationRule's load balancer value, near the middle.
  const lines = corpus.text.split('\n');
  const at = lines.findIndex((l, i) => i > lines.length / 2 && /^\s+simple: ROUND_ROBIN$/.test(l));
  lines[at] += 'X';
  const chunks = new Set(ws.documentsOf(file)!.map((d) => d.chunk));
  validator.count = 0;
  ws.setFile(file, lines.join('\n'));
  const result = ws.analyze();

  assert.equal(ws.documentsOf(file)!.filter((d) => !chunks.has(d.chunk)).length, 1, 'one document parsed again');
  assert.equal(validator.count, 1, 'one document validated again');
  assert.deepEqual(sorted(result.ran), sorted(RULES.filter((r) => r.reads.includes(K.DestinationRule)).map((r) => r.name)),
    'only the rules that read DestinationRules run');
  assert.deepEqual([...result.changed], [file]);
  // Everything not on the edited document is the very object it was: nothing else was re-placed,
  // re-rendered or re-created (which is also how the workspace tells in a glance what changed).
  const edited = ws.documentsOf(file)!.find((d) => !chunks.has(d.chunk))!.index;
  const before = new Set(first.findings.get(file));
  const elsewhere = result.findings.get(file)!.filter((f) => f.documentIndex !== edited);
  assert.ok(elsewhere.length > 20, `only ${elsewhere.length} findings elsewhere`);
  assert.deepEqual(elsewhere.filter((f) => !before.has(f)), []);
  assert.deepEqual(asPlain(result.findings), asPlain(fromScratch(new Map([[file, lines.join('\n')]]), validator)));

  // An edit that adds a line moves every later document down: still one parse and one validation,
  // and every later finding lands one line further down.
  const moved = [...lines];
  moved.splice(at + 1, 0, '      # a comment');
  const chunksNow = new Set(ws.documentsOf(file)!.map((d) => d.chunk));
  validator.count = 0;
  ws.setFile(file, moved.join('\n'));
  const shifted = ws.analyze();
  assert.equal(ws.documentsOf(file)!.filter((d) => !chunksNow.has(d.chunk)).length, 1);
  assert.equal(validator.count, 1);
  assert.deepEqual(shifted.ran, [], 'a comment changes no resource, so no rule runs');
  assert.deepEqual(asPlain(shifted.findings), asPlain(fromScratch(new Map([[file, moved.join('\n')]]), validator)));
});
