/**
 * The fixed hostile inputs every fuzz run also sends (once each, not shrunk): what each must be
 * answered with, and how fast. `expect` returns null when the diagnostics are right, otherwise
 * what is wrong with them.
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { Edit } from './generators';
import { countLineBreaks } from '../../server/src/parse/lines';
import {
  aliasBombResource, binaryText, deepResource, indentedNesting, largeFile, latin1Manifest, longDocument, pngLike, wideAliasResource,
} from './hostile';

export interface Giant {
  readonly name: string;
  readonly text: () => string;
  /** Edits after the open, each awaited: a keystroke in the middle and one at the end. */
  readonly edits: readonly Edit[];
  readonly expect: (diagnostics: readonly Diagnostic[]) => string | null;
  /**
   * Budget for the diagnostics after each change; null means the 1 s invariant (see `budgetNote`
   * when it is not). Requests sent behind each change always have the 1 s budget: answered, or
   * cleanly cancelled by the server's front while the analysis runs.
   */
  readonly budgetMs: number | null;
  /** A separate budget for the open, when moving the text itself dominates it. */
  readonly openBudgetMs?: number;
  readonly budgetNote?: string;
}

/**
 * Whether the diagnostics times (open first, then each edit) are within the giant's budgets, and
 * every request time within the default budget (the request behind the open: within the open's
 * budget when it has one, since the request waits behind the text on the same pipe).
 */
export function withinBudget(giant: Giant, times: readonly number[], requestTimes: readonly number[], defaultBudgetMs: number): boolean {
  const budget = giant.budgetMs ?? defaultBudgetMs;
  return times.every((t, i) => t <= (i === 0 ? giant.openBudgetMs ?? budget : budget))
    && requestTimes.every((t, i) => t <= (i === 0 ? giant.openBudgetMs ?? defaultBudgetMs : defaultBudgetMs));
}

const TRANSPORT = 'Opening a 50 MB file moves 50 MB of JSON over the pipe: serialising it in the client and parsing it ' +
  'in the server take 0.5-1.5 s on a busy 2-core machine before any analysis starts. Keystrokes in it are answered within 1 s.';

const KEYSTROKES: readonly Edit[] = [
  { op: 'insert', at: 500_000, text: 'x' },
  { op: 'insert', at: 1_000_000, text: '\n# done\n' },
];

/** Exactly one diagnostic with this code whose message matches, starting on `line` (when given). */
function one(code: string, message: RegExp, line?: number): (d: readonly Diagnostic[]) => string | null {
  return (diagnostics) => {
    if (diagnostics.length !== 1) return `expected one ${code}, got ${diagnostics.length}: ${JSON.stringify(diagnostics.slice(0, 3))}`;
    const [d] = diagnostics;
    if (d!.code !== code) return `expected ${code}, got ${d!.code}: ${d!.message}`;
    if (!message.test(String(d!.message))) return `message "${d!.message}" does not match ${message}`;
    if (line !== undefined && d!.range.start.line !== line) return `expected it on line ${line}, got ${JSON.stringify(d!.range)}`;
    return null;
  };
}

/** The editor's line (\r, \n and \r\n all end one) of a binary text's first NUL, where its finding sits. */
function lineOfFirstNul(text: string): number {
  return countLineBreaks(text.slice(0, text.indexOf('\u0000')));
}

function none(diagnostics: readonly Diagnostic[]): string | null {
  return diagnostics.length === 0 ? null : `expected no diagnostics, got ${JSON.stringify(diagnostics.slice(0, 3))}`;
}

const TOO_LARGE = /larger than the .* limit.*meshLifecycle\.maxFileSize/;
const TOO_DEEP = /nests deeper than 256 levels/;

export const GIANTS: readonly Giant[] = [
  {
    name: '50 MB file', text: () => largeFile(50 * 1024 * 1024), edits: KEYSTROKES, expect: one('MSH0002', TOO_LARGE, 0),
    budgetMs: null, openBudgetMs: 3_000, budgetNote: TRANSPORT,
  },
  {
    name: '100,000-line single document', text: () => longDocument(100_000), edits: KEYSTROKES, expect: none, budgetMs: 6_000,
    budgetNote: 'Parsing all 100,000 lines with the yaml library takes 1-3 s on a 2-core machine: the open, and the keystroke ' +
      'at the end (a comment typed after the last entry, which parse/patch.ts leaves to a full parse), take that long. The ' +
      'keystroke in the middle re-parses one entry (about 0.3 s; see "keystrokes in the middle of a 100,000-line document"). ' +
      'Requests meanwhile are answered within 1 s by the front (cancelled while the analysis thread is busy).',
  },
  { name: '10,000-deep flow sequences', text: () => deepResource('flow'), edits: KEYSTROKES, expect: one('MSH0002', TOO_DEEP, 6), budgetMs: null },
  { name: '10,000-deep flow mappings', text: () => deepResource('flow-map'), edits: KEYSTROKES, expect: one('MSH0002', TOO_DEEP, 6), budgetMs: null },
  { name: '10,000-deep block sequences', text: () => deepResource('compact'), edits: KEYSTROKES, expect: one('MSH0002', TOO_DEEP, 7), budgetMs: null },
  { name: '10,000-deep explicit keys', text: () => deepResource('explicit'), edits: KEYSTROKES, expect: one('MSH0002', TOO_DEEP, 7), budgetMs: null },
  // One space more per level: 10,000 levels take 50 MB, so the size limit answers first.
  {
    name: '10,000-deep indented mappings', text: () => indentedNesting(10_000), edits: KEYSTROKES, expect: one('MSH0002', TOO_LARGE, 0),
    budgetMs: null, openBudgetMs: 3_000, budgetNote: TRANSPORT,
  },
  { name: '1,000-deep indented mappings', text: () => indentedNesting(1_000), edits: KEYSTROKES, expect: one('MSH0002', TOO_DEEP), budgetMs: null },
  { name: 'alias bomb (10^10 expansions)', text: aliasBombResource, edits: KEYSTROKES, expect: one('MSH0002', /alias bomb/, 7), budgetMs: null },
  { name: 'one anchor aliased 5,000 times', text: () => wideAliasResource(), edits: KEYSTROKES, expect: one('MSH0002', /more than 1000 aliases/, 1007), budgetMs: null },
  { name: 'random bytes with NULs, decoded as UTF-8', text: () => binaryText(64 * 1024, 3), edits: KEYSTROKES, expect: one('MSH0002', /NUL bytes and looks binary/, lineOfFirstNul(binaryText(64 * 1024, 3))), budgetMs: null },
  {
    name: 'random bytes without NULs, decoded as UTF-8', text: () => binaryText(64 * 1024, 5).replace(/\0/g, 'x'), edits: KEYSTROKES,
    expect: (d) => (d.length >= 1 && d.every((x) => x.code === 'MSH0001' && /control character U\+[0-9A-F]{4}.*binary/.test(String(x.message))) ? null
      : `expected only MSH0001 "control character" errors, got ${JSON.stringify(d.slice(0, 3))}`),
    budgetMs: null,
  },
  { name: 'PNG header', text: pngLike, edits: KEYSTROKES, expect: one('MSH0002', /binary/, lineOfFirstNul(pngLike())), budgetMs: null },
  { name: 'Latin-1 manifest (invalid UTF-8)', text: latin1Manifest, edits: [], expect: one('MSH0001', /U\+FFFD/, 5), budgetMs: null },
];
