/**
 * x-kubernetes-validations: rule compilation, the Kubernetes CEL library, the semantics of
 * message/messageExpression/fieldPath/reason, transition and unevaluable rules, suppression under
 * schema findings, and the real rules of the Gateway API and Istio CRDs (both outcomes).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { PathFinding } from '../../../server/src/findings/finding';
import { evaluateCel } from '../../../server/src/schema/cel';
import { compileRule, parseFieldPath, rewriteHas, rewriteMatches } from '../../../server/src/schema/cel-compile';
import { escapePropertyName } from '../../../server/src/schema/cel-values';
import type { K8sSchema, ValidationRule } from '../../../server/src/schema/structural';
import { SchemaValidator } from '../../../server/src/schema/validator';
import { identityOf, realSchemasDir, writeSchemasDir, yamlDocs } from './helpers';

function evalRule(rule: string, self: unknown): unknown {
  const c = compileRule({ rule });
  assert.equal(c.status, 'ok', `${rule}: ${c.error ?? c.status}`);
  return c.program!({ self });
}

describe('rule source rewriting', () => {
  test('matches() becomes the RE2-aware k8sMatches(), outside string literals', () => {
    assert.equal(rewriteMatches('self.matches("a.matches(b)") && matches(self, \'x\')'), 'self.k8sMatches("a.matches(b)") && k8sMatches(self, \'x\')');
    assert.equal(rewriteMatches('self[0].matches.size() > 0'), 'self[0].matches.size() > 0');
    assert.equal(rewriteMatches('self.matches(r"""^\\d+$""")'), 'self.k8sMatches(r"""^\\d+$""")');
  });
  test('has() becomes k8sHas() when needed', () => {
    assert.equal(rewriteHas('has(self[0].matches) && "has(x)" != ""'), 'k8sHas(self[0].matches) && "has(x)" != ""');
  });
});

describe('property name escaping (Kubernetes rules)', () => {
  const cases: [string, string | null][] = [
    ['name', 'name'],
    ['namespace', '__namespace__'],
    ['if', '__if__'],
    ['x-y', 'x__dash__y'],
    ['a.b', 'a__dot__b'],
    ['a/b', 'a__slash__b'],
    ['a__b', 'a__underscores__b'],
    ['has space', null],
    ['@type', null],
  ];
  for (const [name, escaped] of cases) test(`${name} -> ${escaped}`, () => assert.equal(escapePropertyName(name), escaped));
});

describe('fieldPath parsing', () => {
  const cases: [string, (string | number)[]][] = [
    ['.spec.foo', ['spec', 'foo']],
    [".labels['app.kubernetes.io/name']", ['labels', 'app.kubernetes.io/name']],
    ['.list[2].name', ['list', 2, 'name']],
    ['not a path', []],
    ['', []],
  ];
  for (const [fp, expected] of cases) test(JSON.stringify(fp), () => assert.deepEqual(parseFieldPath(fp), expected));
});

describe('Kubernetes CEL library', () => {
  const cases: [string, unknown, unknown][] = [
    ['isIP(self)', '10.0.0.1', true],
    ['isIP(self)', '2001:db8::1', true],
    ['isIP(self)', 'example.com', false],
    ['isIP(self)', '010.0.0.1', false],
    ['ip(self).family()', '2001:db8::1', 2n * 3n],
    ['ip(self).isLoopback()', '127.0.0.1', true],
    ['isCIDR(self)', '10.0.0.0/8', true],
    ['cidr(self).containsIP("10.1.2.3")', '10.0.0.0/8', true],
    ['cidr(self).containsIP("11.1.2.3")', '10.0.0.0/8', false],
    ['cidr(self).containsCIDR("2001:db8:1::/48")', '2001:db8::/32', true],
    ['cidr(self).prefixLength()', '10.0.0.0/8', 8n],
    ['string(cidr(self).masked())', '10.1.2.3/8', '10.0.0.0/8'],
    ['isURL(self)', 'https://example.com/a?b=c', true],
    ['isURL(self)', 'example.com/a', false],
    ['url(self).getScheme()', 'oci://ghcr.io/x:1', 'oci'],
    ['url(self).getHostname()', 'https://[::1]:8443/x', '::1'],
    ['url(self).getPort()', 'https://example.com:8443/x', '8443'],
    ['url(self).getEscapedPath()', 'https://example.com/a/b?c=d', '/a/b'],
    ['url(self).getQuery()["c"][0]', 'https://example.com/a?c=d&c=e', 'd'],
    ['self.matches("(?i)^abc$")', 'ABC', true],
    ['self.matches("^[[:alpha:]]+$")', 'abc1', false],
    ['self.find("[0-9]+")', 'abc123def', '123'],
    ['self.findAll("[0-9]")', 'a1b2', ['1', '2']],
    ['self.lowerAscii()', 'AbC', 'abc'],
    ['self.split("/")[0]', 'a/b', 'a'],
    ['self.replace("-", "_")', 'a-b-c', 'a_b_c'],
    ['self.charAt(1)', 'abc', 'b'],
    ['self.reverse()', 'abc', 'cba'],
    ['self.isSorted()', [1n, 2n, 3n], true],
    ['self.sum()', [1n, 2n, 3n], 6n],
    ['self.max()', [1n, 5n, 3n], 5n],
    ['self.indexOf(5)', [1n, 5n, 3n], 1n],
    ['quantity(self).isGreaterThan(quantity("1Gi"))', '2Gi', true],
    ['quantity(self).compareTo(quantity("1000m"))', '1', 0n],
    ['quantity(self).asInteger()', '1k', 1000n],
    ['isQuantity(self)', '1.5Mi', true],
    ['isQuantity(self)', 'lots', false],
    ['format.dns1123Label().validate(self) == null', 'my-name', true],
    ['format.dns1123Label().validate(self) == null', 'My_Name', false],
    ['duration(self) > duration("1ms")', '5s', true],
    ['self.all(k, k.size() > 0)', { a: 1n }, true],
  ];
  for (const [rule, self, expected] of cases) {
    test(`${rule} on ${JSON.stringify(self, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))}`, () => assert.deepEqual(evalRule(rule, self), expected));
  }
  test('a library function that cannot represent its input throws (so the rule is silent)', () => {
    assert.throws(() => evalRule('ip(self).family() == 4', 'not-an-ip'));
    assert.throws(() => evalRule('self.matches("(?U)a+")', 'a'));
  });
});

describe('rule compilation', () => {
  test('each rule is compiled once (cached by content)', () => {
    const r: ValidationRule = { rule: 'self.size() > 1', message: 'm' };
    assert.equal(compileRule(r), compileRule({ ...r }));
  });
  test('transition rules are recognised and never run', () => {
    assert.equal(compileRule({ rule: 'self == oldSelf' }).status, 'transition');
    assert.equal(compileRule({ rule: '"oldSelf" == self' }).status, 'ok');
  });
  test('unknown functions make a rule unsupported, not an error', () => {
    const c = compileRule({ rule: 'noSuchFunction(self)' });
    assert.equal(c.status, 'unsupported');
    assert.ok(c.error);
  });
});

// A synthetic CRD with one rule feature per field.
const RULES_SCHEMA: K8sSchema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      'x-kubernetes-validations': [
        { rule: 'self.min <= self.max', message: 'min must not exceed max' },
        { rule: 'self.min + 1 <= 100', messageExpression: '"min is " + string(self.min) + ", too large"' },
        { rule: '!has(self.a) || !has(self.b)', message: 'set a or b, not both', fieldPath: '.b', reason: 'FieldValueForbidden' },
        { rule: 'self.max != 13', messageExpression: 'self.nonexistent', message: 'unlucky' },
        { rule: 'self.max != 14' },
        { rule: '(!has(self.__namespace__) || self.__namespace__ != "forbidden") && (!has(self.x__dash__y) || self.x__dash__y != "forbidden")', message: 'escaped names' },
        { rule: 'self.mode == "Auto"', message: 'mode must be Auto (a default)' },
        { rule: 'self == oldSelf', message: 'immutable' },
        { rule: 'notAFunction(self)', message: 'never reported' },
        { rule: 'self.missing.size() > 100', message: 'never reported either: evaluation fails' },
      ],
      properties: {
        min: { type: 'integer', default: 0 },
        max: { type: 'integer', default: 10 },
        a: { type: 'string' },
        b: { type: 'string' },
        namespace: { type: 'string' },
        'x-y': { type: 'string' },
        mode: { type: 'string', default: 'Auto', enum: ['Auto', 'Manual'] },
        name: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self.matches("(?i)^[a-z]+$")', message: 'letters only' }] },
        items: {
          type: 'array',
          items: { type: 'object', properties: { port: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.port > 0', message: 'port must be positive' }] },
        },
        env: { type: 'object', additionalProperties: { type: 'string', 'x-kubernetes-validations': [{ rule: '!self.contains("*")', message: 'no wildcards' }] } },
      },
    },
  },
};

const dir = writeSchemasDir([{ group: 'cel.example.com', kind: 'Ruled', versions: [{ name: 'v1', storage: true, schema: RULES_SCHEMA }] }]);
after(() => rmSync(dir, { recursive: true, force: true }));

describe('rule semantics (synthetic CRD)', () => {
  const v = new SchemaValidator({ schemasDir: dir });
  const run = (spec: Record<string, unknown>): PathFinding[] =>
    v.validate({ apiVersion: 'cel.example.com/v1', kind: 'Ruled', namespace: null, name: null }, { apiVersion: 'cel.example.com/v1', kind: 'Ruled', metadata: { name: 'r' }, spec });
  const brief = (f: PathFinding): string => `${f.code} ${f.path.join('.')} ${f.target}: ${f.message}`;

  const cases: [string, Record<string, unknown>, string[]][] = [
    ['all rules pass (defaults fill min, max and mode)', {}, []],
    ['message', { min: 5, max: 3 }, ['MSH1006 spec key: spec: min must not exceed max']],
    ['messageExpression, with integers as CEL ints', { min: 100, max: 200 }, ['MSH1006 spec key: spec: min is 100, too large']],
    ['fieldPath and reason', { a: 'x', b: 'y' }, ['MSH1006 spec.b value: spec.b: Forbidden: set a or b, not both']],
    ['messageExpression that fails falls back to message', { max: 13 }, ['MSH1006 spec key: spec: unlucky']],
    ['no message: "failed rule"', { max: 14 }, ['MSH1006 spec key: spec: failed rule: self.max != 14']],
    ['escaped property names', { namespace: 'forbidden' }, ['MSH1006 spec key: spec: escaped names']],
    ['escaped property names with a dash', { 'x-y': 'forbidden' }, ['MSH1006 spec key: spec: escaped names']],
    ['rule on a scalar with a Go regex', { name: 'ABC1' }, ['MSH1006 spec.name value: spec.name: letters only']],
    ['rule on list items', { items: [{ port: 1 }, { port: 0 }] }, ['MSH1006 spec.items.1 key: spec.items[1]: port must be positive']],
    ['rule on map values', { env: { A: 'ok', B: 'a*' } }, ['MSH1006 spec.env.B value: spec.env.B: no wildcards']],
    ['a schema finding under a location suppresses its rules (no cascade)', { mode: 'Manul' }, ['MSH1003 spec.mode value: spec.mode must be one of Auto, Manual; got "Manul". Did you mean Manual?']],
    ['an unknown field under a location suppresses its rules', { min: 5, max: 3, extra: 1 }, ['MSH1001 spec.extra key: Unknown field `extra` in spec: the API server rejects or drops it']],
    ['a finding elsewhere does not suppress a rule', { name: 'ABC1', items: [{ port: 'x' }] }, ['MSH1002 spec.items.0.port value: spec.items[0].port must be an integer, not a string ("x")', 'MSH1006 spec.name value: spec.name: letters only']],
  ];
  for (const [name, spec, expected] of cases) {
    test(name, () => assert.deepEqual(run(spec).map(brief).sort(), [...expected].sort()));
  }
  test('transition, unsupported and failing rules are silent and counted', () => {
    const fresh = new SchemaValidator({ schemasDir: dir });
    fresh.validate({ apiVersion: 'cel.example.com/v1', kind: 'Ruled', namespace: null, name: null }, { apiVersion: 'cel.example.com/v1', kind: 'Ruled', metadata: { name: 'r' }, spec: {} });
    // The `self.missing` rule throws at run time; oldSelf and notAFunction never run.
    assert.equal(fresh.stats.cel.failed, 1);
  });
});

// ---------------------------------------------------------------------------------------------
// The real CRD rules.

const real = realSchemasDir();
const REPO = path.resolve(__dirname, '..', '..', '..', '..');

function realFindings(yaml: string, channel: 'standard' | 'experimental' = 'experimental'): string[] {
  const v = new SchemaValidator({ schemasDir: real!, gatewayApiChannel: channel });
  return yamlDocs(yaml).flatMap((d) => v.validate(identityOf(d), d).map((f) => `${f.code} ${f.path.join('.')}: ${f.message}`));
}

const httpRoute = (rule: string): string => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: shop}
spec:
  parentRefs: [{name: gw}]
  rules:
${rule}`;

interface RealCase {
  readonly name: string;
  readonly yaml: string;
  /** Expected findings as "CODE path: message" prefixes; [] for a clean document. */
  readonly expect: readonly string[];
}

