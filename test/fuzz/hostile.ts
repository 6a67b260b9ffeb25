/**
 * Hostile inputs, built deterministically: each class of bad input the product must answer with
 * one clear, positioned finding (or, for big-but-legal files, with ordinary findings in time).
 * Shared by the fuzz suite, the hostile-input tests and the standalone runner.
 */
import { generateCorpus } from '../support/corpus';

const META = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\n  namespace: fuzz\n';
const HEADER = `${META}data:\n`;

/** "Billion laughs": `levels` anchors, each a list of `fanout` aliases to the previous one. */
export function aliasBomb(levels: number, fanout: number): string {
  const lines = [`l0: &l0 [${Array(fanout).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(fanout).fill(`*l${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

/** The alias bomb inside a resource, where an editor user would paste it. */
export function aliasBombResource(): string {
  return `${META}data:\n${aliasBomb(10, 10).replace(/^(?=.)/gm, '  ')}`;
}

/** One big anchored list referenced many times: quadratic, not exponential, growth. */
export function wideAliasResource(items = 5_000, references = 5_000): string {
  const list = Array.from({ length: items }, (_, i) => `"item-${i}"`).join(', ');
  const refs = Array.from({ length: references }, (_, i) => `  r${i}: *big`).join('\n');
  return `${META}data:\n  big: &big [${list}]\n${refs}\n`;
}

export function flowNesting(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

export function flowMapNesting(depth: number): string {
  return '{a: '.repeat(depth) + 'x' + '}'.repeat(depth);
}

/** Block sequences nested on one line (`- - - x`): deep block nesting in little text. */
export function compactSequenceNesting(depth: number): string {
  return '- '.repeat(depth) + 'x';
}

/** Nested explicit keys (`? ? ? x`). */
export function explicitKeyNesting(depth: number): string {
  return '? '.repeat(depth) + 'x';
}

/** Classic indented block mappings, `depth` levels (one space per level, so it grows as depth²). */
export function indentedNesting(depth: number): string {
  const lines: string[] = [];
  for (let i = 0; i < depth; i++) lines.push(`${' '.repeat(i)}k${i}:`);
  return lines.join('\n') + ' leaf\n';
}

/** Deep nesting of each style as the value of a ConfigMap key. */
export function deepResource(style: 'flow' | 'flow-map' | 'compact' | 'explicit', depth = 10_000): string {
  switch (style) {
    case 'flow': return `${HEADER}  deep: ${flowNesting(depth)}\n`;
    case 'flow-map': return `${HEADER}  deep: ${flowMapNesting(depth)}\n`;
    case 'compact': return `${HEADER}  deep:\n    ${compactSequenceNesting(depth)}\n`;
    case 'explicit': return `${HEADER}  deep:\n    ${explicitKeyNesting(depth)}\n`;
  }
}

/** A single document of `lines` lines (a ConfigMap with one key per line). */
export function longDocument(lines: number): string {
  const out = [HEADER.trimEnd()];
  for (let i = out.join('\n').split('\n').length; i < lines; i++) out.push(`  key-${i}: value-${i}`);
  return out.join('\n') + '\n';
}

/** Realistic manifests repeated to at least `chars` characters (a generated corpus, 2,000 resources a round). */
export function largeFile(chars: number): string {
  const unit = generateCorpus({ resources: 2_000, seed: 11 }).text;
  const rounds = Math.ceil(chars / (unit.length + 4));
  return Array(rounds).fill(unit).join('---\n');
}

/** Deterministic pseudo-random bytes, decoded as an editor would: invalid UTF-8 becomes U+FFFD. */
export function binaryText(bytes: number, seed = 1): string {
  let a = seed >>> 0;
  const buf = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    buf[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return new TextDecoder('utf-8').decode(buf);
}

/** The start of a PNG file as an editor decodes it, then a few manifest-looking lines. */
export function pngLike(): string {
  return new TextDecoder('utf-8').decode(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])) + '\nkind: x\n';
}

/** A manifest saved as Latin-1: its é is one byte that is not valid UTF-8, so it reads as U+FFFD. */
export function latin1Manifest(): string {
  const bytes = Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: menu\ndata:\n  dish: "caf\u00e9"\n', 'latin1');
  return new TextDecoder('utf-8').decode(bytes);
}
