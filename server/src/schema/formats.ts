/**
 * String formats, with the API server's semantics.
 *
 * apiextensions validates `format` only for the formats listed in the CRD API reference
 * (JSONSchemaProps.format): bsonobjectid, uri, email, hostname, ipv4, ipv6, cidr, mac, uuid,
 * uuid3, uuid4, uuid5, isbn, isbn10, isbn13, creditcard, ssn, hexcolor, rgbcolor, byte, password,
 * date, duration and date-time (alias datetime). "Unknown formats are ignored": int32, int64,
 * float, double, url, string and friends are annotations only, so the API server accepts
 * `port: 99999999999` for an `int32` field and so do we (the type still has to be integer).
 *
 * Each checker follows the Go function the API server uses (net.ParseIP, net.ParseCIDR,
 * base64.StdEncoding, strfmt.ParseDuration, ...), closely enough to agree on everything people
 * write; where exact agreement is unclear we accept, because a false error is worse than a miss.
 *
 * The `k8s-*` formats are ours: ObjectMeta rules (DNS-1123 names, label keys and values) that the
 * API server checks on metadata itself rather than through the CRD schema.
 */

export interface FormatInfo {
  /** The check; only ever called with strings. */
  readonly validate: (s: string) => boolean;
  /** Noun phrase for messages: "`x` must be <description>". */
  readonly description: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** A qualified name as label and annotation keys use it: `[prefix/]name`. */
export function isQualifiedName(s: string): boolean {
  const parts = s.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1]!;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) return false;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix.length === 0 || !isDns1123Subdomain(prefix)) return false;
  }
  return true;
}

export function isLabelValue(s: string): boolean {
  return s.length <= 63 && LABEL_VALUE.test(s);
}

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    // Go 1.17+ rejects leading zeros ("010") as ambiguous octal.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return false;
  }
  return true;
}

function isIPv6(s: string): boolean {
  if (s.length < 2 || s.includes('%')) return false;
  let rest = s;
  let groupsNeeded = 8;
  // An embedded IPv4 tail counts for two groups.
  const lastColon = rest.lastIndexOf(':');
  if (lastColon >= 0 && rest.slice(lastColon + 1).includes('.')) {
    if (!isIPv4(rest.slice(lastColon + 1))) return false;
    rest = rest.slice(0, lastColon + 1) + '0';
    groupsNeeded = 7;
  }
  const halves = rest.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string): string[] | null => {
    if (h === '') return [];
    const g = h.split(':');
    return g.every((x) => /^[0-9A-Fa-f]{1,4}$/.test(x)) ? g : null;
  };
  const a = groups(halves[0]!);
  if (a === null) return false;
  if (halves.length === 1) return a.length === groupsNeeded;
  const b = groups(halves[1]!);
  if (b === null) return false;
  return a.length + b.length < groupsNeeded;
}

/** Go's net.ParseIP: either family. */
export function isIP(s: string): boolean {
  return s.includes(':') ? isIPv6(s) : isIPv4(s);
}

/** Go's net.ParseCIDR. */
export function isCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bits)) return false;
  if (isIPv4(ip)) return Number(bits) <= 32;
  if (ip.includes(':') && isIPv6(ip)) return Number(bits) <= 128;
  return false;
}

function isMAC(s: string): boolean {
  // Go's net.ParseMAC: 6, 8 or 20 octets, separated by ':' or '-', or dotted groups of four.
  const okLen = (octets: number): boolean => octets === 6 || octets === 8 || octets === 20;
  if (/^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2})*$/.test(s)) return okLen(s.split(/[:-]/).length);
  if (/^[0-9A-Fa-f]{4}(\.[0-9A-Fa-f]{4})*$/.test(s)) return okLen(s.split('.').length * 2);
  return false;
}

function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 255) return false;
  const labels = (s.endsWith('.') ? s.slice(0, -1) : s).split('.');
  return labels.every((l) => l.length > 0 && l.length <= 63 && /^[\p{L}\p{N}\p{S}]([\p{L}\p{N}\p{S}-]*[\p{L}\p{N}\p{S}])?$/u.test(l));
}

