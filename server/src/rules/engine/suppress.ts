/**
 * Suppressions: three ways to silence a finding where it is, each keyed on codes (or check names,
 * as settings are), and each applying to every finding — schema checks included.
 *
 *   galley.istio.io/analyze-suppress: "IST0101,IST0118"   on a resource (Istio's annotation:
 *                                                          comma-separated codes, "*" for all)
 *   # mesh-lifecycle-disable-next-line IST0101, MSH1001    the next non-comment line (no codes: all)
 *   # mesh-lifecycle-disable-file MSH2001                   the whole file (no codes: all)
 *
 * Istio's annotation splits on commas and compares exactly; surrounding spaces are trimmed here,
 * which accepts everything Istio accepts. (Istio's `code=Kind ns/name` form belongs to
 * `istioctl analyze --suppress`, not to the annotation.) Anything after ` -- ` in a comment is a
 * free-text reason, as in ESLint.
 */
import type { Finding } from '../../findings/finding';

export const ANALYZE_SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

/** Codes (or names) to silence, or every finding. */
export type SuppressList = ReadonlySet<string> | 'all';

/** The suppression comments of one file. */
export interface Directives {
  /** Suppressed everywhere in the file. */
  readonly file: SuppressList | null;
  /** By zero-based line: suppressed on that line. */
  readonly lines: ReadonlyMap<number, SuppressList>;
}

const NEXT_LINE = /^\s*#\s*mesh-lifecycle-disable-next-line(?=\s|$)(.*)$/;
const FILE = /^\s*#\s*mesh-lifecycle-disable-file(?=\s|$)(.*)$/;
const COMMENT_OR_BLANK = /^\s*(#.*)?$/;

/** Reads the suppression comments of a file's text. */
export function parseDirectives(text: string): Directives {
  if (!text.includes('mesh-lifecycle-disable')) return { file: null, lines: new Map() };
  const lines = text.split('\n');
  let file: SuppressList | null = null;
  const byLine = new Map<number, SuppressList>();
  lines.forEach((line, i) => {
    const whole = FILE.exec(line);
    if (whole) {
      file = merge(file, codesOf(whole[1]!));
      return;
    }
    const next = NEXT_LINE.exec(line);
    if (!next) return;
    let target = i + 1;
    while (target < lines.length && COMMENT_OR_BLANK.test(lines[target]!)) target++;
    byLine.set(target, merge(byLine.get(target) ?? null, codesOf(next[1]!)));
  });
  return { file, lines: byLine };
}

/** The codes of Istio's suppress annotation on a resource value, or null without one. */
export function annotationSuppressions(value: unknown): SuppressList | null {
  const metadata = (value as { metadata?: { annotations?: Record<string, unknown> } } | null)?.metadata;
  const raw = metadata?.annotations?.[ANALYZE_SUPPRESS_ANNOTATION];
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const codes = raw.split(',').map((c) => c.trim()).filter((c) => c !== '');
  return codes.includes('*') ? 'all' : new Set(codes);
}

/** Whether a finding is silenced by its file's comments or its resource's annotation. */
export function isSuppressed(finding: Finding, directives: Directives | null, annotation: SuppressList | null): boolean {
  return covers(directives?.file ?? null, finding) || covers(directives?.lines.get(finding.range.start.line) ?? null, finding) || covers(annotation, finding);
}

function covers(list: SuppressList | null, finding: Finding): boolean {
  if (list === null) return false;
  return list === 'all' || list.has(finding.code) || list.has(finding.name);
}

function codesOf(rest: string): SuppressList {
  const body = rest.split(/\s--\s/)[0]!.trim();
  const codes = body.split(/[\s,]+/).filter((c) => c !== '');
  return codes.length === 0 ? 'all' : new Set(codes);
}

function merge(a: SuppressList | null, b: SuppressList): SuppressList {
  if (a === null) return b;
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...a, ...b]);
}
