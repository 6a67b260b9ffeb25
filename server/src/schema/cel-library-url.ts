/**
 * The Kubernetes CEL URL library: isURL, url(), getScheme(), getHost(), getHostname(), getPort(),
 * getEscapedPath(), getQuery().
 *
 * URLs are parsed with Go's url.ParseRequestURI rules (an absolute URI or an absolute path), not
 * the WHATWG rules of JavaScript's URL, because the API server decides with Go's.
 */
import { CelLibraryError, type Registration } from './cel-library-shared';

export class URLValue {
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

/** The URL overloads, as [signature, handler]. */
export function urlFunctions(): readonly Registration[] {
  return [
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
  ];
}
