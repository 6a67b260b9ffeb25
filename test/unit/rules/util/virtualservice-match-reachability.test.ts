import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { Resource } from '../../../../server/src/model/resource';
import { matchReachability } from '../../../../server/src/rules/util/virtualservice-match-reachability';

function vs(spec: string): Resource {
  return {
    key: 'vs', kind: 'networking.istio.io/VirtualService', apiVersion: 'networking.istio.io/v1', name: 'vs', namespace: 'ns',
    written: { apiVersion: null, kind: null, namespace: null, name: null },
    value: { spec: parse(spec) as Record<string, unknown> }, origin: { type: 'file', file: 'f', documentIndex: 0 },
  };
}

/** Each finding as one line: type, path, then its identifiers. */
function lines(spec: string): string[] {
  return matchReachability(vs(spec)).map((f) => f.type === 'unreachable'
    ? `unreachable ${f.path.join('.')} ${f.rule} (${f.reason})`
    : `ineffective ${f.path.join('.')} ${f.rule} ${f.match} by ${f.shadowedBy}`);
}

test('match reachability: table', () => {
  const rows: [string, string, string[]][] = [
    ['distinct matches', `http: [{match: [{uri: {prefix: /a}}]}, {match: [{uri: {prefix: /b}}]}, {}]`, []],
    ['two catch-alls', `http: [{}, {name: last}]`, ['unreachable spec.http.1 "last" (only the last rule can have no matches)']],
    ['match after a catch-all', `http: [{}, {match: [{uri: {exact: /x}}]}]`, ['unreachable spec.http.1.match.0 #1 (route without matches defined before)']],
    ['duplicate ignoring names', `http: [{name: a, match: [{name: m, uri: {prefix: /p}}]}, {match: [{uri: {prefix: /p}}]}]`,
      ['ineffective spec.http.1.match.0 #1 #0 by "a"', 'unreachable spec.http.1 #1 (all matches used by prior rules)']],
    ['zero values do not matter', `tcp: [{match: [{port: 80}]}, {match: [{port: 80, sourceLabels: {}}]}]`,
      ['ineffective spec.tcp.1.match.0 #1 #0 by #0', 'unreachable spec.tcp.1 #1 (all matches used by prior rules)']],
    ['a header presence match is not absence', `http: [{match: [{headers: {x: {}}}]}, {match: [{}]}]`, []],
    ['partly duplicate', `tls: [{match: [{sniHosts: [a]}]}, {match: [{sniHosts: [a]}, {sniHosts: [b]}]}]`, ['ineffective spec.tls.1.match.0 #1 #0 by #0']],
    ['longer prefix under a shorter one (GET by default)', `http: [{match: [{uri: {prefix: /api}}]}, {match: [{uri: {prefix: /api/v1}, method: {exact: GET}}]}]`,
      ['ineffective spec.http.1.match.0 #1 #0 of prefix /api/v1 by #0 of prefix /api on #0']],
    ['different methods', `http: [{match: [{uri: {prefix: /api}, method: {exact: GET}}]}, {match: [{uri: {prefix: /api/v1}, method: {exact: POST}}]}]`, []],
    ['extra header on the later match', `http: [{match: [{uri: {prefix: /api}}]}, {match: [{uri: {prefix: /api/v1}, headers: {x: {exact: "1"}}}]}]`, []],
    ['exact uri is not a prefix match', `http: [{match: [{uri: {prefix: /}}]}, {match: [{uri: {exact: /x}}]}]`, []],
    ['within one rule', `http: [{name: r, match: [{uri: {prefix: /a}}, {name: deep, uri: {prefix: /a/b}}]}]`,
      ['ineffective spec.http.0.match.1 "r" "deep" of prefix /a/b by #0 of prefix /a on "r"']],
  ];
  for (const [name, spec, want] of rows) assert.deepEqual(lines(spec), want, name);
});
