/**
 * The Kubernetes CEL libraries, as far as CRD rules use them, on top of @marcbachmann/cel-js.
 *
 * cel-js already has the standard macros (has, all, exists, exists_one, map, filter), size,
 * contains/startsWith/endsWith, lowerAscii/upperAscii, trim, split, join, indexOf, lastIndexOf,
 * substring, duration and timestamp. This module adds what the API server's environment has and
 * cel-js lacks:
 *   - IP and CIDR:   isIP, ip(), family(), isLoopback(), ..., isCIDR, cidr(), containsIP(),
 *                    containsCIDR(), ip(), masked(), prefixLength()
 *   - URLs:          isURL, url(), getScheme(), getHost(), getHostname(), getPort(),
 *                    getEscapedPath(), getQuery()
 *   - regex (RE2):   k8sMatches (rules' `matches` is rewritten to it by cel.ts, because Go regexes
 *                    are not JavaScript regexes), find, findAll
 *   - strings ext:   charAt, replace, reverse
 *   - lists ext:     isSorted, sum, min, max, indexOf, lastIndexOf
 *   - quantities:    quantity(), isQuantity, compareTo, isLessThan, isGreaterThan, add, sub,
 *                    asInteger, isInteger, asApproximateFloat, sign
 *   - format:        format.dns1123Label().validate(s) and the other named formats
 *   - k8sHas(e.f):   has() for any receiver expression; cel-js only accepts `has(a.b.c)` rooted at
 *                    an identifier, Gateway API writes `has(self[0].matches)` (cel.ts rewrites
 *                    `has(` to `k8sHas(` when a rule fails to compile for that reason)
 * A function that cannot represent a case exactly throws, which makes the rule "unevaluable" and
 * therefore silent (cel.ts never reports a rule it could not evaluate).
 */
import type { Environment } from '@marcbachmann/cel-js';
import { isCIDR, isDns1123Label, isDns1123Subdomain, isIP, isLabelValue, isQualifiedName } from './formats';
import { compileRe2 } from './re2';

class CelLibraryError extends Error {}

// ---------------------------------------------------------------------------------------------
// IP addresses and CIDRs, as 128-bit or 32-bit big integers.

class IPValue {
  constructor(
    readonly text: string,
    readonly family: 4 | 6,
    readonly bits: bigint,
  ) {}
}

class CIDRValue {
  constructor(
    readonly text: string,
    readonly ip: IPValue,
    readonly prefix: number,
  ) {}
}

function ipBits(s: string): bigint {
  if (!s.includes(':')) {
    return s.split('.').reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
  }
  let text = s;
  let tail: bigint | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail = ipBits(text.slice(lastColon + 1));
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':');
  const r = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = rest === undefined ? h : [...h, ...Array(8 - h.length - r.length).fill('0'), ...r];
  let bits = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (tail !== null) bits = (bits & ~0xffffffffn) | tail;
  return bits;
}

function parseIP(s: string): IPValue {
  // The Kubernetes library rejects zones and IPv4-mapped IPv6 addresses.
  if (!isIP(s) || /^::ffff:[0-9.]+$/i.test(s)) throw new CelLibraryError(`IP Address '${s}' parse error`);
  return new IPValue(s, s.includes(':') ? 6 : 4, ipBits(s));
}

function parseCIDR(s: string): CIDRValue {
  if (!isCIDR(s)) throw new CelLibraryError(`network address parse error: ${s}`);
  const [ip, prefix] = s.split('/') as [string, string];
  return new CIDRValue(s, parseIP(ip), Number(prefix));
}

function width(ip: IPValue): number {
  return ip.family === 4 ? 32 : 128;
}

function maskBits(ip: IPValue, prefix: number): bigint {
  const w = width(ip);
  const hostBits = BigInt(w - prefix);
  return (((1n << BigInt(w)) - 1n) >> hostBits) << hostBits;
}

function cidrContainsIP(c: CIDRValue, ip: IPValue): boolean {
  if (c.ip.family !== ip.family) return false;
  const m = maskBits(ip, c.prefix);
  return (c.ip.bits & m) === (ip.bits & m);
}

