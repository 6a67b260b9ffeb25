/**
 * The Kubernetes CEL string functions cel-js lacks:
 *   - regex (RE2): k8sMatches, find, findAll. Rules' `matches` is rewritten to k8sMatches by
 *     cel-compile.ts, because Go regexes are not JavaScript regexes (re2.ts translates them);
 *   - strings extension: charAt, replace, reverse.
 * charAt and reverse work on code points, as CEL does, not on UTF-16 units.
 */
import { CelLibraryError, type Registration } from './cel-library-shared';
import { compileRe2 } from './re2';

function regex(pattern: string): RegExp {
  const rx = compileRe2(pattern);
  if (!rx) throw new CelLibraryError(`unsupported regular expression: ${pattern}`);
  return rx;
}

/** The regex and string-extension overloads, as [signature, handler]. */
export function stringFunctions(): readonly Registration[] {
  return [
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
  ];
}
