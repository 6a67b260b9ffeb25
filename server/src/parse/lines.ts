/**
 * Line arithmetic as LSP clients do it: `\r\n`, `\n` and a lone `\r` each end a line, and columns
 * count UTF-16 code units. The yaml library's own LineCounter only knows `\n`, so after a lone CR
 * (old Mac line ends, pasted text) its lines disagree with the editor's; every range the engine
 * reports goes through here instead.
 */
import type { Position } from './types';

/** Offsets at which lines start; always begins with 0. */
export function lineStarts(text: string): number[] {
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

/** The position of `offset` (clamped to the text) given the text's line starts. */
export function positionAt(starts: readonly number[], textLength: number, offset: number): Position {
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

/** How many line breaks `text` holds, counting `\r\n` once and a lone `\r` as one. */
export function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 10) count++;
  }
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
