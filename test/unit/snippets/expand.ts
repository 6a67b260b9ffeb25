/**
 * Expands a VS Code snippet body the way the editor does when the user accepts every default:
 * each placeholder keeps its default text, a choice becomes its first option, variables take the
 * values given (unset ones fall back to their default), and escapes are undone.
 *
 * The grammar is VS Code's documented snippet syntax:
 *
 *   any         ::= tabstop | placeholder | choice | variable | text
 *   tabstop     ::= '$' int | '${' int '}' | '${' int transform '}'
 *   placeholder ::= '${' int ':' any* '}'
 *   choice      ::= '${' int '|' text (',' text)* '|}'
 *   variable    ::= '$' var | '${' var '}' | '${' var ':' any* '}' | '${' var transform '}'
 *   transform   ::= '/' regex '/' (format | text)* '/' options
 *   format      ::= '$' int | '${' int '}' | '${' int ':/' ('upcase' | 'downcase' | 'capitalize'
 *                   | 'camelcase' | 'pascalcase') '}' | '${' int ':+' if '}'
 *                   | '${' int ':?' if ':' else '}' | '${' int ':-' else '}' | '${' int ':' else '}'
 *
 * Anything that does not parse as one of these is literal text, as in the editor: a lone `$`, a
 * `}` outside a placeholder, a backslash before a character it does not escape. `\$`, `\}` and
 * `\\` escape everywhere; inside a choice `\,` and `\|` do too.
 *
 * Tab stops with the same number are one field. The editor fills an occurrence that has no text
 * of its own (`$1`, `${1}`, `${1/…/…/}`) from the first occurrence that has some (a placeholder or
 * a choice), so `${1:reviews}` … `$1` expands to `reviews` … `reviews`.
 *
 * This is test support, kept apart from the tests so that its own tests can pin it down.
 */

export type SnippetNode =
  | { readonly type: 'text'; readonly value: string }
  | {
      readonly type: 'tabstop';
      readonly index: number;
      /** The placeholder's default (null: a bare tab stop that mirrors another occurrence). */
      readonly children: readonly SnippetNode[] | null;
      readonly choices?: readonly string[];
      readonly transform?: Transform;
    }
  | { readonly type: 'variable'; readonly name: string; readonly children: readonly SnippetNode[] | null; readonly transform?: Transform };

export interface Transform {
  readonly regex: RegExp;
  readonly format: readonly FormatPart[];
}

export type FormatPart =
  | { readonly type: 'text'; readonly value: string }
  | {
      readonly type: 'group';
      readonly group: number;
      readonly shorthand?: (typeof SHORTHANDS)[number];
      readonly ifValue?: string;
      readonly elseValue?: string;
    };

/** The variables VS Code defines. A variable not in this list is inserted as its own name. */
export const KNOWN_VARIABLES: readonly string[] = [
  'TM_SELECTED_TEXT', 'SELECTION', 'TM_CURRENT_LINE', 'TM_CURRENT_WORD', 'TM_LINE_INDEX', 'TM_LINE_NUMBER',
  'TM_FILENAME', 'TM_FILENAME_BASE', 'TM_DIRECTORY', 'TM_DIRECTORY_BASE', 'TM_FILEPATH', 'RELATIVE_FILEPATH',
  'CLIPBOARD', 'WORKSPACE_NAME', 'WORKSPACE_FOLDER', 'CURSOR_INDEX', 'CURSOR_NUMBER',
  'CURRENT_YEAR', 'CURRENT_YEAR_SHORT', 'CURRENT_MONTH', 'CURRENT_MONTH_NAME', 'CURRENT_MONTH_NAME_SHORT',
  'CURRENT_DATE', 'CURRENT_DAY_NAME', 'CURRENT_DAY_NAME_SHORT', 'CURRENT_HOUR', 'CURRENT_MINUTE',
  'CURRENT_SECOND', 'CURRENT_MILLISECOND', 'CURRENT_SECONDS_UNIX', 'CURRENT_MILLISECONDS_UNIX',
  'CURRENT_TIMEZONE_OFFSET', 'CURRENT_TIMEZONE_NAME',
  'RANDOM', 'RANDOM_HEX', 'UUID', 'BLOCK_COMMENT_START', 'BLOCK_COMMENT_END', 'LINE_COMMENT',
];

