/**
 * Editor features never throw, whatever the text and the position: every feature is run at every
 * position of documents cut off at many points (half-typed keys, open flow collections, dangling
 * dashes and quotes), as an editor would ask while someone types.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeActions } from '../../../server/src/features/code-actions';
import { completion } from '../../../server/src/features/completion';
import { hover } from '../../../server/src/features/hover';
import { definition, references } from '../../../server/src/features/navigation';
import { documentSymbols, foldingRanges } from '../../../server/src/features/symbols';
import { featureWorkspace } from '../../support/cursor';
import { MESH } from '../../support/mesh';

const ROUTE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: r, namespace: default}
spec:
  hosts: [reviews, "ratings.shop.svc.cluster.local"]
  gateways:
  - istio-system/ingress
  http:
  - match:
    - headers:
        end-user: {exact: "jason"}
    route:
    - destination: {host: reviews, subset: v1, port: {number: 9080}}
      weight: 100
    description: |
      free text: not a key
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: h
spec:
  parentRefs: [{name: web, sectionName: http}]
  rules:
  - backendRefs:
    - {name: reviews, port: 9080}
`;

test('editor features: no position of any cut-off document makes a feature throw', () => {
  const base = featureWorkspace({ 'mesh.yaml': MESH });
  let asked = 0;
  for (let cut = 0; cut <= ROUTE.length; cut += 23) {
    const text = ROUTE.slice(0, cut) + (cut % 2 === 0 ? '' : '\n  - ');
    base.workspace.setFile('file:///ws/edit.yaml', text);
    const view = base.view('edit.yaml');
    const lines = text.split('\n');
    for (let line = 0; line < lines.length; line++) {
      for (let character = 0; character <= lines[line]!.length + 1; character += 3) {
        const position = { line, character };
        completion(base.ctx, view, position);
        hover(base.ctx, view, position);
        definition(base.ctx, view, position);
        references(base.ctx, view, position, true);
        codeActions(base.ctx, view, { uri: 'u', text, range: { start: position, end: position }, diagnostics: [] });
        asked++;
      }
    }
    documentSymbols(base.ctx, view);
    foldingRanges(view);
  }
  assert.ok(asked > 1000);
});
