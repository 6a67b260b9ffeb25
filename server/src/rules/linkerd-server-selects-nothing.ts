/**
 * A Linkerd Server whose selector matches no workload in its namespace, or whose port no
 * selected workload declares. `podSelector` selects Pods (and the pod templates of Deployments,
 * StatefulSets, DaemonSets and Argo Rollouts); `externalWorkloadSelector` selects Linkerd
 * ExternalWorkloads. A port is a number or a port name, and Linkerd only considers ports listed in
 * the pod spec (`containers[].ports`), so a named port must be the name of one of them.
 *
 * Workloads live in the cluster, or in the workspace as controllers: the check speaks only when
 * some workload kind is in view.
 */
import { K } from '../model/kinds';
import type { Fix } from '../findings/finding';
import { defineRule } from './rule';
import { describeLabelSelector, EXTERNAL_WORKLOAD } from './util/linkerd-refs';
import { labelSelectorSelects } from './util/selectors';
import { asArray, asNumber, asObject, asString, isObject, labelsOf, specOf } from './util/values';
import { describeWorkload, knowsWorkloads, workloadsIn, WORKLOAD_KINDS } from './util/workload-templates';

/** A selected workload with its declared ports. */
interface Selected {
  readonly label: string;
  readonly ports: readonly { port: number; name?: string }[];
}

export default defineRule({
  code: 'MSH4003',
  name: 'linkerd-server-selects-nothing',
  severity: 'warning',
  reads: [K.LinkerdServer, ...WORKLOAD_KINDS, EXTERNAL_WORKLOAD],
  docs: {
    summary: 'Every Linkerd Server selects at least one workload in its namespace, on a port those workloads declare.',
    rationale:
      'A Server describes a port of the workloads it selects; when its selector matches nothing, or no selected workload declares its port, the Server applies to no traffic, so the authorization policies attached to it protect nothing and that port keeps the default policy.',
    seeAlso: ['https://linkerd.io/2/reference/authorization-policy/#server'],
  },
  messages: {
    noWorkload: 'No {what} in namespace "{namespace}" matches {selector}, so this Server applies to nothing.',
    portNotFound: 'No selected workload ({workloads}) declares port {port}, so this Server applies to no traffic.',
  },
  check({ index, report }) {
    const knowsPods = knowsWorkloads(index);
    const knowsExternal = index.knows(EXTERNAL_WORKLOAD);
    for (const server of index.ofKind(K.LinkerdServer)) {
      const spec = specOf(server);
      let selected: Selected[];
      let field: string;
      if (isObject(spec['externalWorkloadSelector'])) {
        if (!knowsExternal) continue;
        field = 'externalWorkloadSelector';
        selected = index.ofKind(EXTERNAL_WORKLOAD)
          .filter((w) => w.namespace === server.namespace && labelSelectorSelects(spec[field], labelsOf(w)))
          .map((w) => ({ label: `ExternalWorkload ${w.name}`, ports: externalPorts(specOf(w)['ports']) }));
      } else {
        if (!knowsPods) continue;
        field = 'podSelector';
        selected = workloadsIn(index, server.namespace)
          .filter((w) => labelSelectorSelects(spec[field], w.labels))
          .map((w) => ({ label: describeWorkload(w), ports: w.ports }));
      }
      if (selected.length === 0) {
        report({
          subject: server.key, path: ['spec', field], messageId: 'noWorkload',
          data: { what: field === 'podSelector' ? 'workload' : 'ExternalWorkload', namespace: server.namespace, selector: describeLabelSelector(asObject(spec[field])) },
        });
        continue;
      }
      const port = spec['port'];
      const byName = typeof port === 'string';
      if (!byName && asNumber(port) === undefined) continue;
      if (selected.some((w) => w.ports.some((p) => (byName ? p.name === port : p.port === port)))) continue;
      const candidates = [...new Set(selected.flatMap((w) => w.ports.map((p) => (byName ? p.name : p.port))).filter((v) => v !== undefined))];
      report({
        subject: server.key, path: ['spec', 'port'], messageId: 'portNotFound',
        data: { workloads: selected.map((w) => w.label).join(', '), port: byName ? `"${port}"` : String(port) },
        fixes: candidates.map((c): Fix => ({
          title: `Use port ${byName ? `"${c}"` : c}`,
          edits: [{ op: 'set', path: ['spec', 'port'], value: c }],
          ...(candidates.length === 1 ? { preferred: true } : {}),
        })),
      });
    }
  },
});

function externalPorts(value: unknown): { port: number; name?: string }[] {
  const out: { port: number; name?: string }[] = [];
  for (const raw of asArray(value)) {
    const p = asObject(raw);
    const port = asNumber(p['port']);
    if (port === undefined) continue;
    const name = asString(p['name']);
    out.push({ port, ...(name !== undefined ? { name } : {}) });
  }
  return out;
}