function formatIP(bits: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((bits >> s) & 0xffn)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((bits >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups, like Go's netip.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return groups.slice(0, best).join(':') + '::' + groups.slice(best + bestLen).join(':');
}

// ---------------------------------------------------------------------------------------------
// URLs with Go's url.ParseRequestURI rules (absolute URI or absolute path).

class URLValue {
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly path: string,
    readonly rawQuery: string,
  ) {}
}

function parseURL(s: string): URLValue {
  if (/[\x00-\x1f\x7f]/.test(s) || s.length === 0) throw new CelLibraryError(`URL parse error: ${s}`);
  let rest = s;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  let scheme = '';
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (m) {
    scheme = m[1]!.toLowerCase();
    rest = rest.slice(m[0].length);
  } else if (/^[^/]*:/.test(rest) && !rest.startsWith('/')) {
    throw new CelLibraryError(`URL parse error: missing protocol scheme: ${s}`);
  }
  let rawQuery = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let host = '';
  if (scheme === '' && !rest.startsWith('/')) throw new CelLibraryError(`URL parse error: invalid URI for request: ${s}`);
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
    if (/[\s<>"{}|\\^`]/.test(host)) throw new CelLibraryError(`URL parse error: invalid character in host name: ${s}`);
    if (host.startsWith('[')) {
      if (!/^\[[^\]]+\](:\d*)?$/.test(host)) throw new CelLibraryError(`URL parse error: invalid host: ${s}`);
    } else {
      const colon = host.lastIndexOf(':');
      if (colon >= 0 && !/^\d*$/.test(host.slice(colon + 1))) throw new CelLibraryError(`URL parse error: invalid port: ${s}`);
    }
  } else if (scheme !== '' && !rest.startsWith('/') && rest !== '') {
    // Opaque URL such as mailto:x; Go accepts it with an empty host and path.
    return new URLValue(scheme, '', '', rawQuery);
  }
  return new URLValue(scheme, host, rest, rawQuery);
}

function hostname(u: URLValue): string {
  if (u.host.startsWith('[')) return u.host.slice(1, u.host.indexOf(']'));
  const colon = u.host.lastIndexOf(':');
  return colon >= 0 ? u.host.slice(0, colon) : u.host;
}

function port(u: URLValue): string {
  const h = u.host.startsWith('[') ? u.host.slice(u.host.indexOf(']') + 1) : u.host;
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(colon + 1) : '';
}

function query(u: URLValue): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (u.rawQuery === '') return out;
  for (const part of u.rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
    const v = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
    const list = out.get(k) ?? [];
    list.push(v);
    out.set(k, list);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Quantities (resource.Quantity) as exact rationals.

class QuantityValue {
  constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}
}

const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

function reduce(num: bigint, den: bigint): QuantityValue {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  const g = gcd(num, den) || 1n;
  return new QuantityValue(num / g, den / g);
}

function parseQuantity(s: string): QuantityValue {
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(s);
  if (!m) throw new CelLibraryError(`quantities must match the regular expression: ${s}`);
  const [intPart, frac = ''] = m[2]!.split('.') as [string, string | undefined];
  let num = BigInt((intPart || '0') + frac) * (m[1] === '-' ? -1n : 1n);
  let den = 10n ** BigInt(frac.length);
  const suffix = m[3] ?? '';
  if (suffix in BINARY_SUFFIX) num *= 1024n ** BigInt(BINARY_SUFFIX[suffix]!);
  else {
    const exp = suffix in DECIMAL_SUFFIX ? DECIMAL_SUFFIX[suffix]! : Number(suffix.slice(1));
    if (Math.abs(exp) > 100) throw new CelLibraryError('quantity exponent out of range');
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
  }
  return reduce(num, den);
}

function compareQ(a: QuantityValue, b: QuantityValue): bigint {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1n : l > r ? 1n : 0n;
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

// ---------------------------------------------------------------------------------------------
// The format library: format.<name>().validate(s) -> null when valid, else a list of errors.

class FormatLibrary {}
class NamedFormat {
  constructor(
    readonly name: string,
    readonly check: (s: string) => boolean,
  ) {}
}

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const NAMED_FORMATS: Readonly<Record<string, (s: string) => boolean>> = {
  dns1123Label: isDns1123Label,
  dns1123Subdomain: isDns1123Subdomain,
  dns1035Label: (s) => s.length <= 63 && DNS1035_LABEL.test(s),
  qualifiedName: isQualifiedName,
  labelValue: isLabelValue,
  dns1123LabelPrefix: (s) => isDns1123Label(s.endsWith('-') ? s.slice(0, -1) : s),
  dns1123SubdomainPrefix: (s) => isDns1123Subdomain(s.endsWith('-') ? s.slice(0, -1) : s),
  dns1035LabelPrefix: (s) => {
    const t = s.endsWith('-') ? s.slice(0, -1) : s;
    return t.length <= 63 && DNS1035_LABEL.test(t);
  },
  uuid: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s),
};

// ---------------------------------------------------------------------------------------------

function celCompare(a: unknown, b: unknown): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new CelLibraryError('no such overload for comparison');
}