function isURI(s: string): boolean {
  // Go's url.ParseRequestURI: an absolute URI or an absolute path; no control characters.
  if (s.length === 0 || /[\x00-\x1f\x7f]/.test(s)) return false;
  if (s.startsWith('/')) return true;
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(s);
  if (!m) return false;
  const rest = m[2]!;
  if (rest.startsWith('//')) {
    const authority = rest.slice(2).split(/[/?#]/, 1)[0]!;
    const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
    if (host.includes(' ')) return false;
    if (host.startsWith('[')) return /^\[[^\]]+\](:\d*)?$/.test(host);
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !/^\d*$/.test(host.slice(colon + 1))) return false;
  }
  return true;
}

function isEmail(s: string): boolean {
  // net/mail.ParseAddress also accepts `Name <addr>`.
  const angle = /<([^<>]+)>\s*$/.exec(s);
  const addr = angle ? angle[1]! : s;
  return /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+$/.test(addr);
}

function isBase64(s: string): boolean {
  // base64.StdEncoding.DecodeString ignores CR and LF.
  const t = s.replace(/[\r\n]/g, '');
  return t.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(t) && !/=[^=]/.test(t);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(Number(m[1]), mo);
}

function isDateTime(s: string): boolean {
  // strfmt.ParseDateTime accepts RFC 3339 with or without fractional seconds, and a few ISO 8601
  // variants (no zone, minutes precision).
  const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m || !isDate(m[1]!)) return false;
  return Number(m[2]) <= 23 && Number(m[3]) <= 59 && (m[4] === undefined || Number(m[4]) <= 60);
}

const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
const LONG_DURATION_UNITS = new Set([
  'ns', 'us', 'µs', 'ms', 's', 'm', 'h', 'd', 'w',
  'nanosecond', 'nanoseconds', 'microsecond', 'microseconds', 'millisecond', 'milliseconds',
  'second', 'seconds', 'sec', 'secs', 'minute', 'minutes', 'min', 'mins', 'hour', 'hours', 'hr', 'hrs',
  'day', 'days', 'week', 'weeks',
]);

/** strfmt.ParseDuration: Go durations, or "<n> <unit>" like "3 days". */
export function isStrfmtDuration(s: string): boolean {
  if (s === '0' || GO_DURATION.test(s)) return true;
  const m = /^\s*(\d+)\s*([a-zµμ]+)\s*$/.exec(s);
  return m !== null && LONG_DURATION_UNITS.has(m[2]!);
}

function isbnDigits(s: string): string {
  return s.replace(/[\s-]/g, '');
}

