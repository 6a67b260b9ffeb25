/**
 * YAML streams that mix the three line ends an LSP client counts (`\n`, `\r\n` and a lone `\r`)
 * around `---` and `...` markers, with the chunks splitDocuments should cut them into. The split
 * and the incremental re-split tests share them; `lineAt` gives the line every chunk should start
 * on, counted without the code under test.
 */

export interface LineEndCase {
  readonly name: string;
  readonly text: string;
  /** The chunks' texts, in order. */
  readonly chunks: readonly string[];
}

export const LINE_END_CASES: readonly LineEndCase[] = [
  { name: 'CRLF around `...`', text: 'a: 1\r\n...\r\nb: 2\r\n', chunks: ['a: 1\r\n...\r\n', 'b: 2\r\n'] },
  { name: 'lone CR before and inside a `---` line', text: 'a: 1\rc: 2\n---\rd: 3\ne: 4\n', chunks: ['a: 1\rc: 2\n', '---\rd: 3\ne: 4\n'] },
  { name: 'lone CR then CRLF after `...`', text: 'a: 1\n...\r\r\nb: 2\n', chunks: ['a: 1\n...\r\r\n', 'b: 2\n'] },
  // Only `\n` starts a line the split looks at, as in the yaml library.
  { name: '`---` after a lone CR is no marker', text: 'a: 1\r---\nb: 2\n', chunks: ['a: 1\r---\nb: 2\n'] },
  { name: 'lone CRs inside a `...` line, then `---`', text: '...\rx\r...\n---\nb: 1\n', chunks: ['...\rx\r...\n', '---\nb: 1\n'] },
  { name: 'three lone CRs after `...` and a comment', text: 'a: 1\n... # end\r\r\rb: 2\n---\r\nc: 3', chunks: ['a: 1\n... # end\r\r\rb: 2\n', '---\r\nc: 3'] },
  { name: 'consecutive `...` lines with CRLF', text: '---\r\r\n...\r\n...\r\n---\n', chunks: ['---\r\r\n...\r\n', '...\r\n', '---\n'] },
  {
    name: 'every kind in one stream',
    text: 'a: 1\r\n---\r\n...\r# c\r\n---\nc: 1\r\rd: 2\n...\n\re: 3\r',
    chunks: ['a: 1\r\n', '---\r\n...\r# c\r\n', '---\nc: 1\r\rd: 2\n...\n', '\re: 3\r'],
  },
];

/** The zero-based line of `offset` in `text`, as an LSP client counts lines. */
export function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split(/\r\n|\r|\n/).length - 1;
}
