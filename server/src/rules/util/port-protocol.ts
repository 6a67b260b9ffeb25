/**
 * The protocol Istio assumes for a Kubernetes Service port: UDP when the port says so; otherwise
 * from `appProtocol` when set, else from the port name's prefix (`<protocol>[-<suffix>]`). A name
 * with no known prefix leaves the protocol unknown (Istio then sniffs it), except on a few
 * well-known ports (SMTP, DNS, MySQL, MongoDB) that are treated as plain TCP.
 */

/** The protocols Istio recognises, plus `unsupported` for "no declared protocol". */
export type IstioProtocol =
  | 'TCP' | 'UDP' | 'GRPC' | 'GRPC-Web' | 'HTTP' | 'HTTP_PROXY' | 'HTTP2' | 'HTTPS' | 'TLS' | 'Mongo' | 'Redis' | 'MySQL'
  | 'unsupported';

const BY_PREFIX: Readonly<Record<string, IstioProtocol>> = {
  tcp: 'TCP',
  udp: 'UDP',
  grpc: 'GRPC',
  'grpc-web': 'GRPC-Web',
  http: 'HTTP',
  http_proxy: 'HTTP_PROXY',
  http2: 'HTTP2',
  https: 'HTTPS',
  tls: 'TLS',
  mongo: 'Mongo',
  redis: 'Redis',
  mysql: 'MySQL',
};

/** Ports on which an unnamed protocol still means TCP, since sniffing would break them. */
const WELL_KNOWN_TCP_PORTS: ReadonlySet<number> = new Set([25, 53, 3306, 27017]);

/** Kubernetes' standard appProtocol names. */
const KUBERNETES_APP_PROTOCOLS: Readonly<Record<string, IstioProtocol>> = {
  'kubernetes.io/h2c': 'HTTP2',
  'kubernetes.io/ws': 'HTTP',
  'kubernetes.io/wss': 'HTTPS',
};

/** The protocol of one Service port. */
export function servicePortProtocol(port: {
  readonly port?: unknown;
  readonly name?: unknown;
  readonly protocol?: unknown;
  readonly appProtocol?: unknown;
}): IstioProtocol {
  if (port.protocol === 'UDP') return 'UDP';
  let name = typeof port.name === 'string' ? port.name : '';
  if (typeof port.appProtocol === 'string') {
    const standard = KUBERNETES_APP_PROTOCOLS[port.appProtocol];
    if (standard) return standard;
    name = port.appProtocol;
  }
  if (name.toLowerCase().startsWith('grpc-web')) return 'GRPC-Web';
  const dash = name.indexOf('-');
  const prefix = (dash >= 0 ? name.slice(0, dash) : name).toLowerCase();
  const found = BY_PREFIX[prefix];
  if (found) return found;
  return typeof port.port === 'number' && WELL_KNOWN_TCP_PORTS.has(port.port) ? 'TCP' : 'unsupported';
}
