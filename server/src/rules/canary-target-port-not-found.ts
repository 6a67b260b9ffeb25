/**
 * A Flagger Canary whose `service.targetPort` names a container port that no container of the
 * target workload declares. A numeric target port is not checked: containers may listen on ports
 * they do not declare, but a port name resolves only against declared ports.
 */
import { K } from '../model/kinds';
import type { Fix } from '../findings/finding';
import { defineRule } from './rule';
import { targetKind } from './util/flagger';
import { asObject, asString, specOf } from './util/values';
import { DAEMON_SET, workloadTemplateOf } from './util/workload-templates';

export default defineRule({
  code: 'MSH7008',
  name: 'canary-target-port-not-found',
  severity: 'error',
  reads: [K.Canary, K.Deployment, DAEMON_SET],
  docs: {
    summary: 'A named `service.targetPort` of a Flagger Canary is a container port name of the target workload.',
    rationale:
      'Flagger generates the apex, primary and canary Services with this target port; a port name no container declares leaves those Services without endpoints on that port, so the canary analysis sees no traffic and every request fails.',
    seeAlso: ['https://docs.flagger.app/usage/how-it-works#canary-service'],
  },
  messages: {
    portNotFound: 'No container of {kind} "{name}" declares a port named "{port}"; its port names are {names}.',
  },
  check({ index, report }) {
    for (const canary of index.ofKind(K.Canary)) {
      const port = asObject(specOf(canary)['service'])['targetPort'];
      const kind = targetKind(canary);
      const name = asString(asObject(specOf(canary)['targetRef'])['name']);
      if (typeof port !== 'string' || /^\d+$/.test(port) || name === undefined || (kind !== K.Deployment && kind !== DAEMON_SET)) continue;
      const target = index.get(kind, canary.namespace, name);
      if (!target) continue;
      const names = [...new Set(workloadTemplateOf(target).ports.map((p) => p.name).filter((n): n is string => n !== undefined))];
      if (names.includes(port)) continue;
      report({
        subject: canary.key, path: ['spec', 'service', 'targetPort'], messageId: 'portNotFound',
        data: { kind: kind === K.Deployment ? 'Deployment' : 'DaemonSet', name, port, names: names.length === 0 ? 'none' : names.map((n) => `"${n}"`).join(', ') },
        related: [{ subject: target.key, path: ['spec', 'template', 'spec', 'containers'], note: `the containers of ${name}` }],
        fixes: names.map((n): Fix => ({ title: `Use port "${n}"`, edits: [{ op: 'set', path: ['spec', 'service', 'targetPort'], value: n }], ...(names.length === 1 ? { preferred: true } : {}) })),
      });
    }
  },
});
