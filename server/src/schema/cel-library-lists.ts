/**
 * The Kubernetes CEL lists extension: isSorted, sum, min, max, indexOf, lastIndexOf.
 *
 * Ordering (isSorted, min, max) compares only values of one type and throws otherwise, so the
 * rule stays silent; indexOf and lastIndexOf find an element by content, not by identity.
 */
import { CelLibraryError, type Registration } from './cel-library-shared';

function celCompare(a: unknown, b: unknown): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new CelLibraryError('no such overload for comparison');
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  return ak.length === bk.length && ak.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The list-extension overloads, as [signature, handler]. */
export function listFunctions(): readonly Registration[] {
  return [
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
  ];
}
