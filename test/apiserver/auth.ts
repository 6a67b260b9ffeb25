/**
 * Authentication by static bearer token, and authorization by a deny list.
 *
 * Authentication: with no tokens configured every request is accepted as one user (by default
 * `system:anonymous`). With tokens configured a request must carry `Authorization: Bearer <token>`
 * for one of them, or it gets 401 Unauthorized; the token decides the user name. The
 * `Impersonate-User` header (kubectl `--as`) then replaces the user, without an impersonation check.
 *
 * Authorization is deliberately not RBAC: everything is allowed except what a test denies with a
 * rule such as `{ verb: 'list', resource: 'pods', namespace: 'prod' }`. A denied request gets the
 * API's 403 Forbidden Status and message (`... is forbidden: User "u" cannot list resource "pods"
 * in API group "" in the namespace "prod"`). SelfSubjectAccessReview answers from the same list,
 * so `kubectl auth can-i` agrees with what the server enforces.
 */
import { forbidden, unauthorized, type ApiError } from './status';

/** A rule denying some requests. Omitted fields match anything; '*' does too. */
export interface DenyRule {
  verb?: string | string[];
  /** A resource, or `resource/subresource`. */
  resource?: string;
  group?: string;
  namespace?: string;
  user?: string;
  name?: string;
}

/** The attributes of a request that authorization looks at. */
export interface Attributes {
  user: string;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

function fits(want: string | undefined, actual: string | undefined): boolean {
  return want === undefined || want === '*' || want === (actual ?? '');
}

export class Auth {
  private readonly tokens: Map<string, string>;
  private denies: DenyRule[] = [];

  constructor(tokens: Record<string, string>, private readonly defaultUser: string) {
    this.tokens = new Map(Object.entries(tokens));
  }

  /** Whether requests must carry a token. */
  get required(): boolean {
    return this.tokens.size > 0;
  }

  /** The user of a request, or a 401. */
  authenticate(authorization: string | undefined, impersonate: string | undefined): string | ApiError {
    let user = this.defaultUser;
    if (this.tokens.size > 0) {
      const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
      const found = m ? this.tokens.get(m[1].trim()) : undefined;
      if (found === undefined) return unauthorized();
      user = found;
    }
    return impersonate ? impersonate : user;
  }

  deny(rule: DenyRule): void {
    this.denies.push(rule);
  }

  allowAll(): void {
    this.denies = [];
  }

  /** The rule that denies a request, if any. */
  denied(a: Attributes): DenyRule | undefined {
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    return this.denies.find((r) => {
      const verbs = r.verb === undefined ? undefined : Array.isArray(r.verb) ? r.verb : [r.verb];
      if (verbs && !verbs.includes('*') && !verbs.includes(a.verb)) return false;
      return fits(r.resource, resource) && fits(r.group, a.group) && fits(r.namespace, a.namespace) && fits(r.user, a.user) && fits(r.name, a.name);
    });
  }

  /** A 403 for a request, or undefined when it is allowed. */
  authorize(a: Attributes): ApiError | undefined {
    if (!this.denied(a)) return undefined;
    return forbidden({ group: a.group, resource: a.resource }, a.name ?? '', forbiddenReason(a));
  }
}

/** `User "u" cannot <verb> resource "<r>" in API group "<g>" in the namespace "<ns>"` (or at the cluster scope). */
export function forbiddenReason(a: Attributes): string {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `User "${a.user}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${where}`;
}
