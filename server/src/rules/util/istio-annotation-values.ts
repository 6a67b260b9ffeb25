/**
 * The value checks Istio's sidecar injector applies to its pod annotations before it injects.
 * A value that fails here makes injection fail (or the annotation be ignored), so the analyzer
 * reports it as an invalid annotation. Each check returns a problem sentence, or undefined when
 * the value is acceptable.
 */
import { parse as parseYaml } from 'yaml';
import { isRecord } from '../../parse/document';

type ValueCheck = (value: string) => string | undefined;

/** Decimal digits only, as Go's strconv.ParseUint(s, 10, bits) accepts them. */
function parseUnsigned(text: string, max: number): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n <= max ? n : undefined;
}

function checkPortList(what: string, value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  for (const part of trimmed.split(',')) {
    if (parseUnsigned(part.trim(), 65535) === undefined) return `${what} has "${part}", which is not a port number`;
  }
  return undefined;
}

/** An IPv4 or IPv6 prefix in CIDR form, e.g. 10.0.0.0/8 or fd00::/8. */
export function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const address = text.slice(0, slash);
  const bits = parseUnsigned(text.slice(slash + 1), 128);
  if (bits === undefined) return false;
  if (isIPv4(address)) return bits <= 32;
  return isIPv6(address) && bits <= 128;
}

/** A dotted-quad IPv4 address without leading zeros (as Go's netip parser requires). */
export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** An IPv6 address, optionally with an embedded IPv4 tail and at most one `::`. */
export function isIPv6(text: string): boolean {
  if (!text.includes(':')) return false;
  let body = text;
  const groupsNeeded = 8;
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    body = body.slice(0, lastColon + 1) + '0:0';
  }
  const doubles = body.split('::');
  if (doubles.length > 2) return false;
  const group = /^[0-9a-fA-F]{1,4}$/;
  if (doubles.length === 2) {
    const left = doubles[0] === '' ? [] : doubles[0]!.split(':');
    const right = doubles[1] === '' ? [] : doubles[1]!.split(':');
    return [...left, ...right].every((g) => group.test(g)) && left.length + right.length < groupsNeeded;
  }
  const groups = body.split(':');
  return groups.length === groupsNeeded && groups.every((g) => group.test(g));
}

function checkCidrList(what: string, value: string): string | undefined {
  if (value === '') return undefined;
  for (const cidr of value.split(',')) {
    if (!isCidr(cidr)) return `${what} has "${cidr}", which is not an IP range in CIDR form`;
  }
  return undefined;
}

const GO_BOOLEANS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/** ProxyConfig fields whose values the injector checks beyond their type. */
function checkProxyConfig(value: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = parseYaml(value);
  } catch {
    return 'the value is not valid YAML';
  }
  if (parsed === null || parsed === undefined) return undefined;
  if (!isRecord(parsed)) return 'the value must be a ProxyConfig mapping';
  for (const field of ['drainDuration', 'terminationDrainDuration', 'parentShutdownDuration']) {
    const v = parsed[field];
    if (v !== undefined && (typeof v !== 'string' || !DURATION.test(v))) return `${field} must be a duration such as "5s"`;
  }
  for (const field of ['proxyAdminPort', 'statusPort']) {
    const v = parsed[field];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535)) {
      return `${field} must be a port number between 1 and 65535`;
    }
  }
  const concurrency = parsed['concurrency'];
  if (concurrency !== undefined && concurrency !== null && (typeof concurrency !== 'number' || !Number.isInteger(concurrency) || concurrency < 0)) {
    return 'concurrency must be a whole number, 0 or more';
  }
  const discovery = parsed['discoveryAddress'];
  if (discovery !== undefined && (typeof discovery !== 'string' || !/^[^:\s]+:[0-9]+$|^\[[0-9a-fA-F:]+\]:[0-9]+$/.test(discovery))) {
    return 'discoveryAddress must be host:port';
  }
  return undefined;
}

const CHECKS: Readonly<Record<string, ValueCheck>> = {
  'sidecar.istio.io/interceptionMode': (v) =>
    v === 'REDIRECT' || v === 'TPROXY' || v === 'NONE' ? undefined : `"${v}" is not an interception mode; use REDIRECT, TPROXY or NONE`,
  'status.sidecar.istio.io/port': (v) => (parseUnsigned(v.trim(), 65535) === undefined ? `"${v}" is not a port number` : undefined),
  'readiness.status.sidecar.istio.io/initialDelaySeconds': (v) =>
    parseUnsigned(v, 0xffffffff) === undefined ? `"${v}" is not a whole number of seconds` : undefined,
  'readiness.status.sidecar.istio.io/periodSeconds': (v) =>
    parseUnsigned(v, 0xffffffff) === undefined ? `"${v}" is not a whole number of seconds` : undefined,
  'readiness.status.sidecar.istio.io/failureThreshold': (v) =>
    parseUnsigned(v, 0xffffffff) === undefined ? `"${v}" is not a whole number` : undefined,
  'traffic.sidecar.istio.io/includeOutboundIPRanges': (v) => (v === '*' ? undefined : checkCidrList('the list', v)),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': (v) => checkCidrList('the list', v),
  'traffic.sidecar.istio.io/includeInboundPorts': (v) => (v === '*' ? undefined : checkPortList('the list', v)),
  'traffic.sidecar.istio.io/excludeInboundPorts': (v) => checkPortList('the list', v),
  'traffic.sidecar.istio.io/excludeOutboundPorts': (v) => checkPortList('the list', v),
  'prometheus.istio.io/merge-metrics': (v) => (GO_BOOLEANS.has(v) ? undefined : `"${v}" is not a boolean; use "true" or "false"`),
  'proxy.istio.io/config': checkProxyConfig,
};

/** Why an Istio annotation's value is rejected, or undefined when it is acceptable or unchecked. */
export function annotationValueProblem(key: string, value: unknown): string | undefined {
  const check = CHECKS[key];
  if (!check) return undefined;
  return check(typeof value === 'string' ? value : String(value ?? ''));
}