/**
 * Fixed values for an expansion that does not depend on the clock or the machine: a new file
 * `mesh.yaml` in a workspace `shop`, nothing selected, an empty clipboard. Unset variables
 * (undefined) take their default, like an empty selection does in the editor. YAML has line
 * comments only.
 */
export const FIXED_VARIABLES: Readonly<Record<string, string | undefined>> = {
  TM_SELECTED_TEXT: undefined,
  SELECTION: undefined,
  TM_CURRENT_LINE: '',
  TM_CURRENT_WORD: undefined,
  TM_LINE_INDEX: '0',
  TM_LINE_NUMBER: '1',
  TM_FILENAME: 'mesh.yaml',
  TM_FILENAME_BASE: 'mesh',
  TM_DIRECTORY: 'shop/deploy',
  TM_DIRECTORY_BASE: 'deploy',
  TM_FILEPATH: 'shop/deploy/mesh.yaml',
  RELATIVE_FILEPATH: 'deploy/mesh.yaml',
  CLIPBOARD: undefined,
  WORKSPACE_NAME: 'shop',
  WORKSPACE_FOLDER: 'shop',
  CURSOR_INDEX: '0',
  CURSOR_NUMBER: '1',
  CURRENT_YEAR: '2025',
  CURRENT_YEAR_SHORT: '25',
  CURRENT_MONTH: '01',
  CURRENT_MONTH_NAME: 'January',
  CURRENT_MONTH_NAME_SHORT: 'Jan',
  CURRENT_DATE: '02',
  CURRENT_DAY_NAME: 'Thursday',
  CURRENT_DAY_NAME_SHORT: 'Thu',
  CURRENT_HOUR: '03',
  CURRENT_MINUTE: '04',
  CURRENT_SECOND: '05',
  CURRENT_MILLISECOND: '006',
  CURRENT_SECONDS_UNIX: '1735787045',
  CURRENT_MILLISECONDS_UNIX: '1735787045006',
  CURRENT_TIMEZONE_OFFSET: '+00:00',
  CURRENT_TIMEZONE_NAME: 'UTC',
  RANDOM: '123456',
  RANDOM_HEX: 'a1b2c3',
  UUID: '00000000-0000-4000-8000-000000000000',
  BLOCK_COMMENT_START: undefined,
  BLOCK_COMMENT_END: undefined,
  LINE_COMMENT: '#',
};

export interface Expansion {
  readonly text: string;
  /** Tab stop numbers in the order they first occur. */
  readonly tabstops: readonly number[];
  /** Per tab stop number: every default written for it (a consistent snippet writes one). */
  readonly defaults: ReadonlyMap<number, readonly string[]>;
  /** Variables that VS Code does not define (inserted as their name, as the editor does). */
  readonly unknownVariables: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Parsing

const DIGITS = /^[0-9]+/;
const VARIABLE_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;
const SHORTHANDS = ['upcase', 'downcase', 'capitalize', 'camelcase', 'pascalcase', 'kebabcase', 'snakecase'] as const;

class Parser {
  pos = 0;
  constructor(private readonly src: string) {}

  /** Nodes until the end, or until an unescaped `}` when inside a placeholder (not consumed). */
  parseAny(insidePlaceholder: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text !== '') nodes.push({ type: 'text', value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (insidePlaceholder && c === '}') break;
      if (c === '\\') {
        const next = this.src[this.pos + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          this.pos += 2;
        } else {
          text += '\\';
          this.pos += 1;
        }
        continue;
      }
      if (c === '$') {
        const start = this.pos;
        const node = this.parseDollar();
        if (node) {
          flush();
          nodes.push(node);
          continue;
        }
        // Not a tab stop or variable after all: the `$` is text, and parsing resumes after it.
        this.pos = start + 1;
        text += '$';
        continue;
      }
      text += c;
      this.pos += 1;
    }
    flush();
    return nodes;
  }