const realCases: RealCase[] = [
  {
    name: 'HTTPRoute: a PathPrefix value must start with /',
    yaml: httpRoute('  - matches: [{path: {type: PathPrefix, value: api}}]\n    backendRefs: [{name: s, port: 80}]'),
    expect: ["MSH1006 spec.rules.0.matches.0.path: spec.rules[0].matches[0].path: value must be an absolute path and start with '/'"],
  },
  { name: 'HTTPRoute: an absolute PathPrefix is fine', yaml: httpRoute('  - matches: [{path: {type: PathPrefix, value: /api}}]\n    backendRefs: [{name: s, port: 80}]'), expect: [] },
  {
    name: 'HTTPRoute: the default path type (PathPrefix) applies to the rule',
    yaml: httpRoute('  - matches: [{path: {value: api}}]\n    backendRefs: [{name: s, port: 80}]'),
    expect: ['MSH1006 spec.rules.0.matches.0.path: spec.rules[0].matches[0].path: value must be an absolute path'],
  },
  {
    name: "HTTPRoute: '//' is not allowed in an Exact path",
    yaml: httpRoute('  - matches: [{path: {type: Exact, value: /a//b}}]\n    backendRefs: [{name: s, port: 80}]'),
    expect: ["MSH1006 spec.rules.0.matches.0.path: spec.rules[0].matches[0].path: must not contain '//'"],
  },
  { name: 'HTTPRoute: RegularExpression paths need not start with /', yaml: httpRoute('  - matches: [{path: {type: RegularExpression, value: ".*"}}]\n    backendRefs: [{name: s, port: 80}]'), expect: [] },
  {
    name: 'HTTPRoute: RequestRedirect cannot be combined with backendRefs',
    yaml: httpRoute('  - filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]\n    backendRefs: [{name: s, port: 80}]'),
    expect: ['MSH1006 spec.rules.0: spec.rules[0]: RequestRedirect filter must not be used together with backendRefs'],
  },
  {
    name: 'HTTPRoute: ReplacePrefixMatch needs exactly one PathPrefix match',
    yaml: httpRoute('  - matches: [{path: {type: Exact, value: /a}}]\n    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]\n    backendRefs: [{name: s, port: 80}]'),
    expect: ['MSH1006 spec.rules.0: spec.rules[0]: When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified'],
  },
  {
    name: 'HTTPRoute: a filter type needs its configuration',
    yaml: httpRoute('  - filters: [{type: RequestHeaderModifier}]\n    backendRefs: [{name: s, port: 80}]'),
    expect: ['MSH1006 spec.rules.0.filters.0: spec.rules[0].filters[0]: filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type'],
  },
  {
    name: 'HTTPRoute: backendRequest timeout longer than request timeout',
    yaml: httpRoute('  - timeouts: {request: 1s, backendRequest: 5s}\n    backendRefs: [{name: s, port: 80}]'),
    expect: ['MSH1006 spec.rules.0.timeouts: spec.rules[0].timeouts: backendRequest timeout cannot be longer than request timeout'],
  },
  {
    name: 'HTTPRoute: two references to the same parent need sectionNames',
    yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{name: gw, sectionName: http}, {name: gw}]
  rules: [{backendRefs: [{name: s, port: 80}]}]`,
    expect: ['MSH1006 spec.parentRefs: spec.parentRefs: sectionName or port must be specified when parentRefs includes 2 or more references to the same parent'],
  },
  {
    name: 'Gateway: tls on an HTTP listener',
    yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  gatewayClassName: istio
  listeners:
  - {name: http, port: 80, protocol: HTTP, tls: {mode: Terminate, certificateRefs: [{name: c}]}}`,
    expect: ["MSH1006 spec.listeners: spec.listeners: tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"],
  },
  {
    name: 'Gateway: an unevaluable rule yields nothing (Terminate without certificateRefs: no such key)',
    yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  gatewayClassName: istio
  listeners:
  - {name: https, port: 443, protocol: HTTPS, tls: {mode: Terminate}}`,
    expect: [],
  },
  {
    name: 'GRPCRoute: the service name must be a valid gRPC service name',
    yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: g}
spec:
  rules: [{matches: [{method: {service: "1bad", method: Get}}]}]`,
    expect: ['MSH1006 spec.rules.0.matches.0.method: spec.rules[0].matches[0].method: service must only contain valid characters'],
  },
  {
    name: 'TLSRoute: hostnames cannot be IPs (isIP)',
    yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: {name: t}
spec:
  parentRefs: [{name: gw}]
  hostnames: ["10.0.0.1"]
  rules: [{backendRefs: [{name: s, port: 443}]}]`,
    expect: ['MSH1006 spec.hostnames: spec.hostnames: Hostnames cannot contain an IP'],
  },
  {
    name: 'Istio ServiceEntry: NONE resolution cannot have endpoints',
    yaml: `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: se}
