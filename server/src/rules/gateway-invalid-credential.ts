/**
 * An Istio Gateway credential Secret that holds no usable certificate and key.
 *
 * "Usable" includes "valid now", judged at the rule context's time (`ctx.now()`): the rule
 * re-runs when the day changes, and fixtures give the same answer on any day they run.
 */
import { K } from '../model/kinds';
import { CLOCK } from './engine/inputs';
import { defineRule } from './rule';
import { credentialProblem, credentialRefs, credentialSecretRef } from './util/gateway-credentials';
import { gatewayPods } from './util/istio-gateway-workloads';

export default defineRule({
  code: 'IST0161',
  istioName: 'InvalidGatewayCredential',
  istioAnalyzer: 'gateway.SecretAnalyzer',
  name: 'gateway-invalid-credential',
  severity: 'error',
  reads: [K.IstioGateway, K.Pod, K.Secret, CLOCK],
  docs: {
    summary: 'Every Secret an Istio Gateway uses as a credential holds a parseable, currently valid certificate and its key.',
    rationale:
      'A gateway cannot serve TLS from a Secret with missing keys or a broken or expired certificate; clients see handshake failures on that server.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0161/'],
  },
  messages: {
    invalidCredential: 'Secret {namespace}/{secret} is not a usable credential: {problem}.',
  },
  check({ index, now: clock, report }) {
    if (!index.knows(K.Pod) || !index.knows(K.Secret)) return;
    const now = clock();
    for (const gw of index.ofKind(K.IstioGateway)) {
      const refs = credentialRefs(gw);
      if (refs.length === 0) continue;
      const namespaces = [...new Set(gatewayPods(index, gw).map((p) => p.namespace))];
      for (const ref of refs) {
        for (const namespace of namespaces) {
          const target = credentialSecretRef(ref.name, namespace);
          const secret = index.get(K.Secret, target.namespace, target.name);
          if (!secret) continue;
          const problem = credentialProblem(secret, now);
          if (problem === undefined) continue;
          report({
            subject: gw.key,
            path: ref.path,
            messageId: 'invalidCredential',
            data: { secret: target.name, namespace: target.namespace, problem },
            related: [{ subject: secret.key, path: ['data'], note: 'the credential Secret' }],
          });
        }
      }
    }
  },
});
