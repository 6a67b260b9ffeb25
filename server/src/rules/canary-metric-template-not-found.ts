/**
 * A Flagger Canary whose analysis names a MetricTemplate (`metrics[].templateRef`) that does not
 * exist. Built-in metrics (request-success-rate, request-duration) need no template.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { asArray, asObject, asString, specOf } from './util/values';

export default defineRule({
  code: 'MSH7007',
  name: 'canary-metric-template-not-found',
  severity: 'error',
  reads: [K.Canary, K.MetricTemplate],
  docs: {
    summary: 'Every MetricTemplate a Flagger Canary\'s analysis references exists.',
    rationale:
      'Flagger runs a custom metric check through its MetricTemplate; when the template is missing the check errors on every interval, the failed-checks threshold is reached and the canary is rolled back.',
    seeAlso: ['https://docs.flagger.app/usage/metrics'],
  },
  messages: {
    templateNotFound: 'MetricTemplate "{namespace}/{name}" does not exist, so metric "{metric}" fails every check.',
  },
  check({ index, report }) {
    if (!index.knows(K.MetricTemplate)) return;
    for (const canary of index.ofKind(K.Canary)) {
      asArray(asObject(specOf(canary)['analysis'])['metrics']).forEach((raw, i) => {
        const metric = asObject(raw);
        const ref = asObject(metric['templateRef']);
        const name = asString(ref['name']);
        if (name === undefined) return;
        const namespace = asString(ref['namespace']) ?? canary.namespace;
        if (index.get(K.MetricTemplate, namespace, name)) return;
        report({
          subject: canary.key, path: ['spec', 'analysis', 'metrics', i, 'templateRef', 'name'], messageId: 'templateNotFound',
          data: { namespace, name, metric: asString(metric['name']) ?? name },
        });
      });
    }
  },
});