spec:
  hosts: [a.example.com]
  ports: [{number: 80, name: http, protocol: HTTP}]
  endpoints: [{address: 10.0.0.1}]`,
    expect: ['MSH1006 spec: spec: NONE mode cannot set endpoints'],
  },
  {
    name: 'Istio DestinationRule: durations of at least 1ms',
    yaml: `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr}
spec:
  host: a
  trafficPolicy: {connectionPool: {tcp: {connectTimeout: 500us}}}`,
    expect: ['MSH1006 spec.trafficPolicy.connectionPool.tcp.connectTimeout: spec.trafficPolicy.connectionPool.tcp.connectTimeout: must be a valid duration greater than 1ms'],
  },
  {
    name: 'Istio PeerAuthentication: portLevelMtls requires a selector',
    yaml: `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: pa}
spec:
  portLevelMtls: {"8080": {mode: DISABLE}}`,
    expect: ['MSH1006 spec: spec: portLevelMtls requires selector'],
  },
  {
    name: 'Istio RequestAuthentication: jwksUri must be http(s) (url())',
    yaml: `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: ra}
spec:
  jwtRules: [{issuer: a, jwksUri: "ftp://keys.example.com/jwks"}]`,
    expect: ['MSH1006 spec.jwtRules.0.jwksUri: spec.jwtRules[0].jwksUri: url must have scheme http:// or https://'],
  },
  {
    name: 'Istio WasmPlugin: an oci:// url is fine (isURL/url)',
    yaml: `apiVersion: extensions.istio.io/v1alpha1