  /** At a `$`: a tab stop, placeholder, choice or variable, or null (position then undefined). */
  private parseDollar(): SnippetNode | null {
    this.pos += 1; // '$'
    const rest = this.src.slice(this.pos);
    const digits = DIGITS.exec(rest)?.[0];
    if (digits !== undefined) {
      this.pos += digits.length;
      return { type: 'tabstop', index: Number(digits), children: null };
    }
    const name = VARIABLE_NAME.exec(rest)?.[0];
    if (name !== undefined) {
      this.pos += name.length;
      return { type: 'variable', name, children: null };
    }
    if (!this.accept('{')) return null;
    const braced = this.src.slice(this.pos);
    const index = DIGITS.exec(braced)?.[0];
    if (index !== undefined) {
      this.pos += index.length;
      return this.parseTabstopBody(Number(index));
    }
    const variable = VARIABLE_NAME.exec(braced)?.[0];
    if (variable !== undefined) {
      this.pos += variable.length;
      return this.parseVariableBody(variable);
    }
    return null;
  }

  private parseTabstopBody(index: number): SnippetNode | null {
    if (this.accept('}')) return { type: 'tabstop', index, children: null };
    if (this.accept(':')) {
      const children = this.parseAny(true);
      return this.accept('}') ? { type: 'tabstop', index, children } : null;
    }
    // `${0|…|}` is not a choice: the final tab stop takes no options.
    if (index > 0 && this.accept('|')) {
      const choices = this.parseChoices();
      return choices ? { type: 'tabstop', index, children: null, choices } : null;
    }
    if (this.accept('/')) {
      const transform = this.parseTransform();
      return transform ? { type: 'tabstop', index, children: null, transform } : null;
    }
    return null;
  }

  private parseVariableBody(name: string): SnippetNode | null {
    if (this.accept('}')) return { type: 'variable', name, children: null };
    if (this.accept(':')) {
      const children = this.parseAny(true);
      return this.accept('}') ? { type: 'variable', name, children } : null;
    }
    if (this.accept('/')) {
      const transform = this.parseTransform();
      return transform ? { type: 'variable', name, children: null, transform } : null;
    }
    return null;
  }

