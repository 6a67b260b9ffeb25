/**
 * A generated, realistic Istio workload: ~2,000 resources in one ~1 MB multi-document file, with
 * schema mistakes planted at known tokens. Deterministic for a seed, so tests and the benchmark
 * see the same text. Each planted mistake records the exact range its finding must cover.
 */
import { seededRandom as random } from './random';

export type PlantedCode = 'MSH1001' | 'MSH1002' | 'MSH1003';

export interface PlantedMistake {
  readonly code: PlantedCode;
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly token: string;
}

export interface Corpus {
  readonly text: string;
  readonly resources: number;
  readonly mistakes: readonly PlantedMistake[];
}

/** A mutation replaces one token on one template line, which yields the expected range. */
interface Mutation {
  readonly line: number;
  readonly from: string;
  readonly to: string;
  readonly code: PlantedCode;
}

interface Template {
  readonly lines: string[];
  readonly mutations: Mutation[];
}

function virtualService(i: number, ns: string): Template {
  const lines = [
    'apiVersion: networking.istio.io/v1', 'kind: VirtualService', 'metadata:', `  name: svc-${i}`, `  namespace: ${ns}`,
    'spec:', '  hosts:', `  - svc-${i}`, '  http:', '  - match:', '    - uri:', `        prefix: /api/${i}`, '    route:',
    '    - destination:', `        host: svc-${i}`, '        subset: v1', '      weight: 90', '    - destination:',
    `        host: svc-${i}`, '        subset: v2', '      weight: 10', '    timeout: 5s',
    '    retries:', '      attempts: 3', '      perTryTimeout: 2s', '      retryOn: gateway-error,connect-failure,refused-stream',
    '    headers:', '      request:', '        set:', `          x-served-by: svc-${i}`, '      response:', '        remove:',
    '        - x-internal-debug', '  - route:', '    - destination:', `        host: svc-${i}-fallback.${ns}.svc.cluster.local`,
    '        port:', '          number: 8080',
  ];
  return {
    lines,
    mutations: [
      { line: 20, from: 'weight', to: 'wieght', code: 'MSH1001' },
      { line: 16, from: '90', to: '"ninety"', code: 'MSH1002' },
      { line: 23, from: '3', to: 'three', code: 'MSH1002' },
    ],
  };
}

function destinationRule(i: number, ns: string): Template {
  const lines = [
    'apiVersion: networking.istio.io/v1', 'kind: DestinationRule', 'metadata:', `  name: svc-${i}`, `  namespace: ${ns}`,
    'spec:', `  host: svc-${i}`, '  trafficPolicy:', '    loadBalancer:', '      simple: ROUND_ROBIN', '    connectionPool:',
    '      http:', '        http1MaxPendingRequests: 100', '  subsets:', '  - name: v1', '    labels:', '      version: v1',
    '  - name: v2', '    labels:', '      version: v2', '    trafficPolicy:', '      outlierDetection:',
    '        consecutive5xxErrors: 7', '        interval: 30s', '        baseEjectionTime: 3m', '        maxEjectionPercent: 50',
  ];
  return {
    lines,
    mutations: [
      { line: 9, from: 'ROUND_ROBIN', to: 'ROUND_ROBBIN', code: 'MSH1003' },
      { line: 12, from: 'http1MaxPendingRequests', to: 'http1MaxPendingRequest', code: 'MSH1001' },
    ],
  };
}

function gateway(i: number, ns: string): Template {
  const lines = [
    'apiVersion: networking.istio.io/v1', 'kind: Gateway', 'metadata:', `  name: gw-${i}`, `  namespace: ${ns}`, 'spec:',
    '  selector:', '    istio: ingressgateway', '  servers:', '  - port:', '      number: 443', '      name: https',
    '      protocol: HTTPS', '    hosts:', `    - "app-${i}.example.com"`, '    tls:', '      mode: SIMPLE',
    `      credentialName: app-${i}-cert`, '  - port:', '      number: 80', '      name: http', '      protocol: HTTP',
    '    hosts:', `    - "app-${i}.example.com"`, '    tls:', '      httpsRedirect: true',
  ];
  return {
    lines,
    mutations: [
      { line: 10, from: '443', to: '"https"', code: 'MSH1002' },
      { line: 16, from: 'SIMPLE', to: 'SIMPEL', code: 'MSH1003' },
      { line: 17, from: 'credentialName', to: 'credentialname', code: 'MSH1001' },
    ],
  };
}

