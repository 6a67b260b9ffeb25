/**
 * Manifests for the certificate date rules and their warning-window option, shared by the suites
 * that feed that option through the Workspace, the server's host, the language server and the CLI.
 * (X.509 certificates for Secrets are in certificates.ts.)
 */

const DAY = 24 * 60 * 60 * 1000;

/** The date `days` days from now (negative: ago), for suites that run on the real clock. */
export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * DAY);
}

/**
 * A Gateway serving a cert-manager Certificate that expires at `notAfter` and that cert-manager
 * failed to renew: issued 90 days before `notAfter`, renewal due 30 days before it.
 */
export function gatewayWithOverdueRenewal(notAfter: Date): string {
  const at = (daysBefore: number) => new Date(notAfter.getTime() - daysBefore * DAY).toISOString().replace(/\.\d+Z$/, 'Z');
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: istio-ingress}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [shop.example.com]
    tls: {mode: SIMPLE, credentialName: shop-tls}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: shop, namespace: istio-ingress}
spec:
  secretName: shop-tls
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
status:
  notBefore: "${at(90)}"
  notAfter: "${at(0)}"
  renewalTime: "${at(30)}"
`;
}

/** A project file (.mesh-lifecycle.yaml) that sets the certificate warning window. */
export function warningWindowProject(days: number): string {
  return `certificateExpiryWarningDays: ${days}\n`;
}
