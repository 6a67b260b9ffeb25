/**
 * Characters that tell us the text is not really YAML: control characters YAML forbids (binary
 * content, or a file in another encoding), and U+FFFD, which is what an editor or `readFile(...,
 * 'utf8')` puts where bytes were not valid UTF-8. One finding per document says so at the first
 * such character, instead of a cascade of syntax errors from whatever the parser makes of it.
 */

/**
 * Not in YAML 1.2's c-printable set: C0 controls other than tab, LF and CR; DEL; C1 controls other
 * than NEL; the non-characters U+FFFE/U+FFFF; and unpaired surrogates.
 */
const NOT_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const REPLACEMENT = /\uFFFD/g;

export interface CharacterProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly offset: number;
  /** Length of the character at `offset` in UTF-16 code units. */
  readonly length: number;
}

/** The first forbidden control character, or else the first U+FFFD; null for clean text. */
export function characterProblem(text: string): CharacterProblem | null {
  const control = firstAndCount(text, NOT_PRINTABLE);
  if (control) {
    // Every forbidden character is one code unit. Not codePointAt: in Node 24 (V8 13.6) its
    // optimised form reads past the end of a sliced string, pairing a trailing lone high
    // surrogate with the code unit that follows the slice in its parent string.
    const code = text.charCodeAt(control.offset);
    const more = control.count > 1 ? ` (and ${control.count - 1} more)` : '';
    return {
      severity: 'error',
      offset: control.offset,
      length: 1,
      message: `This document contains the control character ${codePoint(code)}${more}, which YAML does not allow; ` +
        'the file looks binary or is not UTF-8 text, so it is not analysed.',
    };
  }
  const replaced = firstAndCount(text, REPLACEMENT);
  if (replaced) {
    const more = replaced.count > 1 ? ` (and ${replaced.count - 1} more)` : '';
    return {
      severity: 'warning',
      offset: replaced.offset,
      length: 1,
      message: `This document contains the replacement character U+FFFD${more}: the file is probably not valid UTF-8 ` +
        'and the bytes here were lost when it was read. Save it as UTF-8.',
    };
  }
  return null;
}

function firstAndCount(text: string, pattern: RegExp): { offset: number; count: number } | null {
  pattern.lastIndex = 0;
  const first = pattern.exec(text);
  if (!first) return null;
  let count = 1;
  while (pattern.exec(text)) count++;
  return { offset: first.index, count };
}

function codePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
