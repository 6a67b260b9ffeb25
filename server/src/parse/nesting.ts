/**
 * Nesting found by reading the text, before the yaml parser sees it. The parser recurses once per
 * level, so absurd nesting would exhaust the call stack; where exactly it does depends on how much
 * stack the caller and the JIT happen to leave, so a finding placed there moved between two
 * analyses of the same text. These scans are deterministic and stop at the first level past the
 * limit, which is where the finding goes.
 *
 * Both are estimates that never undercount real nesting by much and overcount only in text that
 * is absurd anyway (a block scalar whose lines indent further and further), so a document they
 * pass parses within the stack, and the exact depth check on the AST (document.ts) still runs.
 */

export interface Nesting {
  readonly depth: number;
  /** Where the first level past the limit starts; 0 when the depth is within the limit. */
  readonly offset: number;
}

/**
 * Deepest `[`/`{` nesting outside quotes and comments, stopping early past the limit. It can
 * overcount inside block scalars, which only matters for text that is absurd anyway.
 */
export function deepestFlowNesting(text: string, limit: number): { depth: number; offset: number } {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      // Only a quote that opens a scalar starts a quoted string (`[it's]` is a plain scalar).
      if (depth > 0 && /[\s[{,:]/.test(text[i - 1] ?? ' ')) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const newline = text.indexOf('\n', i);
      if (newline === -1) break;
      i = newline;
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return { depth, offset: i };
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return { depth, offset: 0 };
}

/** A line whose value is a block scalar: `key: |`, `- >-`, `|2` (with an optional comment). */
const BLOCK_SCALAR_HEADER = /(?:^|[ \t])[|>][-+0-9]*[ \t]*(?:#.*)?\r?$/;

/**
 * Deepest block nesting, from indentation: a line indented further than the collections open
 * above it opens one more, and each `- `, `? ` or `: ` indicator that is followed by more content
 * on the same line (`- - - x`, `- key: v`) opens one more at the column of that content. Comment
 * lines and block scalar contents are skipped.
 */
export function deepestBlockNesting(text: string, limit: number): Nesting {
  const open: number[] = [];
  let scalarParent = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let indent = 0;
    while (text.charCodeAt(lineStart + indent) === 32) indent++;
    const first = lineStart + indent;
    const blank = first >= lineEnd || text[first] === '#' || text[first] === '\r';
    if (scalarParent >= 0 && (blank || indent > scalarParent)) {
      // Inside a block scalar: its lines are text, however they are indented.
    } else if (!blank) {
      scalarParent = -1;
      while (open.length > 0 && open[open.length - 1]! > indent) open.pop();
      if (open.length === 0 || open[open.length - 1]! < indent) {
        open.push(indent);
        if (open.length > limit) return { depth: open.length, offset: first };
      }
      // Compact nesting on this line: an indicator, then content at a further column.
      let at = first;
      for (;;) {
        const c = text[at];
        if ((c !== '-' && c !== '?' && c !== ':') || !/[ \t]/.test(text[at + 1] ?? '')) break;
        let next = at + 1;
        while (text[next] === ' ' || text[next] === '\t') next++;
        if (next >= lineEnd || text[next] === '#' || text[next] === '\r') break;
        open.push(next - lineStart);
        if (open.length > limit) return { depth: open.length, offset: next };
        at = next;
      }
      const content = text.slice(first, lineEnd);
      if (BLOCK_SCALAR_HEADER.test(content)) scalarParent = indent;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return { depth: open.length, offset: 0 };
}