kind: WasmPlugin
metadata: {name: w}
spec:
  url: oci://ghcr.io/example/plugin:1.0`,
    expect: [],
  },
  {
    name: 'Istio WasmPlugin: an ftp:// url is not',
    yaml: `apiVersion: extensions.istio.io/v1alpha1
kind: WasmPlugin
metadata: {name: w}
spec:
  url: ftp://example.com/plugin.wasm`,
    expect: ['MSH1006 spec.url: spec.url: url must have schema one of [http, https, file, oci]'],
  },
];

describe('real CRD rules', { skip: real === null }, () => {
  for (const c of realCases) {
    test(c.name, () => {
      const got = realFindings(c.yaml);
      assert.equal(got.length, c.expect.length, JSON.stringify(got, null, 1));
      const sorted = [...got].sort();
      [...c.expect].sort().forEach((e, i) => assert.ok(sorted[i]!.startsWith(e), `${sorted[i]} should start with ${e}`));
    });
  }
  test('the clean Gateway API fixture evaluates every rule it reaches', () => {
    const text = readFileSync(path.join(REPO, 'test/fixtures/schema/gateway-api-clean.yaml'), 'utf8');
    for (const channel of ['standard', 'experimental'] as const) {
      const v = new SchemaValidator({ schemasDir: real!, gatewayApiChannel: channel });
      for (const d of yamlDocs(text)) assert.deepEqual(v.validate(identityOf(d), d), []);
      assert.ok(v.stats.cel.evaluated > 100, `${channel}: ${v.stats.cel.evaluated} evaluations`);
      assert.equal(v.stats.cel.failed, 0, `${channel}: unevaluable rules on a clean, complete fixture`);
    }
  });
});

