import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import { envoyFilterPatchFindings } from '../../../../server/src/rules/util/envoyfilter-patches';

function verdicts(yaml: string): string[] {
  const index = new WorkspaceIndex();
  index.setFile('f.yaml', parseFile(yaml, DEFAULT_LIMITS));
  return envoyFilterPatchFindings(index).map((f) => `${f.filter.name}#${f.path[2]} ${f.verdict}`);
}

function filter(name: string, spec: string): string {
  return `apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata: {name: ${name}, namespace: ns}\nspec: ${spec}\n---\n`;
}

test('envoyfilter patches: table', () => {
  const rows: [string, string, string[]][] = [
    ['absolute operations', filter('a', `{configPatches: [{applyTo: HTTP_FILTER, patch: {operation: INSERT_FIRST}}, {applyTo: CLUSTER, patch: {operation: ADD}}, {applyTo: LISTENER, patch: {operation: MERGE}}]}`), []],
    ['relative without priority', filter('a', `{configPatches: [{applyTo: HTTP_FILTER, patch: {operation: INSERT_BEFORE}}, {applyTo: NETWORK_FILTER, patch: {operation: REMOVE}}]}`),
      ['a#0 relative', 'a#1 relative']],
    ['relative with priority', filter('a', `{priority: -1, configPatches: [{applyTo: HTTP_FILTER, patch: {operation: INSERT_AFTER}}]}`), []],
    ['operations that do nothing', filter('a', `{priority: 1, configPatches: [{applyTo: HTTP_ROUTE, patch: {operation: ADD}}, {applyTo: ROUTE_CONFIGURATION, patch: {operation: REMOVE}}, {applyTo: CLUSTER, patch: {operation: REPLACE}}]}`),
      ['a#0 add-ignored', 'a#1 remove-ignored', 'a#2 replace-invalid']],
    ['a filter name under proxyVersion, across EnvoyFilters',
      filter('a', `{configPatches: [{applyTo: HTTP_FILTER, match: {proxy: {proxyVersion: "^1\\\\.29"}}, patch: {operation: INSERT_FIRST, value: {name: lua}}}]}`) +
      filter('b', `{configPatches: [{applyTo: HTTP_FILTER, patch: {operation: INSERT_AFTER, value: {name: lua}}}, {applyTo: HTTP_FILTER, patch: {operation: INSERT_AFTER, value: {name: other}}}]}`),
      ['b#0 relative-with-proxy-version', 'b#1 relative']],
    ['the listener filter name stands in for a missing value name',
      filter('a', `{configPatches: [{applyTo: HTTP_FILTER, match: {proxy: {proxyVersion: "1.29"}, listener: {filterChain: {filter: {name: hcm}}}}, patch: {operation: INSERT_FIRST, value: {typed_config: {}}}}, {applyTo: HTTP_FILTER, match: {listener: {filterChain: {filter: {name: hcm}}}}, patch: {operation: INSERT_BEFORE, value: {x: 1}}}]}`),
      ['a#1 relative-with-proxy-version']],
    ['patches after one without a patch are not read', filter('a', `{configPatches: [{applyTo: HTTP_FILTER}, {applyTo: HTTP_ROUTE, patch: {operation: ADD}}]}`), []],
  ];
  for (const [name, yaml, want] of rows) assert.deepEqual(verdicts(yaml), want, name);
});
