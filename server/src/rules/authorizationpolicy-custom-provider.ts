/**
 * CUSTOM AuthorizationPolicies and their external authorization provider.
 *
 * - `action: CUSTOM` without `provider.name`, or a `provider` on a policy whose action is not
 *   CUSTOM (usually a forgotten `action: CUSTOM`, which then defaults to ALLOW): Istio's
 *   validation rejects the policy, so the external check the author wanted never happens.
 * - A provider name the mesh config does not define as an ext-authz provider
 *   (`extensionProviders` with `envoyExtAuthzHttp` or `envoyExtAuthzGrpc`): istiod cannot build
 *   the check and, failing closed, denies the requests the policy's rules match. This part speaks
 *   only when a mesh config is given, since the providers live there.
 */
import { K } from '../model/kinds';
import { suggest } from '../schema/suggest';
import { defineRule } from './rule';
import { actionOf } from './util/authorization-policy';
import { asArray, asObject, asString, isObject, specOf } from './util/values';

const AUTHZ_KINDS = ['envoyExtAuthzHttp', 'envoyExtAuthzGrpc'];

export default defineRule({
  code: 'MSH8003',
  name: 'authorizationpolicy-custom-provider',
  severity: 'error',
  reads: [K.IstioAuthorizationPolicy, K.MeshConfig],
  docs: {
    summary: 'Every CUSTOM AuthorizationPolicy names an external authorization provider that the mesh config defines, and only CUSTOM policies name one.',
    rationale:
      'Without a provider, or with a provider on a non-CUSTOM policy, Istio rejects the policy and the external check never runs; with a provider the mesh does not define, istiod fails closed and every request the policy matches is denied.',
    seeAlso: ['https://istio.io/latest/docs/tasks/security/authorization/authz-custom/'],
  },
  messages: {
    missingProvider: 'A CUSTOM policy needs provider.name; Istio rejects this one, so no external authorization happens.',
    providerWithoutCustom: 'This policy names provider "{provider}" but its action is {action}; Istio rejects a provider on a policy that is not CUSTOM.',
    unknownProvider: 'The mesh config defines no extension provider "{provider}" (ext-authz providers: {providers}); Istio denies every request this policy matches instead of asking the provider.',
    notAuthzProvider: 'Extension provider "{provider}" is not an external authorization provider (envoyExtAuthzHttp or envoyExtAuthzGrpc); Istio denies every request this policy matches instead of asking it.',
  },
  check({ index, report }) {
    const raw = index.meshConfig.raw;
    const configured = Object.keys(raw).length > 0;
    const providers = asArray(raw['extensionProviders']).filter(isObject);
    const authz = providers.filter((p) => AUTHZ_KINDS.some((k) => isObject(p[k]))).map((p) => asString(p['name'])).filter((n): n is string => n !== undefined);
    const allNames = new Set(providers.map((p) => asString(p['name'])).filter((n): n is string => n !== undefined));
    for (const policy of index.ofKind(K.IstioAuthorizationPolicy)) {
      const spec = specOf(policy);
      const action = actionOf(policy);
      const provider = asString(asObject(spec['provider'])['name']);
      if (action !== 'CUSTOM') {
        if (spec['provider'] === undefined || spec['provider'] === null) continue;
        report({
          subject: policy.key, path: ['spec', 'provider'], target: 'key', messageId: 'providerWithoutCustom',
          data: { provider: provider ?? '', action },
          fixes: [{ title: 'Make it a CUSTOM policy', preferred: true, edits: [{ op: 'set', path: ['spec', 'action'], value: 'CUSTOM' }] }],
        });
        continue;
      }
      if (provider === undefined) {
        report({ subject: policy.key, path: spec['provider'] === undefined ? ['spec', 'action'] : ['spec', 'provider'], messageId: 'missingProvider' });
        continue;
      }
      if (!configured || authz.includes(provider)) continue;
      const path = ['spec', 'provider', 'name'];
      if (allNames.has(provider)) {
        report({ subject: policy.key, path, messageId: 'notAuthzProvider', data: { provider } });
        continue;
      }
      const near = suggest(provider, authz);
      report({
        subject: policy.key, path, messageId: 'unknownProvider',
        data: { provider, providers: authz.length > 0 ? authz.join(', ') : 'none' },
        ...(near ? { fixes: [{ title: `Use provider "${near}"`, preferred: true, edits: [{ op: 'set' as const, path, value: near }] }] } : {}),
      });
    }
  },
});