  /** After `${n|`: non-empty options up to `|}`; `\,`, `\|` and `\\` escape. */
  private parseChoices(): string[] | null {
    const choices: string[] = [];
    let current = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === '\\' && ',|\\'.includes(this.src[this.pos + 1] ?? '')) {
        current += this.src[this.pos + 1];
        this.pos += 2;
      } else if (c === ',' || c === '|') {
        if (current === '') return null;
        choices.push(current);
        current = '';
        this.pos += 1;
        if (c === '|') return this.accept('}') ? choices : null;
      } else {
        current += c;
        this.pos += 1;
      }
    }
    return null;
  }

  /** After `/`: `regex/format/options}`. */
  private parseTransform(): Transform | null {
    let source = '';
    for (;;) {
      if (this.pos >= this.src.length) return null;
      const c = this.src[this.pos]!;
      if (c === '/') break;
      // `\/` is a slash of the regex; any other backslash stays for the regex to read.
      if (c === '\\' && this.src[this.pos + 1] === '/') {
        source += '/';
        this.pos += 2;
        continue;
      }
      source += c;
      this.pos += 1;
    }
    this.pos += 1; // '/'
    const format: FormatPart[] = [];
    let text = '';
    const flush = (): void => {
      if (text !== '') format.push({ type: 'text', value: text });
      text = '';
    };
    for (;;) {
      if (this.pos >= this.src.length) return null;
      const c = this.src[this.pos]!;
      if (c === '/') break;
      if (c === '\\' && '/\\'.includes(this.src[this.pos + 1] ?? '')) {
        text += this.src[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (c === '$') {
        const start = this.pos;
        const part = this.parseFormatGroup();
        if (part) {
          flush();
          format.push(part);
          continue;
        }
        this.pos = start;
      }
      text += c;
      this.pos += 1;
    }
    flush();
    this.pos += 1; // '/'
    const flags = /^[a-z]*/.exec(this.src.slice(this.pos))![0];
    this.pos += flags.length;
    if (!this.accept('}')) return null;
    try {
      return { regex: new RegExp(source, flags), format };
    } catch {
      return null;
    }
  }

  /** At `$` inside a format: `$n`, `${n}` or `${n:…}`; null (position undefined) if not one. */
  private parseFormatGroup(): FormatPart | null {
    this.pos += 1; // '$'
    const bare = DIGITS.exec(this.src.slice(this.pos))?.[0];
    if (bare !== undefined) {
      this.pos += bare.length;
      return { type: 'group', group: Number(bare) };
    }
    if (!this.accept('{')) return null;
    const digits = DIGITS.exec(this.src.slice(this.pos))?.[0];
    if (digits === undefined) return null;
    this.pos += digits.length;
    const group = Number(digits);
    if (this.accept('}')) return { type: 'group', group };
    if (!this.accept(':')) return null;
    if (this.accept('/')) {
      const word = VARIABLE_NAME.exec(this.src.slice(this.pos))?.[0];
      if (word === undefined) return null;
      this.pos += word.length;
      if (!this.accept('}')) return null;
      // An unknown modifier leaves the group as it is, as in the editor.
      const shorthand = SHORTHANDS.find((s) => s === word);
      return shorthand ? { type: 'group', group, shorthand } : { type: 'group', group };
    }
    if (this.accept('+')) {
      const ifValue = this.readUntil('}');
      return ifValue === null ? null : { type: 'group', group, ifValue };
    }
    if (this.accept('?')) {
      const ifValue = this.readUntil(':');
      if (ifValue === null) return null;
      const elseValue = this.readUntil('}');
      return elseValue === null ? null : { type: 'group', group, ifValue, elseValue };
    }
    this.accept('-');
    const elseValue = this.readUntil('}');
    return elseValue === null ? null : { type: 'group', group, elseValue };
  }

  /**
   * Non-empty text up to an unescaped `end` (consumed); `\$`, `\}` and `\\` escape, and any
   * other backslash makes it no format group at all (as in the editor).
   */
  private readUntil(end: string): string | null {
    let out = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === end) {
        this.pos += 1;
        return out === '' ? null : out;
      }
      if (c === '\\') {
        const next = this.src[this.pos + 1] ?? '';
        if (!'$}\\'.includes(next) || next === '') return null;
        out += next;
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos += 1;
    }
    return null;
  }

  private accept(c: string): boolean {
    if (this.src[this.pos] !== c) return false;
    this.pos += 1;
    return true;
  }
}

export function parseSnippet(body: string): SnippetNode[] {
  return new Parser(body).parseAny(false);
}

// ---------------------------------------------------------------------------------------------
// Expansion

function applyTransform(value: string, transform: Transform): string {
  const render = (groups: readonly (string | undefined)[]): string =>
    transform.format
      .map((part) => {
        if (part.type === 'text') return part.value;
        const g = groups[part.group] ?? '';
        switch (part.shorthand) {
          case 'upcase':
            return g.toLocaleUpperCase();
          case 'downcase':
            return g.toLocaleLowerCase();
          case 'capitalize':
            return g === '' ? '' : g[0]!.toLocaleUpperCase() + g.slice(1);
          case 'pascalcase':
            return words(g)?.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') ?? g;
          case 'camelcase':
            return words(g)?.map((w, i) => (i === 0 ? w[0]!.toLowerCase() : w[0]!.toUpperCase()) + w.slice(1)).join('') ?? g;
          case 'kebabcase':
            return words(g)?.map((w) => w.toLowerCase()).join('-') ?? g;
          case 'snakecase':
            return words(g)?.map((w) => w.toLowerCase()).join('_') ?? g;
          default:
            if (g !== '' && part.ifValue !== undefined) return part.ifValue;
            if (g === '' && part.elseValue !== undefined) return part.elseValue;
            return g;
        }
      })
      .join('');
  let matched = false;
  const out = value.replace(transform.regex, (...args: unknown[]) => {
    matched = true;
    // replace() passes the match, the groups, then offset and input (and named groups, if any).
    const namedGroups = typeof args[args.length - 1] === 'object' && args[args.length - 1] !== undefined;
    const groups = args.slice(0, namedGroups ? -3 : -2) as (string | undefined)[];
    return render(groups);
  });
  // No match: an else-branch still applies, as if every group were empty.
  if (!matched && transform.format.some((p) => p.type === 'group' && p.elseValue !== undefined)) return render([]);
  return out;
}