function regex(pattern: string): RegExp {
  const rx = compileRe2(pattern);
  if (!rx) throw new CelLibraryError(`unsupported regular expression: ${pattern}`);
  return rx;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  return ak.length === bk.length && ak.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

type Registration = readonly [signature: string, handler: (...args: never[]) => unknown];

/** The function overloads of the library, as [signature, handler]. */
function registrations(): readonly Registration[] {
  return [
    // IP
    ['isIP(string): bool', (s: string) => isIP(s) && !/^::ffff:[0-9.]+$/i.test(s)],
    ['ip(string): IP', (s: string) => parseIP(s)],
    ['IP.family(): int', (ip: IPValue) => BigInt(ip.family)],
    ['IP.isUnspecified(): bool', (ip: IPValue) => ip.bits === 0n],
    ['IP.isLoopback(): bool', (ip: IPValue) => (ip.family === 4 ? ip.bits >> 24n === 127n : ip.bits === 1n)],
    ['IP.isLinkLocalMulticast(): bool', (ip: IPValue) => (ip.family === 4 ? ip.bits >> 8n === 0xe00000n : ip.bits >> 112n === 0xff02n)],
    ['IP.isLinkLocalUnicast(): bool', (ip: IPValue) => (ip.family === 4 ? ip.bits >> 16n === 0xa9fen : ip.bits >> 118n === 0x3fan)],
    [
      'IP.isGlobalUnicast(): bool',
      (ip: IPValue) => {
        if (ip.family === 4) {
          const first = ip.bits >> 24n;
          return ip.bits !== 0n && ip.bits !== 0xffffffffn && first !== 127n && first < 224n && ip.bits >> 16n !== 0xa9fen;
        }
        return ip.bits !== 0n && ip.bits !== 1n && ip.bits >> 120n !== 0xffn && ip.bits >> 118n !== 0x3fan;
      },
    ],
    ['string(IP): string', (ip: IPValue) => formatIP(ip.bits, ip.family)],
    // CIDR
    ['isCIDR(string): bool', (s: string) => isCIDR(s)],
    ['cidr(string): CIDR', (s: string) => parseCIDR(s)],
    ['CIDR.containsIP(string): bool', (c: CIDRValue, s: string) => cidrContainsIP(c, parseIP(s))],
    ['CIDR.containsIP(IP): bool', (c: CIDRValue, ip: IPValue) => cidrContainsIP(c, ip)],
    ['CIDR.containsCIDR(string): bool', (c: CIDRValue, s: string) => {
      const o = parseCIDR(s);
      return o.prefix >= c.prefix && cidrContainsIP(c, o.ip);
    }],
    ['CIDR.containsCIDR(CIDR): bool', (c: CIDRValue, o: CIDRValue) => o.prefix >= c.prefix && cidrContainsIP(c, o.ip)],
    ['CIDR.ip(): IP', (c: CIDRValue) => c.ip],
    ['CIDR.prefixLength(): int', (c: CIDRValue) => BigInt(c.prefix)],
    ['CIDR.masked(): CIDR', (c: CIDRValue) => {
      const bits = c.ip.bits & maskBits(c.ip, c.prefix);
      const text = formatIP(bits, c.ip.family);
      return new CIDRValue(`${text}/${c.prefix}`, new IPValue(text, c.ip.family, bits), c.prefix);
    }],
    ['string(CIDR): string', (c: CIDRValue) => `${formatIP(c.ip.bits, c.ip.family)}/${c.prefix}`],
    // URL
    ['isURL(string): bool', (s: string) => {
      try {
        parseURL(s);
        return true;
      } catch {
        return false;
      }
    }],
    ['url(string): URL', (s: string) => parseURL(s)],
    ['URL.getScheme(): string', (u: URLValue) => u.scheme],
    ['URL.getHost(): string', (u: URLValue) => u.host],
    ['URL.getHostname(): string', (u: URLValue) => hostname(u)],
    ['URL.getPort(): string', (u: URLValue) => port(u)],
    ['URL.getEscapedPath(): string', (u: URLValue) => u.path],
    ['URL.getQuery(): map<string, list<string>>', (u: URLValue) => query(u)],
    // Regex with Go semantics.
    ['string.k8sMatches(string): bool', (s: string, p: string) => regex(p).test(s)],
    ['k8sMatches(string, string): bool', (s: string, p: string) => regex(p).test(s)],
    ['string.find(string): string', (s: string, p: string) => regex(p).exec(s)?.[0] ?? ''],
    ['string.findAll(string): list<string>', (s: string, p: string) => [...s.matchAll(new RegExp(regex(p).source, regex(p).flags + 'g'))].map((m) => m[0])],
    ['string.findAll(string, int): list<string>', (s: string, p: string, n: bigint) => {
      const all = [...s.matchAll(new RegExp(regex(p).source, regex(p).flags + 'g'))].map((m) => m[0]);
      return n < 0n ? all : all.slice(0, Number(n));
    }],
    // Strings extension.
    ['string.charAt(int): string', (s: string, i: bigint) => {
      const cps = [...s];
      if (i < 0n || i > BigInt(cps.length)) throw new CelLibraryError('index out of range');
      return cps[Number(i)] ?? '';
    }],
    ['string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b)],
    ['string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => {
      if (n < 0n) return s.split(a).join(b);
      let out = s;
      let from = 0;
      for (let k = 0n; k < n; k++) {
        const at = out.indexOf(a, from);
        if (at < 0) break;
        out = out.slice(0, at) + b + out.slice(at + a.length);
        from = at + b.length;
      }
      return out;
    }],
    ['string.reverse(): string', (s: string) => [...s].reverse().join('')],
    // Lists extension.
    ['list.isSorted(): bool', (l: unknown[]) => l.every((x, i) => i === 0 || celCompare(l[i - 1], x) <= 0)],
    ['list.sum(): dyn', (l: unknown[]) => {
      if (l.length === 0) return 0n;
      return l.reduce((a, b) => {
        if (typeof a === 'bigint' && typeof b === 'bigint') return a + b;
        if (typeof a === 'number' && typeof b === 'number') return a + b;
        throw new CelLibraryError('sum of mixed types');
      });
    }],
    ['list.min(): dyn', (l: unknown[]) => {
      if (l.length === 0) throw new CelLibraryError('min of empty list');
      return l.reduce((a, b) => (celCompare(b, a) < 0 ? b : a));
    }],
    ['list.max(): dyn', (l: unknown[]) => {
      if (l.length === 0) throw new CelLibraryError('max of empty list');
      return l.reduce((a, b) => (celCompare(b, a) > 0 ? b : a));
    }],
    ['list.indexOf(dyn): int', (l: unknown[], x: unknown) => BigInt(l.findIndex((y) => deepEqual(x, y)))],
    ['list.lastIndexOf(dyn): int', (l: unknown[], x: unknown) => {
      for (let i = l.length - 1; i >= 0; i--) if (deepEqual(x, l[i])) return BigInt(i);
      return -1n;
    }],
    // Quantity.
    ['isQuantity(string): bool', (s: string) => {
      try {
        parseQuantity(s);
        return true;
      } catch {
        return false;
      }
    }],
    ['quantity(string): Quantity', (s: string) => parseQuantity(s)],
    ['Quantity.compareTo(Quantity): int', (a: QuantityValue, b: QuantityValue) => compareQ(a, b)],
    ['Quantity.isLessThan(Quantity): bool', (a: QuantityValue, b: QuantityValue) => compareQ(a, b) < 0n],
    ['Quantity.isGreaterThan(Quantity): bool', (a: QuantityValue, b: QuantityValue) => compareQ(a, b) > 0n],
    ['Quantity.add(Quantity): Quantity', (a: QuantityValue, b: QuantityValue) => reduce(a.num * b.den + b.num * a.den, a.den * b.den)],
    ['Quantity.add(int): Quantity', (a: QuantityValue, n: bigint) => reduce(a.num + n * a.den, a.den)],
    ['Quantity.sub(Quantity): Quantity', (a: QuantityValue, b: QuantityValue) => reduce(a.num * b.den - b.num * a.den, a.den * b.den)],
    ['Quantity.sub(int): Quantity', (a: QuantityValue, n: bigint) => reduce(a.num - n * a.den, a.den)],
    ['Quantity.isInteger(): bool', (a: QuantityValue) => a.den === 1n && a.num <= INT64_MAX && a.num >= INT64_MIN],
    ['Quantity.asInteger(): int', (a: QuantityValue) => {
      if (a.den !== 1n || a.num > INT64_MAX || a.num < INT64_MIN) throw new CelLibraryError('cannot convert value to integer');
      return a.num;
    }],
    ['Quantity.asApproximateFloat(): double', (a: QuantityValue) => Number(a.num) / Number(a.den)],
    ['Quantity.sign(): int', (a: QuantityValue) => (a.num > 0n ? 1n : a.num < 0n ? -1n : 0n)],
    // Named formats.
    ...Object.entries(NAMED_FORMATS).map(
      ([name, check]): Registration => [`FormatLibrary.${name}(): Format`, () => new NamedFormat(name, check)],
    ),
    ['Format.validate(string): dyn', (f: NamedFormat, s: string) => (f.check(s) ? null : [`must be a valid ${f.name}`])],
  ];
}

/** What registering the library did; `failed` lists signatures cel-js refused (e.g. overlaps). */
export interface LibraryReport {
  readonly registered: number;
  readonly failed: readonly string[];
}

interface MacroNode {
  readonly op: string;
  readonly args: readonly unknown[];
}

interface MacroChecker {
  check(node: unknown, ctx: unknown): unknown;
  getType(name: string): unknown;
  createError(code: string, message: string, node: unknown): Error;
}

interface MacroEvaluator {
  run(node: unknown, ctx: unknown): unknown;
}

/** `k8sHas(e.f)`: field presence on the value of any expression `e`. */
function k8sHasMacro({ args }: { args: readonly MacroNode[] }): object {
  return {
    args,
    async: false,
    typeCheck(checker: MacroChecker, macro: { args: readonly MacroNode[] }, ctx: unknown): unknown {
      const node = macro.args[0]!;
      if (node.op !== '.' || typeof node.args[1] !== 'string') throw checker.createError('invalid_macro_argument', 'k8sHas() invalid argument', node);
      checker.check(node.args[0], ctx);
      return checker.getType('bool');
    },
    evaluate(ev: MacroEvaluator, macro: { args: readonly MacroNode[] }, ctx: unknown): boolean {
      const node = macro.args[0]!;
      const receiver = ev.run(node.args[0], ctx);
      const field = node.args[1] as string;
      if (receiver instanceof Map) return receiver.has(field);
      if (receiver !== null && typeof receiver === 'object' && !Array.isArray(receiver)) {
        return Object.prototype.hasOwnProperty.call(receiver, field) && (receiver as Record<string, unknown>)[field] !== undefined;
      }
      throw new CelLibraryError('k8sHas() on a value that has no fields');
    },
  };
}

/** Adds the Kubernetes CEL library to a fresh environment. */
export function registerKubernetesLibrary(env: Environment): LibraryReport {
  env.registerType('IP', IPValue);
  env.registerType('CIDR', CIDRValue);
  env.registerType('URL', URLValue);
  env.registerType('Quantity', QuantityValue);
  env.registerType('FormatLibrary', FormatLibrary);
  env.registerType('Format', NamedFormat);
  env.registerConstant('format', 'FormatLibrary', new FormatLibrary());
  let registered = 0;
  const failed: string[] = [];
  const all: Registration[] = [...registrations(), ['k8sHas(ast): bool', k8sHasMacro as (...args: never[]) => unknown]];
  for (const [signature, handler] of all) {
    try {
      env.registerFunction(signature, handler as (...args: unknown[]) => unknown);
      registered += 1;
    } catch {
      failed.push(signature);
    }
  }
  return { registered, failed };
}
