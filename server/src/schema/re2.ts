/**
 * Go RE2 regular expressions (OpenAPI `pattern` and CEL `matches()` in CRDs) translated to
 * JavaScript RegExps.
 *
 * The API server compiles patterns with Go's regexp package. JavaScript parses a different
 * dialect, so a pattern is translated token by token:
 *   - leading `(?i)`/`(?s)`/`(?m)` become RegExp flags; a flag group later in the pattern becomes
 *     a scoped modifier group `(?i:...)` that closes with the enclosing group;
 *   - `(?P<name>` becomes `(?<name>`; `\A`, `\z`, `\Q...\E`, `\x{...}`, `\pL`, `\p{Greek}`,
 *     octal escapes and POSIX classes (`[[:alpha:]]`) get their JavaScript spelling;
 *   - `\s` keeps Go's ASCII meaning; Go's literal `{` (e.g. `a{,3}`) and lone `}` are escaped;
 *   - a backslash before punctuation that JavaScript's unicode mode refuses becomes the literal.
 * Everything runs with the `u` flag so that `.` and classes work on code points, as in Go.
 *
 * Never throws: a pattern that cannot be translated (ungreedy flag, `\C`, lookaround, which RE2
 * does not have anyway) yields null, and callers skip the check rather than report nonsense.
 * Results are cached per source string because the same patterns repeat across thousands of
 * schema nodes.
 */

const SYNTAX_CHARS = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Unicode general categories Go accepts in `\p{...}`; anything else is taken as a script name. */
const GENERAL_CATEGORIES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe',
  'Pi', 'Pf', 'Po', 'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Cs', 'Co', 'Any',
]);

const GO_SPACE = '\\t\\n\\f\\r ';

class Unsupported extends Error {}

function escapeLiteral(ch: string, inClass: boolean): string {
  return SYNTAX_CHARS.has(ch) || (inClass && ch === '-') ? '\\' + ch : ch;
}

function unicodeProperty(name: string, negated: boolean): string {
  let neg = negated;
  let n = name;
  if (n.startsWith('^')) {
    neg = !neg;
    n = n.slice(1);
  }
  if (!/^[A-Za-z_]+$/.test(n)) throw new Unsupported();
  const body = n === 'Any' ? null : GENERAL_CATEGORIES.has(n) ? n : `Script=${n}`;
  if (body === null) return neg ? '[^\\s\\S]' : '[\\s\\S]';
  return `\\${neg ? 'P' : 'p'}{${body}}`;
}

interface Translation {
  readonly source: string;
  readonly flags: string;
}