/** The ASCII words of a value, for the case modifiers; null when it has none (left as is). */
function words(value: string): string[] | null {
  return value.match(/[a-z0-9]+/gi);
}

/** Expands a body (lines are joined with `\n`, as the editor does) with the given variables. */
export function expandSnippet(body: string | readonly string[], variables: Readonly<Record<string, string | undefined>> = FIXED_VARIABLES): Expansion {
  const nodes = parseSnippet(typeof body === 'string' ? body : body.join('\n'));
  const tabstops: number[] = [];
  const firstDefault = new Map<number, SnippetNode>();
  const defaults = new Map<number, string[]>();
  const unknownVariables: string[] = [];

  // First pass: which occurrence supplies each tab stop's default (the first, in document order,
  // that has text of its own; nested placeholders count where they stand).
  const walk = (list: readonly SnippetNode[]): void => {
    for (const node of list) {
      if (node.type === 'text') continue;
      if (node.type === 'tabstop') {
        if (!tabstops.includes(node.index)) tabstops.push(node.index);
        // The final tab stop never mirrors: each `$0` keeps what it has.
        if (node.index > 0 && (node.children || node.choices) && !firstDefault.has(node.index)) firstDefault.set(node.index, node);
      }
      if (node.children) walk(node.children);
    }
  };
  walk(nodes);

  const render = (list: readonly SnippetNode[], depth: number): string => {
    if (depth > 50) throw new Error('snippet placeholders nest too deeply (a tab stop that contains itself?)');
    return list.map((node) => renderNode(node, depth)).join('');
  };
  const ownValue = (node: SnippetNode & { type: 'tabstop' }, depth: number): string | null => {
    if (node.choices) return node.choices[0] ?? '';
    if (node.children) return render(node.children, depth + 1);
    return null;
  };
  const renderNode = (node: SnippetNode, depth: number): string => {
    if (node.type === 'text') return node.value;
    if (node.type === 'tabstop') {
      let value = ownValue(node, depth);
      if (value !== null && !node.transform) {
        const list = defaults.get(node.index) ?? [];
        if (!list.includes(value)) list.push(value);
        defaults.set(node.index, list);
      }
      if (value === null) {
        const source = firstDefault.get(node.index);
        value = source && source.type === 'tabstop' ? ownValue(source, depth) ?? '' : '';
      }
      return node.transform ? applyTransform(value, node.transform) : value;
    }
    if (!KNOWN_VARIABLES.includes(node.name)) {
      // The editor keeps an unknown variable's default, or turns it into a placeholder showing
      // its name.
      if (!unknownVariables.includes(node.name)) unknownVariables.push(node.name);
      if (node.transform) return applyTransform('', node.transform);
      return node.children ? render(node.children, depth + 1) : node.name;
    }
    const resolved = variables[node.name];
    if (resolved !== undefined) return node.transform ? applyTransform(resolved, node.transform) : resolved;
    if (node.transform) return applyTransform('', node.transform);
    return node.children ? render(node.children, depth + 1) : '';
  };

  const text = render(nodes, 0);
  return { text, tabstops, defaults, unknownVariables };
}
