/**
 * The Kubernetes CEL IP and CIDR library: isIP, ip(), family(), isLoopback(), ..., isCIDR,
 * cidr(), containsIP(), containsCIDR(), ip(), masked(), prefixLength().
 *
 * Addresses are held as 32-bit (IPv4) or 128-bit (IPv6) big integers, so that masks and
 * containment are plain bit arithmetic; text is produced the way Go's netip prints it.
 */
import { isCIDR, isIP } from './formats';
import { CelLibraryError, type Registration } from './cel-library-shared';

export class IPValue {
  constructor(
    readonly text: string,
    readonly family: 4 | 6,
    readonly bits: bigint,
  ) {}
}

export class CIDRValue {
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

/** The IP and CIDR overloads, as [signature, handler]. */
export function ipFunctions(): readonly Registration[] {
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
  ];
}