function isISBN10(s: string): boolean {
  const d = isbnDigits(s);
  if (!/^[0-9]{9}[0-9X]$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (d[i] === 'X' ? 10 : Number(d[i])) * (10 - i);
  return sum % 11 === 0;
}

function isISBN13(s: string): boolean {
  const d = isbnDigits(s);
  if (!/^[0-9]{13}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(d[i]) * (i % 2 === 0 ? 1 : 3);
  return sum % 10 === 0;
}

function isCreditCard(s: string): boolean {
  const d = s.replace(/[^0-9]/g, '');
  if (!/^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11})$/.test(d)) {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let v = Number(d[d.length - 1 - i]);
    if (i % 2 === 1) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return sum % 10 === 0;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const BYTE_RE = '(0|[1-9][0-9]?|1[0-9][0-9]|2[0-4][0-9]|25[0-5])';
const RGB = new RegExp(`^rgb\\(\\s*${BYTE_RE}\\s*,\\s*${BYTE_RE}\\s*,\\s*${BYTE_RE}\\s*\\)$`);

/** The formats apiextensions validates, by the name used in CRD schemas. */
export const API_SERVER_FORMATS: Readonly<Record<string, FormatInfo>> = {
  bsonobjectid: { validate: (s) => /^[0-9a-fA-F]{24}$/.test(s), description: 'a BSON object id (24 hex digits)' },
  uri: { validate: isURI, description: 'an absolute URI or absolute path' },
  email: { validate: isEmail, description: 'an email address' },
  hostname: { validate: isHostname, description: 'a host name (RFC 1034)' },
  ipv4: { validate: isIPv4, description: 'an IPv4 address' },
  ipv6: { validate: (s) => s.includes(':') && isIPv6(s), description: 'an IPv6 address' },
  cidr: { validate: isCIDR, description: 'a CIDR such as 10.0.0.0/8' },
  mac: { validate: isMAC, description: 'a MAC address' },
  uuid: { validate: (s) => UUID.test(s), description: 'a UUID' },
  uuid3: { validate: (s) => UUID3.test(s), description: 'a version 3 UUID' },
  uuid4: { validate: (s) => UUID4.test(s), description: 'a version 4 UUID' },
  uuid5: { validate: (s) => UUID5.test(s), description: 'a version 5 UUID' },
  isbn: { validate: (s) => isISBN10(s) || isISBN13(s), description: 'an ISBN' },
  isbn10: { validate: isISBN10, description: 'an ISBN-10' },
  isbn13: { validate: isISBN13, description: 'an ISBN-13' },
  creditcard: { validate: isCreditCard, description: 'a credit card number' },
  ssn: { validate: (s) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s), description: 'a U.S. social security number' },
  hexcolor: { validate: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s), description: 'a hex color such as #FFFFFF' },
  rgbcolor: { validate: (s) => RGB.test(s), description: 'an RGB color such as rgb(255,255,255)' },
  byte: { validate: isBase64, description: 'base64-encoded data' },
  password: { validate: () => true, description: 'a password' },
  date: { validate: isDate, description: 'a date such as 2006-01-02' },
  duration: { validate: isStrfmtDuration, description: 'a duration such as 30s or 1h30m' },
  'date-time': { validate: isDateTime, description: 'an RFC 3339 date-time such as 2006-01-02T15:04:05Z' },
  datetime: { validate: isDateTime, description: 'an RFC 3339 date-time such as 2006-01-02T15:04:05Z' },
};

/** ObjectMeta checks the API server makes on `metadata`, outside the CRD schema. */
export const METADATA_FORMATS: Readonly<Record<string, FormatInfo>> = {
  'k8s-dns1123-subdomain': {
    validate: isDns1123Subdomain,
    description: "a DNS-1123 subdomain (at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit)",
  },
  'k8s-object-name': {
    // "" is reported as a missing name by validator.ts, not as a malformed one.
    validate: (s) => s === '' || isDns1123Subdomain(s),
    description: "a DNS-1123 subdomain (at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit)",
  },
  'k8s-dns1123-label': {
    validate: isDns1123Label,
    description: "a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)",
  },
  'k8s-label-key': {
    validate: isQualifiedName,
    description: "a label key: an optional DNS subdomain prefix and '/', then a name of at most 63 letters, digits, '-', '_' and '.' starting and ending with a letter or digit",
  },
  'k8s-annotation-key': {
    validate: (s) => isQualifiedName(s.toLowerCase()),
    description: "an annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 letters, digits, '-', '_' and '.' starting and ending with a letter or digit",
  },
  'k8s-label-value': {
    validate: isLabelValue,
    description: "a label value (empty, or at most 63 letters, digits, '-', '_' and '.' starting and ending with a letter or digit)",
  },
};

/** Our ajv name for a CRD format the API server validates, or null when it ignores the format. */
export function ajvFormatName(format: string): string | null {
  return Object.prototype.hasOwnProperty.call(API_SERVER_FORMATS, format) ? 'k8s:' + format : null;
}

/** Description of an ajv format name produced by `ajvFormatName` or a metadata format. */
export function describeFormat(ajvName: string): string {
  const info = ajvName.startsWith('k8s:') ? API_SERVER_FORMATS[ajvName.slice(4)] : METADATA_FORMATS[ajvName];
  return info ? info.description : `a valid ${ajvName}`;
}
