/**
 * Splits a YAML stream into one chunk per document without parsing it.
 *
 * Why: an editor changes one document at a time, so parsing and checking per chunk lets every
 * unchanged document be served from a content-keyed cache (see cache.ts). A line that starts with
 * `---` or `...` at column 0 is always a document marker in YAML — it even ends a block scalar —
 * so splitting on such lines never cuts a document in half.
 *
 * Each chunk starts at a line start, so a position inside it maps back to the file by adding its
 * first line; columns are unchanged. Lines are counted as LSP clients count them (a lone CR ends
 * one too), although only `\n` can start a document, as in the yaml library.
 */

/** A slice of the file text that holds at most one YAML document. */
export interface TextChunk {
  /** The chunk's text, including its leading `---` line when it has one. */
  readonly text: string;
  /** Offset of the chunk's first character in the file. */
  readonly startOffset: number;
  /** Zero-based line of the chunk's first character in the file. */
  readonly startLine: number;
}

const DOCUMENT_START = /^---(?:[ \t\r]|$)/;
const DOCUMENT_END = /^\.\.\.(?:[ \t\r]|$)/;
const DIRECTIVE = /^%/;

/** Splits `text` into document chunks. Directive lines stay with the document they precede. */
export function splitDocuments(text: string): TextChunk[] {
  const chunks: TextChunk[] = [];
  let chunkStart = 0;
  let chunkStartLine = 0;
  // True once the current chunk holds something other than directives, comments or blanks,
  // or an explicit `---`: a following `---` then starts a new document.
  let hasBody = false;
  let sawDirectiveOnly = false;
  let offset = 0;
  let line = 0;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 ? text.length : newline;
    const lineText = text.slice(offset, lineEnd);
    // Editors also end a line at a lone CR; count those so startLine is the line they show.
    const nextLine = line + 1 + (lineText.includes('\r') ? loneCarriageReturns(lineText) : 0);
    if (DOCUMENT_START.test(lineText)) {
      if (hasBody && !sawDirectiveOnly) {
        chunks.push({ text: text.slice(chunkStart, offset), startOffset: chunkStart, startLine: chunkStartLine });
        chunkStart = offset;
        chunkStartLine = line;
      }
      hasBody = true;
      sawDirectiveOnly = false;
    } else if (DOCUMENT_END.test(lineText)) {
      // `...` closes the current document; what follows belongs to the next one.
      const next = newline === -1 ? text.length : newline + 1;
      chunks.push({ text: text.slice(chunkStart, next), startOffset: chunkStart, startLine: chunkStartLine });
      chunkStart = next;
      chunkStartLine = nextLine;
      hasBody = false;
      sawDirectiveOnly = false;
    } else if (DIRECTIVE.test(lineText) && !hasBody) {
      sawDirectiveOnly = true;
    } else if (!hasBody && !sawDirectiveOnly && isContent(lineText)) {
      hasBody = true;
    }
    if (newline === -1) break;
    offset = newline + 1;
    line = nextLine;
  }
  if (chunkStart < text.length || chunks.length === 0) {
    chunks.push({ text: text.slice(chunkStart), startOffset: chunkStart, startLine: chunkStartLine });
  }
  return chunks;
}

/** CRs in a line (which excludes its `\n`) that do not end it, each a line break to an LSP client. */
function loneCarriageReturns(lineText: string): number {
  let count = 0;
  for (let i = lineText.indexOf('\r'); i !== -1 && i < lineText.length - 1; i = lineText.indexOf('\r', i + 1)) count++;
  return count;
}

function isContent(lineText: string): boolean {
  const trimmed = lineText.trimStart();
  return trimmed.length > 0 && !trimmed.startsWith('#');
}
