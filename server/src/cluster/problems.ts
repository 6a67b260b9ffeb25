/**
 * What went wrong talking to the API server, classified, and said in plain words.
 *
 *   transport.ts throws ClusterError(problem, request)
 *     problem: status   the server answered with an error Status (401, 403, 404, 410, 429, 5xx...)
 *              network  no answer: refused, reset, unreachable, DNS, TLS trust
 *              timeout  no answer (or no bytes) in time
 *              auth     the kubeconfig's credentials could not be produced (exec plugin, OIDC)
 *              protocol the answer was not what the API promises (not JSON)
 *   describeProblem(problem, request) -> one sentence for the status item and the CLI
 *
 * A 403 names the verb and resource from the server's own Status message ("User "u" cannot list
 * resource "services" in API group "" in the namespace "shop""), since that is the permission the
 * user must ask for; when the message does not parse, the request we made says it instead.
 * Messages never include request headers or bodies, so no credential or secret can reach them.
 */

/** What we were doing: the verb and resource of the failed request. */
export interface RequestInfo {
  readonly verb: string;
  /** Plural resource, group-qualified when not core ("virtualservices.networking.istio.io"). */
  readonly resource: string;
  /** The namespace, or null for all namespaces / cluster scope. */
  readonly namespace: string | null;
  /** Whether the resource is cluster-scoped (words "at the cluster scope" instead of "in all namespaces"). */
  readonly clusterScoped?: boolean;
  /** The API server's URL. */
  readonly server: string;
}

export type ClusterProblem =
  | { readonly type: 'status'; readonly code: number; readonly reason: string; readonly message: string; readonly retryAfterMs?: number }
  | { readonly type: 'network'; readonly code: string; readonly detail: string }
  | { readonly type: 'timeout'; readonly ms: number }
  | { readonly type: 'auth'; readonly detail: string }
  | { readonly type: 'protocol'; readonly detail: string };

export class ClusterError extends Error {
  constructor(readonly problem: ClusterProblem, readonly request: RequestInfo) {
    super(describeProblem(problem, request));
    this.name = 'ClusterError';
  }
}

/** A 403 Status message, parsed: who cannot do what where. */
export interface Denial {
  readonly user: string;
  readonly verb: string;
  readonly resource: string;
  readonly group: string;
  /** null: at the cluster scope (or all namespaces). */
  readonly namespace: string | null;
}

const DENIAL = /User "([^"]*)" cannot ([A-Za-z]+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)")?/;

/** Parses the API server's 403 message; null when it has another shape. */
export function parseDenial(message: string): Denial | null {
  const m = DENIAL.exec(message);
  if (!m) return null;
  return { user: m[1]!, verb: m[2]!, resource: m[3]!, group: m[4]!, namespace: m[5] ?? null };
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|HOSTNAME|ALTNAME/;

/** The problem of a thrown Node or client-node error (not an HTTP answer). */
export function problemOfError(error: unknown): ClusterProblem {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  if (typeof code === 'string') {
    if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return { type: 'timeout', ms: 0 };
    return { type: 'network', code, detail: message };
  }
  return { type: 'network', code: 'EUNKNOWN', detail: message };
}

/** Where: "in namespace "shop"" or "in any namespace" / "at the cluster scope". */
function where(namespace: string | null, clusterScoped: boolean): string {
  if (namespace !== null) return `in namespace "${namespace}"`;
  return clusterScoped ? 'at the cluster scope' : 'in all namespaces';
}

function qualified(resource: string, group: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

/** One sentence, no trailing period, for people. */
export function describeProblem(problem: ClusterProblem, request: RequestInfo): string {
  const host = hostOf(request.server);
  switch (problem.type) {
    case 'status':
      return describeStatus(problem, request);
    case 'timeout':
      return problem.ms > 0
        ? `${host} did not answer within ${seconds(problem.ms)} (${request.verb} ${request.resource})`
        : `the connection to ${host} timed out`;
    case 'auth':
      return `the credentials of the kubeconfig could not be obtained: ${problem.detail}`;
    case 'protocol':
      return `${host} sent an answer that is not a Kubernetes API response (${request.verb} ${request.resource}${request.namespace !== null ? ` ${where(request.namespace, false)}` : ''}): ${problem.detail}`;
    case 'network':
      switch (problem.code) {
        case 'ECONNREFUSED':
          return `connection refused by ${host}: is the cluster running?`;
        case 'ECONNRESET':
        case 'EPIPE':
        case 'UND_ERR_SOCKET':
          return `the connection to ${host} was reset`;
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
          return `cannot resolve the host name of ${host}`;
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
          return `${host} is unreachable from this machine`;
        default:
          if (TLS_CODES.test(problem.code)) return `the TLS certificate of ${host} is not trusted (${problem.code})`;
          return `cannot talk to ${host}: ${problem.detail}`;
      }
  }
}

function describeStatus(problem: Extract<ClusterProblem, { type: 'status' }>, request: RequestInfo): string {
  const host = hostOf(request.server);
  const said = problem.message && problem.message !== problem.reason ? `: ${problem.message}` : '';
  switch (problem.code) {
    case 401:
      return `${host} rejected the credentials of this context (401 Unauthorized)`;
    case 403: {
      const denial = parseDenial(problem.message);
      if (denial) {
        return `not allowed to ${denial.verb} ${qualified(denial.resource, denial.group)} ${where(denial.namespace, request.clusterScoped === true)} (403 Forbidden for user "${denial.user}")`;
      }
      return `not allowed to ${request.verb} ${request.resource} ${where(request.namespace, request.clusterScoped === true)} (403 Forbidden${said})`;
    }
    case 404:
      return `${host} does not serve ${request.resource} (404 Not Found)`;
    case 410:
      return `the cached state of ${request.resource} expired on the server (410 Gone); listing again`;
    case 429: {
      const after = problem.retryAfterMs !== undefined ? `; retrying after ${seconds(problem.retryAfterMs)}` : '';
      return `${host} is throttling requests (429 Too Many Requests)${after}`;
    }
    default: {
      const text = STATUS_TEXT[problem.code] ?? problem.reason;
      return `${host} answered ${problem.code}${text ? ` ${text}` : ''} to ${request.verb} ${request.resource}${said}`;
    }
  }
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request', 405: 'Method Not Allowed', 406: 'Not Acceptable', 409: 'Conflict', 413: 'Request Entity Too Large',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

function hostOf(server: string): string {
  try {
    return new URL(server).host || server;
  } catch {
    return server || 'the API server';
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** Whether the failure is about permissions or credentials (retrying soon will not help). */
export function isAccessProblem(problem: ClusterProblem): boolean {
  return problem.type === 'auth' || (problem.type === 'status' && (problem.code === 401 || problem.code === 403));
}

/** Whether the failure says our resourceVersion is too old: list again instead of resuming. */
export function isExpired(problem: ClusterProblem): boolean {
  return problem.type === 'status' && (problem.code === 410 || problem.reason === 'Expired' || problem.reason === 'Gone');
}

/**
 * Whether a watch failure says the server will not resume from our resourceVersion at all: a 400
 * (not a version it can read) or "too large" (not one it has reached). Only listing again helps.
 */
export function refusesResourceVersion(problem: ClusterProblem): boolean {
  return problem.type === 'status' && (problem.code === 400 || /too large resource version/i.test(problem.message));
}
