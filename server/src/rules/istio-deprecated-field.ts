/**
 * Istio fields and resource types that are deprecated or removed: the integer
 * `fault.delay.percent` of a VirtualService, a Sidecar's `outboundTrafficPolicy.egressProxy`, and
 * CustomResourceDefinitions of the long-gone rbac.istio.io API.
 */
import type { Kind } from '../model/kinds';
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { asArray, asObject, asString, specOf } from './util/values';

const CRD: Kind = 'apiextensions.k8s.io/CustomResourceDefinition';

/** The rbac.istio.io kinds Istio removed (replaced by AuthorizationPolicy). */
const REMOVED_RBAC_KINDS: ReadonlySet<string> = new Set(['ClusterRbacConfig', 'RbacConfig', 'ServiceRole', 'ServiceRoleBinding']);

export default defineRule({
  code: 'IST0002',
  istioName: 'Deprecated',
  istioAnalyzer: 'deprecation.DeprecationAnalyzer',
  name: 'istio-deprecated-field',
  severity: 'warning',
  reads: [K.VirtualService, K.Sidecar, CRD],
  docs: {
    summary: 'Istio configuration avoids fields and resource types that are deprecated or removed.',
    rationale:
      'Deprecated fields are ignored or dropped by newer Istio releases, so the behaviour they configure disappears on upgrade without an error.',
    seeAlso: ['istioctl analyze IST0002'],
  },
  messages: {
    delayPercent: 'fault.delay.percent is deprecated; use fault.delay.percentage.value, which also allows fractions.',
    egressProxy: 'outboundTrafficPolicy.egressProxy is deprecated and ignored by Istio.',
    removedCrd: 'The custom resource type {group} {kind} was removed from Istio; use AuthorizationPolicy instead.',
  },
  check({ index, report }) {
    for (const vs of index.ofKind(K.VirtualService)) {
      asArray(specOf(vs)['http']).forEach((route, i) => {
        const percent = asObject(asObject(asObject(route)['fault'])['delay'])['percent'];
        if (typeof percent !== 'number' || percent <= 0) return;
        const delayPath = ['spec', 'http', i, 'fault', 'delay'];
        report({
          subject: vs.key,
          path: [...delayPath, 'percent'],
          target: 'key',
          messageId: 'delayPercent',
          fixes: [
            {
              title: `Use percentage.value: ${percent}`,
              preferred: true,
              // Rename the key and replace its value in place (two edits that do not overlap).
              edits: [
                { op: 'rename-key', path: [...delayPath, 'percent'], newKey: 'percentage' },
                { op: 'set', path: [...delayPath, 'percent'], value: { value: percent } },
              ],
            },
          ],
        });
      });
    }
    for (const sidecar of index.ofKind(K.Sidecar)) {
      const policy = asObject(specOf(sidecar)['outboundTrafficPolicy']);
      if (policy['egressProxy'] == null) continue;
      const path = ['spec', 'outboundTrafficPolicy', 'egressProxy'];
      report({ subject: sidecar.key, path, target: 'key', messageId: 'egressProxy', fixes: [{ title: 'Remove egressProxy', edits: [{ op: 'delete', path }] }] });
    }
    for (const crd of index.ofKind(CRD)) {
      const spec = specOf(crd);
      const group = asString(spec['group']);
      const kind = asString(asObject(spec['names'])['kind']);
      if (group !== 'rbac.istio.io' || !kind || !REMOVED_RBAC_KINDS.has(kind)) continue;
      report({ subject: crd.key, path: ['spec', 'names', 'kind'], messageId: 'removedCrd', data: { group, kind } });
    }
  },
});
