/**
 * Self-checking fixtures: a YAML case says what it expects inline.
 *
 *   subset: bogus        # expect: IST0101            a finding with this code starts on this line
 *   wieght: 20           # expect: MSH1001 MSH1002    several codes on one line
 *   subset: bogus        # expect: IST0101/unknownSubset   a code pinned to a rule's messageId
 *   #       ^^^^^ MSH1005                             caret form: the finding covers exactly these
 *                                                     columns of the line above
 *
 * Matching is exact: every finding must be marked and every marker found. On a mismatch the
 * harness renders the fixture with the actual markers, so the failure reads as a diff of YAML;
 * UPDATE_FIXTURES=1 writes those markers back into the file.
 */
import type { Finding } from '../../server/src/findings/finding';

/** What one marker asserts. `columns` is set for caret markers, `messageId` for pinned ones. */
export interface Expectation {
  readonly line: number;
  readonly code: string;
  readonly messageId?: string;
  readonly columns?: { readonly start: number; readonly end: number };
}

const MARK = '[A-Z]+[0-9]+(?:/[A-Za-z][A-Za-z0-9_-]*)?';
const TRAILING = new RegExp(`\\s#\\s*expect:\\s*(${MARK}(?:[ ,]+${MARK})*)\\s*$`);
const CARET = /^(\s*#)(\s*)(\^+)\s+([A-Z]+[0-9]+)\s*$/;

/** Reads the markers of a fixture. Caret lines point at the closest non-caret line above. */
export function readMarkers(text: string): Expectation[] {
  const lines = text.split('\n');
  const out: Expectation[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const caret = CARET.exec(line);
    if (caret) {
      if (target < 0) throw new Error(`caret marker on line ${i + 1} has no line above it`);
      const start = caret[1]!.length + caret[2]!.length;
      out.push({ line: target, code: caret[4]!, columns: { start, end: start + caret[3]!.length } });
      return;
    }
    target = i;
    const trailing = TRAILING.exec(line);
    if (trailing) {
      for (const mark of trailing[1]!.split(/[ ,]+/)) {
        const [code, messageId] = mark.split('/') as [string, string | undefined];
        out.push(messageId ? { line: i, code, messageId } : { line: i, code });
      }
    }
  });
  return out;
}

/** Compares findings with markers; returns a readable report of differences, or null. */
export function compareWithMarkers(text: string, findings: readonly Finding[]): string | null {
  const expected = readMarkers(text);
  const remaining = [...findings];
  const missing: Expectation[] = [];
  for (const e of expected) {
    const i = remaining.findIndex((f) => f.range.start.line === e.line && f.code === e.code &&
      (e.messageId === undefined || f.messageId === e.messageId) &&
      (!e.columns || (f.range.start.character === e.columns.start && f.range.end.line === e.line && f.range.end.character === e.columns.end)));
    if (i === -1) missing.push(e);
    else remaining.splice(i, 1);
  }
  if (missing.length === 0 && remaining.length === 0) return null;
  const describe = (line: number, code: string, extra = '') => `  line ${line + 1}: ${code}${extra}`;
  return [
    ...(missing.length ? ['expected but not found:', ...missing.map((m) => describe(m.line, m.messageId ? `${m.code}/${m.messageId}` : m.code, m.columns ? ` at columns ${m.columns.start + 1}-${m.columns.end}` : ''))] : []),
    ...(remaining.length ? ['found but not marked:', ...remaining.map((f) => describe(f.range.start.line, f.messageId ? `${f.code}/${f.messageId}` : f.code,
      ` at ${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.message}`))] : []),
    '', 'the fixture with actual markers:', renderWithMarkers(text, findings),
  ].join('\n');
}

/**
 * Rewrites trailing markers to match the findings (used by UPDATE_FIXTURES=1 and failure output).
 * A line whose old markers pinned messageIds keeps pinning them.
 */
export function renderWithMarkers(text: string, findings: readonly Finding[]): string {
  const pinned = new Set(readMarkers(text).filter((e) => e.messageId !== undefined && !e.columns).map((e) => e.line));
  const byLine = new Map<number, string[]>();
  for (const f of findings) {
    const line = f.range.start.line;
    const mark = pinned.has(line) && f.messageId ? `${f.code}/${f.messageId}` : f.code;
    byLine.set(line, [...(byLine.get(line) ?? []), mark]);
  }
  // Caret lines are dropped (their columns cannot be re-derived reliably), but line numbers
  // still refer to the original text, so filter after mapping.
  return text.split('\n')
    .map((line, i) => {
      if (CARET.test(line)) return null;
      const bare = TRAILING.test(line) ? line.replace(TRAILING, '').trimEnd() : line;
      const codes = byLine.get(i);
      return codes ? `${bare}  # expect: ${[...new Set(codes)].sort().join(' ')}` : bare;
    })
    .filter((line): line is string => line !== null)
    .join('\n');
}
