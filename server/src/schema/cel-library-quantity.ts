/**
 * The Kubernetes CEL quantity library (resource.Quantity): quantity(), isQuantity, compareTo,
 * isLessThan, isGreaterThan, add, sub, asInteger, isInteger, asApproximateFloat, sign.
 *
 * Quantities are held as exact rationals of big integers, so `1.5Gi` and `1536Mi` compare equal
 * and sums never lose precision; asInteger refuses what does not fit in an int64, like Go.
 */
import { CelLibraryError, type Registration } from './cel-library-shared';

export class QuantityValue {
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

/** The quantity overloads, as [signature, handler]. */
export function quantityFunctions(): readonly Registration[] {
  return [
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
  ];
}
