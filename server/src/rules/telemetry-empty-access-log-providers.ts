/**
 * An accessLogging entry of a Telemetry that names no provider while the mesh config sets no
 * default access-log provider, so the entry turns nothing on.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { asArray, asObject, specOf } from './util/values';

export default defineRule({
  code: 'IST0157',
  istioName: 'InvalidTelemetryProvider',
  istioAnalyzer: 'telemetry.ProviderAnalyzer',
  name: 'telemetry-empty-access-log-providers',
  severity: 'warning',
  reads: [K.Telemetry, K.MeshConfig],
  docs: {
    summary: 'Telemetry access-logging entries name a provider, or the mesh config defines a default one.',
    rationale:
      'An accessLogging entry without providers falls back to meshConfig.defaultProviders.accessLogging; when that is empty too, the entry (and its filter) configures no access log at all.',
    seeAlso: ['istioctl analyze IST0157', 'https://istio.io/latest/docs/tasks/observability/logs/telemetry-api/'],
  },
  messages: {
    noProvider: 'This accessLogging entry of Telemetry "{name}" in namespace "{namespace}" names no provider and the mesh has no default access-log provider, so it is ignored.',
  },
  check({ index, report }) {
    const defaults = asObject(asObject(index.meshConfig.raw)['defaultProviders']);
    if (asArray(defaults['accessLogging']).length > 0) return;
    for (const telemetry of index.ofKind(K.Telemetry)) {
      asArray(specOf(telemetry)['accessLogging']).forEach((entry, i) => {
        if (asArray(asObject(entry)['providers']).length > 0) return;
        report({
          subject: telemetry.key,
          path: ['spec', 'accessLogging', i],
          messageId: 'noProvider',
          data: { name: telemetry.name, namespace: telemetry.namespace },
        });
      });
    }
  },
});
