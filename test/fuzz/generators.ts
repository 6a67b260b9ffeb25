/**
 * fast-check generators for fuzz cases: a realistic starting file, then a sequence of edits the
 * way editors send them. Positions are drawn as fractions of the current text and resolved only
 * when the edit is applied, so every shrunk case is still a valid edit sequence.
 */
import fc from 'fast-check';
import { generateCorpus } from '../support/corpus';
import { aliasBomb, flowNesting, compactSequenceNesting } from './hostile';
import { KINDS, MANIFESTS } from './manifests';

/** How the starting text is built. */
export interface BaseSpec {
  /** Generated corpus resources (0: hand-written manifests only). */
  readonly corpusResources: number;
  readonly corpusSeed: number;
  /** Indexes into MANIFESTS, in file order. */
  readonly manifests: readonly number[];
  readonly leadingMarker: boolean;
  readonly lineEnds: 'lf' | 'crlf' | 'mixed';
  readonly bom: boolean;
  /** Replace two-space indentation with tabs on some lines (a YAML error users do make). */
  readonly tabs: boolean;
  /** Put non-ASCII text in names and comments. */
  readonly nonAscii: boolean;
}

/** A position as a fraction of the text, in millionths. */
type At = number;

export type Edit =
  | { readonly op: 'insert'; readonly at: At; readonly text: string }
  | { readonly op: 'delete'; readonly at: At; readonly length: number }
  | { readonly op: 'replace'; readonly at: At; readonly length: number; readonly text: string }
  /** Switch the nth `kind:` (and its document's apiVersion) to KINDS[kind]. */
  | { readonly op: 'kind'; readonly nth: number; readonly kind: number }
  /** Send the whole text instead of a range (full-document sync within an incremental session). */
  | { readonly op: 'whole'; readonly at: At; readonly text: string }
  /** A range past the end of a line or of the text: the server must clamp as the protocol says. */
  | { readonly op: 'sloppy'; readonly lineOver: number; readonly characterOver: number; readonly text: string };

/** One `didChange` notification (its edits are its content changes, applied in order). */
export interface Step {
  readonly edits: readonly Edit[];
  /** Wait for the diagnostics of this version before the next step; otherwise send on (typing faster than analysis). */
  readonly wait: boolean;
}

export interface FuzzCase {
  readonly base: BaseSpec;
  readonly steps: readonly Step[];
}

const FRAGMENTS = [
  ': ', '- ', '\n', '  ', '    ', '\t', '{', '}', '[', ']', ',', '"', "'", '#', '# comment\n', '&a ', '*a', '*missing',
  '!!str ', '!!binary ', '!custom ', '? ', '|\n', '>-\n', '---\n', '...\n', '%YAML 1.2\n', '%TAG ! tag:x,2024:\n',
  'kind: HTTPRoute\n', 'apiVersion: v1\n', 'metadata:\n  name: x\n', 'spec: {}\n', 'weight: 50', 'weight: "50"',
  '<<: *a\n', 'host: reviews\n', 'subset: v3\n', 'hosts: [a, a]\n', 'name: name\nname: dup\n', '\r\n', '\r', '\uFEFF',
  'ü', 'café', '名前', 'Ωμέγα', '🚀', '👩‍💻', '\uFFFD', '\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u00a0',
  '\u2028', '\u2029', '\ud83d', '\ude80', 'null', '~', '0x1F', '0o17', '.inf', '-.nan', '1e400', '9'.repeat(40),
  '"\\u0000"', '"\\x"', "'it''s'", 'yes', 'on', '2024-01-01T00:00:00Z', '=', '@', '`', '%', '\\',
] as const;

/** Text a user might paste or type: YAML punctuation, manifest lines, junk and invalid UTF-8. */
export const junk: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 8 }).map((a) => a.join('')) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 3, arbitrary: fc.tuple(fc.nat(MANIFESTS.length - 1), fc.nat(1000), fc.nat(300))
    .map(([i, from, len]) => { const m = MANIFESTS[i]!; const s = from % m.length; return m.slice(s, s + len); }) },
  // Bytes as a client delivers a file that is not UTF-8: every invalid sequence becomes U+FFFD.
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => new TextDecoder('utf-8').decode(b)) },
  { weight: 1, arbitrary: fc.constantFrom(aliasBomb(9, 9), flowNesting(300), flowNesting(10_000), compactSequenceNesting(2_000), '\t'.repeat(500), 'x'.repeat(20_000)) },
);

const at: fc.Arbitrary<At> = fc.nat(1_000_000);
const length: fc.Arbitrary<number> = fc.oneof({ weight: 4, arbitrary: fc.nat(20) }, { weight: 1, arbitrary: fc.nat(2_000) });

export const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('insert' as const), at, text: junk }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('delete' as const), at, length }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('replace' as const), at, length, text: junk }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('kind' as const), nth: fc.nat(8), kind: fc.nat(KINDS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('whole' as const), at, text: junk }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('sloppy' as const), lineOver: fc.nat(3), characterOver: fc.integer({ min: 1, max: 500 }), text: junk }) },
);

export const step: fc.Arbitrary<Step> = fc.record({
  edits: fc.array(edit, { minLength: 1, maxLength: 3 }),
  wait: fc.boolean(),
});

export const base: fc.Arbitrary<BaseSpec> = fc.record({
  corpusResources: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 24 }) }),
  corpusSeed: fc.nat(1_000_000),
  manifests: fc.array(fc.nat(MANIFESTS.length - 1), { minLength: 0, maxLength: 4 }),
  leadingMarker: fc.boolean(),
  lineEnds: fc.constantFrom('lf' as const, 'lf' as const, 'crlf' as const, 'mixed' as const),
  bom: fc.boolean(),
  tabs: fc.boolean(),
  nonAscii: fc.boolean(),
});

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  base,
  steps: fc.array(step, { minLength: 1, maxLength: 8 }),
});

/** The starting text of a case. */
export function baseText(spec: BaseSpec): string {
  const docs: string[] = [];
  if (spec.corpusResources > 0) {
    docs.push(generateCorpus({ resources: spec.corpusResources, seed: spec.corpusSeed, mistakeRate: 0.2 }).text);
  }
  for (const i of spec.manifests) docs.push(MANIFESTS[i]!);
  let text = (spec.leadingMarker ? '---\n' : '') + docs.join('---\n');
  if (spec.nonAscii) {
    text = text.replace(/name: ([a-z0-9-]+)/, 'name: $1 # naïve café, 名前, 🚀')
      .replace(/^(metadata:)$/m, '$1 # Größe — ünïcödé');
  }
  if (spec.tabs) {
    let n = 0;
    text = text.replace(/^ {2}/gm, (m) => (n++ % 7 === 3 ? '\t' : m));
  }
  if (spec.lineEnds === 'crlf') text = text.replace(/\n/g, '\r\n');
  else if (spec.lineEnds === 'mixed') {
    let n = 0;
    text = text.replace(/\n/g, () => (n++ % 3 === 1 ? '\r\n' : '\n'));
  }
  return (spec.bom ? '\uFEFF' : '') + text;
}
