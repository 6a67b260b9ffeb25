import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotationValueProblem, isCidr, isIPv4, isIPv6 } from '../../../../server/src/rules/util/istio-annotation-values';

test('annotation values: what the injector accepts and rejects', () => {
  const rows: [string, string, boolean][] = [
    ['sidecar.istio.io/interceptionMode', 'REDIRECT', true],
    ['sidecar.istio.io/interceptionMode', 'NONE', true],
    ['sidecar.istio.io/interceptionMode', 'redirect', false],
    ['status.sidecar.istio.io/port', '15020', true],
    ['status.sidecar.istio.io/port', ' 0 ', true],
    ['status.sidecar.istio.io/port', '65536', false],
    ['readiness.status.sidecar.istio.io/periodSeconds', '10', true],
    ['readiness.status.sidecar.istio.io/periodSeconds', '+10', false],
    ['readiness.status.sidecar.istio.io/failureThreshold', '4294967296', false],
    ['traffic.sidecar.istio.io/includeOutboundIPRanges', '*', true],
    ['traffic.sidecar.istio.io/includeOutboundIPRanges', '', true],
    ['traffic.sidecar.istio.io/includeOutboundIPRanges', '10.0.0.0/8,fd00::/8', true],
    ['traffic.sidecar.istio.io/includeOutboundIPRanges', '10.0.0.0/8, 172.16.0.0/12', false],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '*', false],
    ['traffic.sidecar.istio.io/includeInboundPorts', '*', true],
    ['traffic.sidecar.istio.io/excludeInboundPorts', ' 15020, 8080 ', true],
    ['traffic.sidecar.istio.io/excludeOutboundPorts', '80,http', false],
    ['prometheus.istio.io/merge-metrics', 'True', true],
    ['prometheus.istio.io/merge-metrics', 'yes', false],
    ['proxy.istio.io/config', '', true],
    ['proxy.istio.io/config', 'holdApplicationUntilProxyStarts: true', true],
    ['proxy.istio.io/config', '[a, b]', false],
    ['proxy.istio.io/config', 'drainDuration: 5', false],
    ['proxy.istio.io/config', 'statusPort: 70000', false],
    ['proxy.istio.io/config', 'discoveryAddress: istiod.istio-system.svc:15012', true],
    ['sidecar.istio.io/proxyCPU', 'anything', true],
  ];
  for (const [key, value, ok] of rows) {
    assert.equal(annotationValueProblem(key, value) === undefined, ok, `${key}: ${JSON.stringify(value)}`);
  }
});

test('annotation values: IP addresses and CIDR ranges', () => {
  const ips: [string, boolean, boolean][] = [
    ['10.0.0.1', true, false],
    ['010.0.0.1', false, false],
    ['256.0.0.1', false, false],
    ['::1', false, true],
    ['2001:db8::7', false, true],
    ['::ffff:10.0.0.1', false, true],
    ['1:2:3:4:5:6:7:8', false, true],
    ['1:2:3:4:5:6:7:8:9', false, false],
    ['1::2::3', false, false],
    ['example.com', false, false],
  ];
  for (const [text, v4, v6] of ips) {
    assert.equal(isIPv4(text), v4, `IPv4 ${text}`);
    assert.equal(isIPv6(text), v6, `IPv6 ${text}`);
  }
  assert.equal(isCidr('10.0.0.0/8'), true);
  assert.equal(isCidr('10.0.0.0/33'), false);
  assert.equal(isCidr('fd00::/8'), true);
  assert.equal(isCidr('fd00::/129'), false);
  assert.equal(isCidr('10.0.0.0'), false);
});
