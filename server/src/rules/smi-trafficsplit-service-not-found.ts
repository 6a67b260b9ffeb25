/**
 * An SMI TrafficSplit whose root service or a backend names a Service that does not exist.
 * SMI is archived upstream; the message says so, since the fix may be to move to GAMMA
 * (Gateway API routes bound to Services).
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { asArray, asObject, asString, specOf } from './util/values';

export default defineRule({
  code: 'MSH6001',
  name: 'smi-trafficsplit-service-not-found',
  severity: 'error',
  reads: [K.TrafficSplit, K.Service],
  docs: {
    summary: 'The root service and every backend of an SMI TrafficSplit are existing Services in its namespace.',
    rationale:
      'A TrafficSplit splits the traffic addressed to its root Service across backend Services in the same namespace; a missing root Service means no traffic is ever split, and a missing backend receives its share and fails it.',
    seeAlso: ['https://github.com/servicemeshinterface/smi-spec/blob/main/apis/traffic-split/v1alpha4/traffic-split.md'],
  },
  messages: {
    rootNotFound: 'Root Service "{namespace}/{name}" does not exist, so this TrafficSplit splits nothing. (SMI is archived upstream; Gateway API routes bound to Services, GAMMA, are its successor.)',
    backendNotFound: 'Backend Service "{namespace}/{name}" does not exist, so its share of the traffic fails. (SMI is archived upstream; Gateway API routes bound to Services, GAMMA, are its successor.)',
  },
  check({ index, report }) {
    // With no Service in view at all, a missing one proves nothing.
    if (!index.knows(K.Service)) return;
    for (const split of index.ofKind(K.TrafficSplit)) {
      const spec = specOf(split);
      const root = asString(spec['service']);
      if (root !== undefined && !index.get(K.Service, split.namespace, root)) {
        report({ subject: split.key, path: ['spec', 'service'], messageId: 'rootNotFound', data: { namespace: split.namespace, name: root } });
      }
      asArray(spec['backends']).forEach((raw, i) => {
        const name = asString(asObject(raw)['service']);
        if (name === undefined || index.get(K.Service, split.namespace, name)) return;
        report({ subject: split.key, path: ['spec', 'backends', i, 'service'], messageId: 'backendNotFound', data: { namespace: split.namespace, name } });
      });
    }
  },
});
