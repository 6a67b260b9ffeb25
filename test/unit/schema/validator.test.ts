/**
 * The validator on the real CRDs: clean real-world configurations yield nothing, each code fires
 * on the mistake it names (once), and compilation happens once per kind. Timings are reported as
 * test diagnostics, never asserted.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PathFinding } from '../../../server/src/findings/finding';
import { SchemaValidator } from '../../../server/src/schema/validator';
import { identityOf, realSchemasDir, REPO_ROOT, yamlDocs } from './helpers';

const real = realSchemasDir();
const fixture = (name: string): string => readFileSync(path.join(REPO_ROOT, 'test/fixtures/schema', name), 'utf8');

function findings(v: SchemaValidator, yaml: string): PathFinding[] {
  return yamlDocs(yaml).flatMap((d) => v.validate(identityOf(d), d));
}

const brief = (f: PathFinding): string => `${f.code} ${f.path.join('.')} ${f.target}`;

describe('clean real-world configuration', { skip: real === null }, () => {
  test('the bookinfo Istio set yields zero findings', () => {
    const v = new SchemaValidator({ schemasDir: real! });
    const docs = yamlDocs(fixture('bookinfo-clean.yaml'));
    assert.ok(docs.length >= 20);
    const kinds = new Set(docs.map((d) => d.kind));
    for (const k of ['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'PeerAuthentication', 'AuthorizationPolicy', 'Sidecar', 'WorkloadEntry', 'WorkloadGroup']) {
      assert.ok(kinds.has(k), `fixture covers ${k}`);
    }
    for (const d of docs) assert.deepEqual(v.validate(identityOf(d), d), [], `${d.kind} ${(d.metadata as { name: string }).name}`);
    assert.equal(v.stats.cel.failed, 0);
  });
  test('HTTPRoute, Gateway and GRPCRoute yield zero findings in both channels', () => {
    for (const channel of ['standard', 'experimental'] as const) {
      const v = new SchemaValidator({ schemasDir: real!, gatewayApiChannel: channel });
      assert.deepEqual(findings(v, fixture('gateway-api-clean.yaml')), [], channel);
    }
  });
});

const VS_MISTAKES = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  labels:
    version: 1
spec:
  hosts: [reviews]
  http:
  - match:
    - uri:
        exact: /a
        prefix: /b
    route:
    - destination: {host: reviews, subset: v1}
      weigth: 50
    - destination: {host: reviews, subset: v2}
      weight: "50"
    timeout: 10
`;

describe('each mistake yields exactly one finding', { skip: real === null }, () => {
  const v = new SchemaValidator({ schemasDir: real! });
  test('VirtualService: oneOf collapse, unknown field, wrong types', () => {
    const got = findings(v, VS_MISTAKES);
    assert.deepEqual(got.map(brief).sort(), [
      'MSH1001 spec.http.0.route.0.weigth key',
      'MSH1002 metadata.labels.version value',
      'MSH1002 spec.http.0.route.1.weight value',
      'MSH1002 spec.http.0.timeout value',
      'MSH1005 spec.http.0.match.0.uri.prefix key',
    ]);
    const conflict = got.find((f) => f.code === 'MSH1005')!;
    assert.equal(conflict.message, 'Only one of `exact`, `prefix`, `regex` may be set in spec.http[0].match[0].uri, but `exact` and `prefix` are both set');
    const unknown = got.find((f) => f.code === 'MSH1001')!;
    assert.match(unknown.message, /did you mean `weight`\?/);
  });
  const cases: { name: string; yaml: string; expect: string[] }[] = [
    {
      name: 'DestinationRule: invalid enum with did-you-mean',
      yaml: 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\nspec:\n  host: reviews\n  trafficPolicy: {tls: {mode: ISTIO_MUTUL}}',
      expect: ['MSH1003 spec.trafficPolicy.tls.mode value'],
    },
    {
      name: 'DestinationRule: a subset without its required name',
      yaml: 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\nspec:\n  host: reviews\n  subsets: [{labels: {version: v2}}]',
      expect: ['MSH1004 spec.subsets.0 key'],
    },
    {
      name: 'DestinationRule: a misspelt required host is one unknown field',
      yaml: 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\nspec:\n  hots: reviews',
      expect: ['MSH1001 spec.hots key'],
    },
    {
      name: 'VirtualService: a negative weight is accepted (the CRD sets no minimum; Istio validates it elsewhere)',
      yaml: 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\nspec:\n  hosts: [a]\n  http: [{route: [{destination: {host: a}, weight: -1}]}]',
      expect: [],
    },
    {
      name: 'HTTPRoute: a backend weight out of range',
      yaml: 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  rules: [{backendRefs: [{name: s, port: 80, weight: -1}]}]',
      expect: ['MSH1005 spec.rules.0.backendRefs.0.weight value'],
    },
    {
      name: 'ServiceEntry: a port number of the wrong type in a list item',
      yaml: 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: s}\nspec:\n  hosts: [a.example.com]\n  ports: [{number: http, name: http, protocol: HTTP}]\n  resolution: DNS',
      expect: ['MSH1002 spec.ports.0.number value'],
    },
    {
      name: 'AuthorizationPolicy: an enum mistake does not also fail the CEL rules above it',
      yaml: 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a}\nspec:\n  action: ALOW\n  rules: [{from: [{source: {principals: [a]}}]}]',
      expect: ['MSH1003 spec.action value'],
    },
    {
      name: 'PeerAuthentication: a misspelt selector field does not also fail "portLevelMtls requires selector"',
      yaml: 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec:\n  selector: {matchLabel: {app: a}}\n  portLevelMtls: {"8080": {mode: DISABLE}}',
      expect: ['MSH1001 spec.selector.matchLabel key'],
    },
    {
      name: 'Gateway API: a duplicate listener name is one finding (list-map key, and its CEL twin stays quiet)',
      yaml: 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n  gatewayClassName: c\n  listeners: [{name: http, port: 80, protocol: HTTP}, {name: http, port: 81, protocol: HTTP}]',
      expect: ['MSH1005 spec.listeners.1.name value'],
    },
    {
      name: 'Gateway API: an invalid listener hostname (pattern)',
      yaml: 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n  gatewayClassName: c\n  listeners: [{name: http, port: 80, protocol: HTTP, hostname: "Bad_Host"}]',
      expect: ['MSH1005 spec.listeners.0.hostname value'],
    },
    {
      name: 'Argo Rollout: maxSurge is int-or-string',
      yaml: 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n  selector: {matchLabels: {app: a}}\n  template: {metadata: {labels: {app: a}}, spec: {containers: [{name: a, image: nginx}]}}\n  strategy: {canary: {maxSurge: "25%", maxUnavailable: 0, steps: [{setWeight: 20}, {pause: {duration: 1h}}]}}',
      expect: [],
    },
    {
      name: 'Argo Rollout: a float where int-or-string is expected',
      yaml: 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n  selector: {matchLabels: {app: a}}\n  template: {metadata: {labels: {app: a}}, spec: {containers: [{name: a, image: nginx}]}}\n  strategy: {canary: {maxSurge: 1.5}}',
      expect: ['MSH1002 spec.strategy.canary.maxSurge value'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(findings(v, c.yaml).map(brief).sort(), [...c.expect].sort(), JSON.stringify(findings(v, c.yaml), null, 1)));
  }
  test('standard channel: an experimental-only field is an unknown field', () => {
    const yaml = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  useDefaultGateways: All\n  rules: [{backendRefs: [{name: s, port: 80}]}]';
    assert.deepEqual(findings(new SchemaValidator({ schemasDir: real! }), yaml), []);
    assert.deepEqual(findings(new SchemaValidator({ schemasDir: real!, gatewayApiChannel: 'standard' }), yaml).map(brief), ['MSH1001 spec.useDefaultGateways key']);
  });
  test('Linkerd Server v1beta1: deprecated, with the CRD warning and a fix', () => {
    const got = findings(v, 'apiVersion: policy.linkerd.io/v1beta1\nkind: Server\nmetadata: {name: s}\nspec:\n  podSelector: {matchLabels: {app: a}}\n  port: http');
    assert.deepEqual(got.map(brief), ['MSH1007 apiVersion value']);
    assert.equal(got[0]!.severity, 'warning');
    assert.ok(got[0]!.fixes?.[0]);
  });
  test('a document of a kind nobody knows is left alone', () => {
    assert.deepEqual(findings(v, 'apiVersion: example.com/v1\nkind: Thing\nspec: {anything: [1, 2]}'), []);
  });
});

describe('compile once, validate fast', { skip: real === null }, () => {
  test('a kind is compiled on first use only', (t) => {
    const v = new SchemaValidator({ schemasDir: real! });
    const docs = yamlDocs(fixture('bookinfo-clean.yaml'));
    const vs = docs.filter((d) => d.kind === 'VirtualService');
    for (let i = 0; i < 100; i++) for (const d of vs) v.validate(identityOf(d), d);
    assert.equal(v.stats.compiled, 1, 'VirtualService v1 compiled once');
    const timings: string[] = [];
    for (const [apiVersion, kind] of [
      ['networking.istio.io/v1', 'VirtualService'],
      ['networking.istio.io/v1', 'DestinationRule'],
      ['gateway.networking.k8s.io/v1', 'HTTPRoute'],
      ['gateway.networking.k8s.io/v1', 'Gateway'],
      ['argoproj.io/v1alpha1', 'Rollout'],
    ] as const) {
      const r = v.resolve(apiVersion, kind);
      assert.ok('entry' in r);
      const c = v.compiledFor(r.entry)!;
      timings.push(`${kind} ${c.compileMs.toFixed(0)}ms`);
    }
    t.diagnostic(`compile: ${timings.join(', ')}`);
    // Everything reached so far, and nothing twice.
    assert.equal(v.stats.compiled, 5);
    const before = v.stats.compiled;
    for (const d of docs) v.validate(identityOf(d), d);
    const afterFirst = v.stats.compiled;
    for (const d of docs) v.validate(identityOf(d), d);
    assert.equal(v.stats.compiled, afterFirst, 'a second pass compiles nothing');
    assert.ok(afterFirst > before);
    const start = performance.now();
    const rounds = 50;
    for (let i = 0; i < rounds; i++) for (const d of docs) v.validate(identityOf(d), d);
    t.diagnostic(`validate: ${((performance.now() - start) * 1000 / (rounds * docs.length)).toFixed(1)}µs per bookinfo resource (warm)`);
  });
});
