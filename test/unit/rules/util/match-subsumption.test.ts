/**
 * Table tests for match subsumption: each row is (earlier match, later match, does the earlier
 * one take every request of the later one). The "no" rows matter as much as the "yes" rows: the
 * shadowing rule must never report a match that some request can still reach.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveGatewayName } from '../../../../server/src/rules/util/istio-gateway-names';
import {
  cidrContains, matchSubsumes, parseStringMatch, regexAsPrefix, stringImplies, type MatchContext, type RouteSection,
} from '../../../../server/src/rules/util/match-subsumption';

const ctx: MatchContext = {
  namespace: 'web',
  defaultGateways: ['web/public', 'mesh'],
  resolveGateway: (g) => resolveGatewayName(g, 'web'),
};

type Row = [name: string, earlier: Record<string, unknown>, later: Record<string, unknown>, subsumes: boolean, section?: RouteSection];

const uri = (kind: string, value: string) => ({ uri: { [kind]: value } });

test('match subsumption: http conditions', () => {
  const rows: Row[] = [
    ['empty earlier match takes everything', {}, uri('exact', '/a'), true],
    ['prefix / takes an exact path', uri('prefix', '/'), uri('exact', '/a'), true],
    ['prefix / takes a rule without matches', uri('prefix', '/'), {}, true],
    ['regex .* takes a rule without matches', uri('regex', '.*'), {}, true],
    ['prefix takes a longer prefix', uri('prefix', '/a'), uri('prefix', '/a/b'), true],
    ['prefix does not take a shorter prefix', uri('prefix', '/a/b'), uri('prefix', '/a'), false],
    ['prefix does not take a sibling', uri('prefix', '/a'), uri('exact', '/b'), false],
    ['exact takes only itself', uri('exact', '/a'), uri('exact', '/a'), true],
    ['exact does not take a prefix', uri('exact', '/a'), uri('prefix', '/a'), false],
    ['a uri condition is not implied by its absence', uri('prefix', '/a'), {}, false],
    ['literal regex acts as a prefix', uri('regex', '/static/.*'), uri('prefix', '/static/img'), true],
    ['anchored literal regex acts as a prefix', uri('regex', '^/static/.*$'), uri('exact', '/static/a.css'), true],
    ['escaped dots are literals', uri('regex', '/v1\\.0/.*'), uri('prefix', '/v1.0/x'), true],
    ['a class is not a literal', uri('regex', '/v\\d/.*'), uri('prefix', '/v1/x'), false],
    ['regex tested on an exact path', uri('regex', '/users/[0-9]+'), uri('exact', '/users/42'), true],
    ['regex rejecting the exact path', uri('regex', '/users/[0-9]+'), uri('exact', '/users/me'), false],
    ['general regex over a prefix is unprovable', uri('regex', '/users/[0-9]+'), uri('prefix', '/users/1'), false],
    ['identical regexes', uri('regex', '/a|/b'), uri('regex', '/a|/b'), true],
    ['different regexes are unprovable', uri('regex', '/a+'), uri('regex', '/aa+'), false],
    ['RE2-only syntax is unprovable', uri('regex', '(?P<id>[0-9]+)'), uri('exact', '12'), false],
    ['case-insensitive earlier prefix', { ...uri('prefix', '/API'), ignoreUriCase: true }, uri('exact', '/api/x'), true],
    ['case-insensitive later path escapes a case-sensitive prefix', uri('prefix', '/api'), { ...uri('prefix', '/api/x'), ignoreUriCase: true }, false],
    ['case does not matter without letters', uri('prefix', '/1'), { ...uri('exact', '/1/A'), ignoreUriCase: true }, true],
    ['earlier header must be required later', { headers: { 'x-user': { exact: 'a' } } }, {}, false],
    ['same header, more headers later', { headers: { 'x-user': { exact: 'a' } } }, { headers: { 'X-User': { exact: 'a' }, 'x-b': { prefix: 'b' } } }, true],
    ['header present is implied by any value', { headers: { 'x-user': {} } }, { headers: { 'x-user': { regex: '.+' } } }, true],
    ['header prefix vs exact value', { headers: { 'x-user': { prefix: 'ja' } } }, { headers: { 'x-user': { exact: 'jason' } } }, true],
    ['header exact vs prefix value', { headers: { 'x-user': { exact: 'jason' } } }, { headers: { 'x-user': { prefix: 'ja' } } }, false],
    ['empty strings prove nothing', { headers: { 'x-user': { exact: '' } } }, { headers: { 'x-user': { exact: '' } } }, false],
    ['query parameters like headers', { queryParams: { debug: { exact: '1' } } }, { queryParams: { debug: { exact: '1' } }, port: 80 }, true],
    ['withoutHeaders needs the same exclusion later', { withoutHeaders: { 'x-canary': {} } }, { withoutHeaders: { 'x-canary': {} } }, true],
    ['withoutHeaders is not implied by nothing', { withoutHeaders: { 'x-canary': {} } }, {}, false],
    ['a wider later exclusion implies a narrower one', { withoutHeaders: { 'x-c': { exact: 'yes' } } }, { withoutHeaders: { 'x-c': {} } }, true],
    ['method', { method: { exact: 'GET' } }, { method: { exact: 'GET' }, ...uri('prefix', '/a') }, true],
    ['different method', { method: { exact: 'GET' } }, { method: { exact: 'POST' } }, false],
    ['port must match', { port: 80 }, { port: 8080 }, false],
    ['port is not implied by its absence', { port: 80 }, {}, false],
    ['source labels are a subset', { sourceLabels: { app: 'a' } }, { sourceLabels: { app: 'a', v: '2' } }, true],
    ['source labels conflict', { sourceLabels: { app: 'a' } }, { sourceLabels: { app: 'b' } }, false],
    ['source namespace', { sourceNamespace: 'x' }, { sourceNamespace: 'x' }, true],
    ['gateways: earlier on fewer gateways', { gateways: ['public'] }, {}, false],
    ['gateways: later on a subset', { gateways: ['public'] }, { gateways: ['./public'] }, true],
    ['gateways: legacy FQDN names resolve', { gateways: ['web/public'] }, { gateways: ['public.web.svc.cluster.local'] }, true],
    ['name and statPrefix change nothing', { name: 'x', statPrefix: 'y' }, uri('exact', '/'), true],
    ['unknown fields prove nothing', { future: { x: 1 } }, {}, false],
  ];
  for (const [name, earlier, later, expected] of rows) {
    assert.equal(matchSubsumes('http', earlier, later, ctx), expected, name);
  }
});

test('match subsumption: tcp and tls conditions', () => {
  const rows: Row[] = [
    ['subnets contain subnets', { destinationSubnets: ['10.0.0.0/8'] }, { destinationSubnets: ['10.1.0.0/16', '10.2.3.4'] }, true, 'tcp'],
    ['subnet outside', { destinationSubnets: ['10.0.0.0/8'] }, { destinationSubnets: ['11.0.0.0/16'] }, false, 'tcp'],
    ['subnets not implied by none', { destinationSubnets: ['10.0.0.0/8'] }, {}, false, 'tcp'],
    ['source subnet', { sourceSubnet: '10.0.0.0/8' }, { sourceSubnet: '10.0.0.0/24' }, true, 'tcp'],
    ['sni wildcard covers', { sniHosts: ['*.example.com'] }, { sniHosts: ['a.example.com', '*.b.example.com'] }, true, 'tls'],
    ['sni wildcard does not cover the apex', { sniHosts: ['*.example.com'] }, { sniHosts: ['example.com'] }, false, 'tls'],
    ['http fields are unknown to tcp', { uri: { prefix: '/' } }, {}, false, 'tcp'],
  ];
  for (const [name, earlier, later, expected, section] of rows) {
    assert.equal(matchSubsumes(section!, earlier, later, ctx), expected, name);
  }
});

test('match subsumption: string and address helpers', () => {
  assert.equal(regexAsPrefix('/a/.*'), '/a/');
  assert.equal(regexAsPrefix('.*'), '');
  assert.equal(regexAsPrefix('/a+/.*'), undefined);
  assert.equal(regexAsPrefix('/a'), undefined);
  assert.deepEqual(parseStringMatch({}, true), { kind: 'present' });
  assert.equal(parseStringMatch({}, false), 'unknown');
  assert.equal(parseStringMatch({ exact: 'a', prefix: 'b' }, false), 'unknown');
  assert.equal(stringImplies(undefined, { kind: 'prefix', value: '/' }), false);
  assert.equal(cidrContains('0.0.0.0/0', '192.168.1.1'), true);
  assert.equal(cidrContains('192.168.0.0/16', '192.167.0.0/24'), false);
  assert.equal(cidrContains('2001:db8::/32', '2001:db8::/32'), true);
  assert.equal(cidrContains('2001:db8::/32', '2001:db8:1::/48'), false);
  assert.equal(resolveGatewayName('mesh', 'web'), 'mesh');
  assert.equal(resolveGatewayName('gw', 'web'), 'web/gw');
  assert.equal(resolveGatewayName('./gw', 'web'), 'web/gw');
  assert.equal(resolveGatewayName('istio-system/gw', 'web'), 'istio-system/gw');
  assert.equal(resolveGatewayName('gw.ingress.svc.cluster.local', 'web'), 'ingress/gw');
  assert.equal(resolveGatewayName('gw.ingress', 'web'), 'ingress/gw');
});
