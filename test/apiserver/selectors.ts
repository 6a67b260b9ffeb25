/**
 * Label and field selectors, parsed from the `labelSelector` and `fieldSelector` query parameters.
 *
 * Label selectors accept the whole grammar clients send: equality (`a=b`, `a==b`, `a!=b`), set
 * membership (`a in (x,y)`, `a notin (x)`), existence (`a`, `!a`) and the numeric comparisons
 * (`a>1`, `a<5`), comma-separated and ANDed. Keys and values are checked the way the API checks
 * label keys and values, so a malformed selector is a 400 here just as it is on a real cluster.
 *
 * Field selectors support `=`, `==` and `!=` with backslash escapes. Which field names are allowed
 * is the caller's decision; this server only offers `metadata.name` and `metadata.namespace`.
 *
 * Everything here is pure: parsing returns a value or throws `SelectorError`, matching is a
 * function of the parsed selector and a label map (or field map).
 */

/** Why a selector did not parse; the HTTP layer turns it into a 400. */
export class SelectorError extends Error {}

/** One requirement of a label selector; all requirements must hold. */
export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' }
  | { key: string; op: 'gt' | 'lt'; value: number };

/** A parsed label selector. An empty list matches every object. */
export type LabelSelector = LabelRequirement[];

/** One term of a field selector. */
export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a label key is not valid, or undefined if it is. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `prefix part of "${key}" must be a lowercase DNS subdomain of at most 253 characters`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `name part of "${key}" must be 1-63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character`;
  }
  return undefined;
}

/** Why a label value is not valid, or undefined if it is (the empty value is valid). */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME.test(value)) {
    return `label value "${value}" must be at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character`;
  }
  return undefined;
}

type Token = { kind: 'word'; text: string } | { kind: 'op'; text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = input.slice(i, i + 2);
    if (two === '!=' || two === '==') {
      tokens.push({ kind: 'op', text: two });
      i += 2;
      continue;
    }
    if ('!=(),<>'.includes(c)) {
      tokens.push({ kind: 'op', text: c });
      i++;
      continue;
    }
    let j = i;
    while (j < input.length && !/\s/.test(input[j]) && !'!=(),<>'.includes(input[j])) j++;
    tokens.push({ kind: 'word', text: input.slice(i, j) });
    i = j;
  }
  return tokens;
}

/** Parses a label selector string. Throws SelectorError with a readable reason. */
export function parseLabelSelector(input: string): LabelSelector {
  const tokens = tokenize(input);
  const result: LabelSelector = [];
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const next = (): Token | undefined => tokens[pos++];
  const word = (what: string): string => {
    const t = next();
    if (!t || t.kind !== 'word') throw new SelectorError(`expected ${what} in label selector "${input}"`);
    return t.text;
  };
  const checkKey = (key: string): void => {
    const problem = labelKeyProblem(key);
    if (problem) throw new SelectorError(`invalid label key in selector: ${problem}`);
  };
  const checkValue = (value: string): void => {
    const problem = labelValueProblem(value);
    if (problem) throw new SelectorError(`invalid label value in selector: ${problem}`);
  };
  if (tokens.length === 0) return result;
  for (;;) {
    const first = peek();
    if (first?.kind === 'op' && first.text === '!') {
      next();
      const key = word('a label key after "!"');
      checkKey(key);
      result.push({ key, op: 'doesnotexist' });
    } else {
      const key = word('a label key');
      checkKey(key);
      const op = peek();
      if (!op || (op.kind === 'op' && op.text === ',')) {
        result.push({ key, op: 'exists' });
      } else if (op.kind === 'op' && (op.text === '=' || op.text === '==' || op.text === '!=')) {
        next();
        // An empty value is allowed: `a=` selects objects whose label a is the empty string.
        const t = peek();
        let value = '';
        if (t && t.kind === 'word') value = word('a value');
        checkValue(value);
        result.push({ key, op: op.text === '!=' ? 'notin' : 'in', values: [value] });
      } else if (op.kind === 'op' && (op.text === '<' || op.text === '>')) {
        next();
        const text = word('a number');
        if (!/^-?\d+$/.test(text)) throw new SelectorError(`"${text}" is not an integer in label selector "${input}"`);
        result.push({ key, op: op.text === '>' ? 'gt' : 'lt', value: Number(text) });
      } else if (op.kind === 'word' && (op.text === 'in' || op.text === 'notin')) {
        next();
        const open = next();
        if (!open || open.text !== '(') throw new SelectorError(`expected "(" after ${op.text} in label selector "${input}"`);
        const values: string[] = [];
        for (;;) {
          const t = next();
          if (!t) throw new SelectorError(`unterminated value set in label selector "${input}"`);
          if (t.kind === 'word') {
            checkValue(t.text);
            values.push(t.text);
            continue;
          }
          if (t.text === ',') continue;
          if (t.text === ')') break;
          throw new SelectorError(`unexpected "${t.text}" in value set of label selector "${input}"`);
        }
        if (values.length === 0 && op.text === 'in') {
          throw new SelectorError(`"in" needs at least one value in label selector "${input}"`);
        }
        result.push({ key, op: op.text, values });
      } else {
        throw new SelectorError(`unexpected "${op.text}" after key "${key}" in label selector "${input}"`);
      }
    }
    const sep = next();
    if (!sep) break;
    if (sep.kind !== 'op' || sep.text !== ',') throw new SelectorError(`expected "," in label selector "${input}"`);
    if (!peek()) throw new SelectorError(`trailing "," in label selector "${input}"`);
  }
  return result;
}

/** Whether a label map satisfies every requirement. */
export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  for (const r of selector) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = has ? labels![r.key] : undefined;
    switch (r.op) {
      case 'exists':
        if (!has) return false;
        break;
      case 'doesnotexist':
        if (has) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(value!)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(value!)) return false;
        break;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(value!)) return false;
        const n = Number(value);
        if (r.op === 'gt' ? !(n > r.value) : !(n < r.value)) return false;
        break;
      }
    }
  }
  return true;
}

/** Splits on separators that are not backslash-escaped. */
function splitUnescaped(input: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '\\' && i + 1 < input.length) {
      current += c + input[i + 1];
      i++;
    } else if (c === sep) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unescapeFieldValue(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => {
    if (!'\\,=!'.includes(c)) throw new SelectorError(`invalid escape sequence "\\${c}" in field selector`);
    return c;
  });
}

/**
 * Parses a field selector. `allowed` lists the field names the resource supports; any other name
 * is rejected the way the API rejects it.
 */
export function parseFieldSelector(input: string, allowed: readonly string[]): FieldRequirement[] {
  const result: FieldRequirement[] = [];
  if (input.trim() === '') return result;
  for (const term of splitUnescaped(input, ',')) {
    const m = /^([^=!\s]+)\s*(!=|==|=)(.*)$/.exec(term.trim());
    if (!m) throw new SelectorError(`invalid field selector term "${term}": expected field=value or field!=value`);
    const field = m[1];
    if (!allowed.includes(field)) {
      throw new SelectorError(`field label not supported: ${field} (supported: ${allowed.join(', ')})`);
    }
    result.push({ field, op: m[2] === '!=' ? '!=' : '=', value: unescapeFieldValue(m[3].trim()) });
  }
  return result;
}

/** Whether a map of field values satisfies every requirement. */
export function matchesFields(selector: readonly FieldRequirement[], fields: Record<string, string>): boolean {
  for (const r of selector) {
    const actual = fields[r.field] ?? '';
    if (r.op === '=' ? actual !== r.value : actual === r.value) return false;
  }
  return true;
}
