/**
 * Line arithmetic on whole texts as LSP clients count it: `\r\n`, `\n` and a lone `\r` each end
 * a line, and columns count UTF-16 code units. Editor features use it to turn the offsets of text
 * edits and AST nodes into positions and back.
 */
import type { Position } from '../parse/types';

/** Offsets at which lines start; always begins with 0. */
export function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The position of an offset (clamped to the text), given the text's line starts. */
export function positionOf(starts: readonly number[], textLength: number, offset: number): Position {
  const at = Math.max(0, Math.min(offset, textLength));
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= at) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: at - starts[low]! };
}