function serviceEntry(i: number, ns: string): Template {
  const lines = [
    'apiVersion: networking.istio.io/v1', 'kind: ServiceEntry', 'metadata:', `  name: ext-${i}`, `  namespace: ${ns}`,
    'spec:', '  hosts:', `  - api-${i}.partner.example`, '  location: MESH_EXTERNAL', '  ports:', '  - number: 443',
    '    name: https', '    protocol: TLS', '  resolution: DNS', '  exportTo:', '  - "."', `  - ${ns}-clients`,
  ];
  return {
    lines,
    mutations: [
      { line: 8, from: 'MESH_EXTERNAL', to: 'EXTERNAL', code: 'MSH1003' },
      { line: 13, from: 'DNS', to: 'DSN', code: 'MSH1003' },
    ],
  };
}

function peerAuthentication(i: number, ns: string): Template {
  const lines = [
    'apiVersion: security.istio.io/v1', 'kind: PeerAuthentication', 'metadata:', `  name: pa-${i}`, `  namespace: ${ns}`,
    'spec:', '  selector:', '    matchLabels:', `      app: app-${i}`, '  mtls:', '    mode: STRICT', '  portLevelMtls:',
    '    "9090":', '      mode: PERMISSIVE',
  ];
  return {
    lines,
    mutations: [
      { line: 10, from: 'STRICT', to: 'STRICK', code: 'MSH1003' },
      { line: 7, from: 'matchLabels', to: 'matchLabel', code: 'MSH1001' },
    ],
  };
}

function authorizationPolicy(i: number, ns: string): Template {
  const lines = [
    'apiVersion: security.istio.io/v1', 'kind: AuthorizationPolicy', 'metadata:', `  name: ap-${i}`, `  namespace: ${ns}`,
    'spec:', '  selector:', '    matchLabels:', `      app: app-${i}`, '  action: ALLOW', '  rules:', '  - from:',
    '    - source:', '        principals:', `        - cluster.local/ns/${ns}/sa/client-${i}`, '    to:', '    - operation:',
    '        methods: ["GET", "POST"]', '        paths: ["/api/*"]', '    when:', '    - key: request.headers[x-tenant]',
    `      values: ["tenant-${i % 11}"]`,
  ];
  return {
    lines,
    mutations: [
      { line: 9, from: 'ALLOW', to: 'ALLOWED', code: 'MSH1003' },
      { line: 17, from: 'methods', to: 'method', code: 'MSH1001' },
    ],
  };
}

const TEMPLATES = [virtualService, destinationRule, gateway, serviceEntry, peerAuthentication, authorizationPolicy];

export interface CorpusOptions {
  readonly resources?: number;
  /** Share of resources that get one planted mistake. */
  readonly mistakeRate?: number;
  readonly seed?: number;
}

export function generateCorpus(options: CorpusOptions = {}): Corpus {
  const count = options.resources ?? 2000;
  const rate = options.mistakeRate ?? 0.05;
  const next = random(options.seed ?? 42);
  const out: string[] = [];
  const mistakes: PlantedMistake[] = [];
  for (let i = 0; i < count; i++) {
    const template = TEMPLATES[i % TEMPLATES.length]!(i, `team-${i % 17}`);
    if (i > 0) out.push('---');
    const base = out.length;
    const lines = [...template.lines];
    if (next() < rate) {
      const m = template.mutations[Math.floor(next() * template.mutations.length)]!;
      const original = lines[m.line]!;
      const at = original.indexOf(m.from);
      if (at < 0) throw new Error(`corpus template bug: "${m.from}" not on line ${m.line} of ${lines[1]}`);
      lines[m.line] = original.slice(0, at) + m.to + original.slice(at + m.from.length);
      mistakes.push({ code: m.code, line: base + m.line, start: at, end: at + m.to.length, token: m.to });
    }
    out.push(...lines);
  }
  return { text: out.join('\n') + '\n', resources: count, mistakes };
}
