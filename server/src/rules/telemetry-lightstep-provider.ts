/**
 * A Telemetry that sends traces to a Lightstep extension provider. Istio deprecated the Lightstep
 * provider in favour of OpenTelemetry.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { asArray, asObject, asString, specOf } from './util/values';

export default defineRule({
  code: 'IST0002',
  istioName: 'Deprecated',
  istioAnalyzer: 'telemetry.LightstepAnalyzer',
  name: 'telemetry-lightstep-provider',
  severity: 'warning',
  reads: [K.Telemetry, K.MeshConfig],
  docs: {
    summary: 'Telemetry tracing does not use the deprecated Lightstep provider.',
    rationale:
      'Istio deprecated its Lightstep tracing provider; Lightstep (ServiceNow Cloud Observability) accepts OpenTelemetry, and the opentelemetry provider is the supported way to send it traces.',
    seeAlso: ['istioctl analyze IST0002', 'https://istio.io/latest/docs/tasks/observability/distributed-tracing/opentelemetry/'],
  },
  messages: {
    lightstep: 'The tracing provider "{provider}" is a Lightstep provider, which Istio deprecated; migrate it to the opentelemetry provider.',
  },
  check({ index, report }) {
    const lightstep = new Set<string>();
    for (const raw of asArray(asObject(index.meshConfig.raw)['extensionProviders'])) {
      const provider = asObject(raw);
      const name = asString(provider['name']);
      if (name !== undefined && provider['lightstep'] != null) lightstep.add(name);
    }
    if (lightstep.size === 0) return;
    for (const telemetry of index.ofKind(K.Telemetry)) {
      asArray(specOf(telemetry)['tracing']).forEach((tracing, i) => {
        asArray(asObject(tracing)['providers']).forEach((p, j) => {
          const name = asString(asObject(p)['name']);
          if (name === undefined || !lightstep.has(name)) return;
          report({ subject: telemetry.key, path: ['spec', 'tracing', i, 'providers', j, 'name'], messageId: 'lightstep', data: { provider: name } });
        });
      });
    }
  },
});