/** cel-coverage.yaml uses experimental-channel fields and kinds. */
function fixturesFor(channel: 'standard' | 'experimental'): string[] {
  return channel === 'standard' ? ['bookinfo-clean.yaml', 'gateway-api-clean.yaml'] : ['bookinfo-clean.yaml', 'gateway-api-clean.yaml', 'cel-coverage.yaml'];
}

describe('rule coverage over every CRD', { skip: real === null }, () => {
  test('the clean fixtures evaluate most distinct rules, all of them to a boolean', (t) => {
    const evaluatedRules = new Set<string>();
    let failed = 0;
    for (const channel of ['standard', 'experimental'] as const) {
      const v = new SchemaValidator({ schemasDir: real!, gatewayApiChannel: channel });
      for (const name of fixturesFor(channel)) {
        for (const d of yamlDocs(readFileSync(path.join(REPO, 'test/fixtures/schema', name), 'utf8'))) {
          const id = identityOf(d);
          assert.deepEqual(v.validate(id, d), [], `${channel}: ${id.kind} ${id.name}`);
        }
      }
      failed += v.stats.cel.failed;
    }
    // Re-run with a recording stats object to count distinct rules.
    for (const channel of ['standard', 'experimental'] as const) {
      const v = new SchemaValidator({ schemasDir: real!, gatewayApiChannel: channel });
      for (const name of fixturesFor(channel)) {
        for (const d of yamlDocs(readFileSync(path.join(REPO, 'test/fixtures/schema', name), 'utf8'))) {
          const r = v.resolve(identityOf(d).apiVersion!, identityOf(d).kind!);
          if (!('entry' in r)) continue;
          const compiled = v.compiledFor(r.entry);
          if (compiled?.cel) evaluateCel(compiled.cel, d, () => false, { evaluated: 0, failed: 0, evaluatedRules });
        }
      }
    }
    t.diagnostic(`distinct rules evaluated to a boolean on the clean fixtures: ${evaluatedRules.size}; unevaluable evaluations: ${failed}`);
    assert.equal(failed, 0);
    assert.ok(evaluatedRules.size >= 115, `${evaluatedRules.size} distinct rules evaluated`);
  });

  test('every distinct rule compiles, except transition rules', (t) => {
    const index = JSON.parse(readFileSync(path.join(real!, 'index.json'), 'utf8')) as { entries: { file: string | null }[] };
    const rules = new Map<string, ValidationRule>();
    const visit = (s: unknown): void => {
      if (s === null || typeof s !== 'object') return;
      if (Array.isArray(s)) return s.forEach(visit);
      const o = s as Record<string, unknown>;
      for (const r of (o['x-kubernetes-validations'] as ValidationRule[] | undefined) ?? []) rules.set(r.rule, r);
      for (const [k, v] of Object.entries(o)) if (k !== 'x-kubernetes-validations' && k !== 'default' && k !== 'enum' && k !== 'example') visit(v);
    };
    for (const file of new Set(index.entries.map((e) => e.file).filter((f): f is string => f !== null))) {
      visit(JSON.parse(readFileSync(path.join(real!, file), 'utf8')));
    }
    const counts: Record<string, number> = { ok: 0, transition: 0, unsupported: 0 };
    const unsupported: string[] = [];
    for (const r of rules.values()) {
      const c = compileRule(r);
      counts[c.status]! += 1;
      if (c.status === 'unsupported') unsupported.push(`${r.rule} -- ${c.error}`);
    }
    t.diagnostic(`distinct rules: ${rules.size}; compiled: ${counts.ok}; transition (skipped): ${counts.transition}; unsupported: ${counts.unsupported}`);
    assert.ok(rules.size >= 100);
    assert.deepEqual(unsupported, []);
  });
});
