import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeProblem, isAccessProblem, isExpired, parseDenial, problemOfError, type ClusterProblem, type RequestInfo } from '../../../server/src/cluster/problems';
import { statusProblem } from '../../../server/src/cluster/transport';

const list = (resource: string, namespace: string | null = null): RequestInfo => ({ verb: 'list', resource, namespace, server: 'https://10.0.0.1:6443' });
const status = (code: number, message = '', reason = '', retryAfterMs?: number): ClusterProblem =>
  ({ type: 'status', code, reason, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

const cases: { name: string; problem: ClusterProblem; request: RequestInfo; expect: string }[] = [
  {
    name: '403 names the verb, resource and namespace from the Status message',
    problem: status(403, 'services is forbidden: User "alice" cannot list resource "services" in API group "" in the namespace "shop"', 'Forbidden'),
    request: list('services', 'shop'),
    expect: 'not allowed to list services in namespace "shop" (403 Forbidden for user "alice")',
  },
  {
    name: '403 of a custom resource across all namespaces',
    problem: status(403, 'virtualservices.networking.istio.io is forbidden: User "bob" cannot watch resource "virtualservices" in API group "networking.istio.io" at the cluster scope', 'Forbidden'),
    request: { ...list('virtualservices.networking.istio.io'), verb: 'watch' },
    expect: 'not allowed to watch virtualservices.networking.istio.io in all namespaces (403 Forbidden for user "bob")',
  },
  {
    name: '403 of a cluster-scoped kind',
    problem: status(403, 'namespaces is forbidden: User "bob" cannot list resource "namespaces" in API group "" at the cluster scope', 'Forbidden'),
    request: { ...list('namespaces'), clusterScoped: true },
    expect: 'not allowed to list namespaces at the cluster scope (403 Forbidden for user "bob")',
  },
  {
    name: '403 without a parsable message falls back to the request',
    problem: status(403, 'access denied by policy', 'Forbidden'),
    request: list('secrets', 'kube-system'),
    expect: 'not allowed to list secrets in namespace "kube-system" (403 Forbidden: access denied by policy)',
  },
  { name: '401', problem: status(401, 'Unauthorized', 'Unauthorized'), request: list('services'), expect: '10.0.0.1:6443 rejected the credentials of this context (401 Unauthorized)' },
  { name: 'connection refused', problem: { type: 'network', code: 'ECONNREFUSED', detail: 'connect ECONNREFUSED' }, request: list('services'), expect: 'connection refused by 10.0.0.1:6443: is the cluster running?' },
  { name: 'connection reset', problem: { type: 'network', code: 'ECONNRESET', detail: 'socket hang up' }, request: list('services'), expect: 'the connection to 10.0.0.1:6443 was reset' },
  { name: 'unknown host', problem: { type: 'network', code: 'ENOTFOUND', detail: 'getaddrinfo ENOTFOUND' }, request: list('services'), expect: 'cannot resolve the host name of 10.0.0.1:6443' },
  { name: 'untrusted certificate', problem: { type: 'network', code: 'SELF_SIGNED_CERT_IN_CHAIN', detail: 'x' }, request: list('services'), expect: 'the TLS certificate of 10.0.0.1:6443 is not trusted (SELF_SIGNED_CERT_IN_CHAIN)' },
  { name: 'timeout with a budget', problem: { type: 'timeout', ms: 30_000 }, request: list('services'), expect: '10.0.0.1:6443 did not answer within 30 s (list services)' },
  { name: 'timeout of the socket', problem: { type: 'timeout', ms: 0 }, request: list('services'), expect: 'the connection to 10.0.0.1:6443 timed out' },
  { name: '429 with Retry-After', problem: status(429, 'too many requests', 'TooManyRequests', 3000), request: list('services'), expect: '10.0.0.1:6443 is throttling requests (429 Too Many Requests); retrying after 3 s' },
  { name: '503', problem: status(503, 'etcd is down', 'ServiceUnavailable'), request: list('pods'), expect: '10.0.0.1:6443 answered 503 Service Unavailable to list pods: etcd is down' },
  { name: '500 without a message', problem: status(500, '', 'InternalError'), request: list('pods'), expect: '10.0.0.1:6443 answered 500 Internal Server Error to list pods' },
  { name: '404', problem: status(404, 'the server could not find the requested resource', 'NotFound'), request: list('virtualservices.networking.istio.io'), expect: '10.0.0.1:6443 does not serve virtualservices.networking.istio.io (404 Not Found)' },
  { name: 'exec plugin failure', problem: { type: 'auth', detail: 'exec: executable aws not found' }, request: list('pods'), expect: 'the credentials of the kubeconfig could not be obtained: exec: executable aws not found' },
];
for (const c of cases) {
  test(`problem: ${c.name}`, () => {
    assert.equal(describeProblem(c.problem, c.request), c.expect);
  });
}

test('parseDenial reads who, what and where', () => {
  assert.deepEqual(parseDenial('pods is forbidden: User "system:serviceaccount:ci:bot" cannot list resource "pods" in API group "" in the namespace "prod"'),
    { user: 'system:serviceaccount:ci:bot', verb: 'list', resource: 'pods', group: '', namespace: 'prod' });
  assert.equal(parseDenial('nope'), null);
});

test('statusProblem reads a Status body and Retry-After', () => {
  assert.deepEqual(statusProblem(429, JSON.stringify({ kind: 'Status', reason: 'TooManyRequests', message: 'slow down', code: 429 }), '2'),
    { type: 'status', code: 429, reason: 'TooManyRequests', message: 'slow down', retryAfterMs: 2000 });
  assert.deepEqual(statusProblem(502, '<html>bad gateway</html>\nmore'), { type: 'status', code: 502, reason: '', message: '<html>bad gateway</html>' });
});

test('classification: access, expiry, errors', () => {
  assert.equal(isAccessProblem(status(403)), true);
  assert.equal(isAccessProblem(status(401)), true);
  assert.equal(isAccessProblem(status(503)), false);
  assert.equal(isExpired(status(410, 'too old', 'Expired')), true);
  assert.equal(isExpired(status(500, '', 'Expired')), true);
  assert.equal(isExpired(status(409, '', 'Conflict')), false);
  assert.deepEqual(problemOfError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })), { type: 'network', code: 'ECONNREFUSED', detail: 'connect ECONNREFUSED 127.0.0.1:1' });
  assert.deepEqual(problemOfError(Object.assign(new Error('t'), { code: 'ETIMEDOUT' })), { type: 'timeout', ms: 0 });
});