/** Translates one RE2 pattern; throws Unsupported for constructs JavaScript cannot express. */
function translate(pattern: string): Translation {
  let i = 0;
  let flags = '';
  // Leading global flag group, e.g. `(?i)` or `(?is)`.
  const lead = /^\(\?([imsU]+)\)/.exec(pattern);
  if (lead) {
    if (lead[1]!.includes('U')) throw new Unsupported();
    flags = [...new Set(lead[1]!.split(''))].join('');
    i = lead[0].length;
  }
  let out = '';
  // For every open group: how many extra `)` a mid-group `(?i)` added and must close with it.
  const groups: number[] = [];
  let trailing = 0;
  const n = pattern.length;

  const readEscape = (inClass: boolean): string => {
    // pattern[i] === '\\'
    const c = pattern[i + 1];
    if (c === undefined) throw new Unsupported();
    i += 2;
    switch (c) {
      case 'A':
        if (inClass) throw new Unsupported();
        return '(?<![\\s\\S])';
      case 'z':
        if (inClass) throw new Unsupported();
        return '(?![\\s\\S])';
      case 'Q': {
        const end = pattern.indexOf('\\E', i);
        const lit = end < 0 ? pattern.slice(i) : pattern.slice(i, end);
        i = end < 0 ? n : end + 2;
        return [...lit].map((l) => escapeLiteral(l, inClass)).join('');
      }
      case 'E':
        return '';
      case 's':
        return inClass ? GO_SPACE : `[${GO_SPACE}]`;
      case 'S':
        return inClass ? '\\S' : `[^${GO_SPACE}]`;
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 'f':
      case 't':
      case 'n':
      case 'r':
      case 'v':
        return '\\' + c;
      case 'b':
      case 'B':
        if (inClass) throw new Unsupported();
        return '\\' + c;
      case 'a':
        return '\\x07';
      case 'x': {
        if (pattern[i] === '{') {
          const end = pattern.indexOf('}', i);
          if (end < 0) throw new Unsupported();
          const hex = pattern.slice(i + 1, end);
          if (!/^[0-9A-Fa-f]{1,6}$/.test(hex)) throw new Unsupported();
          i = end + 1;
          return `\\u{${hex}}`;
        }
        const hex = pattern.slice(i, i + 2);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Unsupported();
        i += 2;
        return '\\x' + hex;
      }
      case 'p':
      case 'P': {
        if (pattern[i] === '{') {
          const end = pattern.indexOf('}', i);
          if (end < 0) throw new Unsupported();
          const name = pattern.slice(i + 1, end);
          i = end + 1;
          return unicodeProperty(name, c === 'P');
        }
        const letter = pattern[i];
        if (letter === undefined) throw new Unsupported();
        i += 1;
        return unicodeProperty(letter, c === 'P');
      }
      default:
        break;
    }
    if (c >= '0' && c <= '7') {
      // Go: up to three octal digits (`\0` alone is NUL).
      let digits = c;
      while (digits.length < 3 && pattern[i] !== undefined && pattern[i]! >= '0' && pattern[i]! <= '7') {
        digits += pattern[i];
        i += 1;
      }
      if (c !== '0' && digits.length === 1) throw new Unsupported(); // backreference
      return `\\u{${parseInt(digits, 8).toString(16)}}`;
    }
    if (/[A-Za-z0-9]/.test(c)) throw new Unsupported();
    // Escaped punctuation: keep the escape only where JavaScript's unicode mode allows it.
    if (SYNTAX_CHARS.has(c) || (inClass && c === '-')) return '\\' + c;
    return c;
  };

  while (i < n) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      out += readEscape(false);
      continue;
    }
    if (ch === '[') {
      i += 1;
      let cls = '[';
      if (pattern[i] === '^') {
        cls += '^';
        i += 1;
      }
      let first = true;
      for (;;) {
        if (i >= n) throw new Unsupported();
        const c = pattern[i]!;
        if (c === ']' && !first) {
          i += 1;
          break;
        }
        first = false;
        if (c === '[' && pattern[i + 1] === ':') {
          const end = pattern.indexOf(':]', i + 2);
          if (end < 0) throw new Unsupported();
          let name = pattern.slice(i + 2, end);
          const negated = name.startsWith('^');
          if (negated) name = name.slice(1);
          const body = POSIX_CLASSES[name];
          if (body === undefined) throw new Unsupported();
          if (negated) throw new Unsupported();
          cls += body;
          i = end + 2;
          continue;
        }
        if (c === '\\') {
          cls += readEscape(true);
          continue;
        }
        if (c === ']') cls += '\\]';
        else if (c === '[') cls += '\\[';
        else cls += c;
        i += 1;
      }
      out += cls + ']';
      continue;
    }
    if (ch === '(') {
      if (pattern[i + 1] === '?') {
        const rest = pattern.slice(i + 2);
        const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
        if (named) {
          out += `(?<${named[1]}>`;
          i += 2 + named[0].length;
          groups.push(0);
          continue;
        }
        const flagGroup = /^([imsU]*)(?:-([imsU]*))?([:)])/.exec(rest);
        if (flagGroup && (flagGroup[1] || flagGroup[2] || flagGroup[3] === ':')) {
          const on = flagGroup[1] ?? '';
          const off = flagGroup[2] ?? '';
          if (on.includes('U') || off.includes('U')) throw new Unsupported();
          const mod = on.replace(/[^ims]/g, '') + (off ? '-' + off : '');
          i += 2 + flagGroup[0].length;
          if (flagGroup[3] === ':') {
            out += mod ? `(?${mod}:` : '(?:';
            groups.push(0);
          } else {
            // `(?i)` in the middle: scope it to the rest of the enclosing group.
            if (!mod) continue;
            out += `(?${mod}:`;
            if (groups.length > 0) groups[groups.length - 1]! += 1;
            else trailing += 1;
          }
          continue;
        }
        throw new Unsupported(); // lookaround and other non-RE2 groups
      }
      out += '(';
      groups.push(0);
      i += 1;
      continue;
    }
    if (ch === ')') {
      const extra = groups.pop();
      if (extra === undefined) throw new Unsupported();
      out += ')'.repeat(extra) + ')';
      i += 1;
      continue;
    }
    if (ch === '|') {
      // A mid-group flag scope ends at an alternation in Go too (flags apply to the rest of the
      // group, including other branches); closing and reopening keeps the same meaning.
      out += '|';
      i += 1;
      continue;
    }
    if (ch === '{') {
      const q = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (q && out.length > 0) {
        const lo = Number(q[1]);
        const hi = q[3] ? Number(q[3]) : lo;
        if (lo > 1000 || hi > 1000 || (q[3] && hi < lo)) throw new Unsupported();
        out += q[0];
        i += q[0].length;
        continue;
      }
      out += '\\{';
      i += 1;
      continue;
    }
    if (ch === '}') {
      out += '\\}';
      i += 1;
      continue;
    }
    out += ch;
    i += 1;
  }
  if (groups.length > 0) throw new Unsupported();
  out += ')'.repeat(trailing);
  return { source: out, flags };
}

const cache = new Map<string, RegExp | null>();

/**
 * A JavaScript RegExp with the meaning of the Go RE2 `pattern`, or null when the pattern cannot
 * be translated or compiled. Cached; the returned RegExp has no `g`/`y` flag, so `test` is pure.
 */
export function compileRe2(pattern: string): RegExp | null {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  let rx: RegExp | null = null;
  try {
    const t = translate(pattern);
    rx = new RegExp(t.source, 'u' + t.flags);
  } catch {
    rx = null;
  }
  cache.set(pattern, rx);
  return rx;
}
