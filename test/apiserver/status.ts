/**
 * Failure Status objects, the API's only error format.
 *
 * Every error the server returns is a `kind: Status` object with `status: Failure`, a machine
 * reason (NotFound, AlreadyExists, Conflict, Invalid, Forbidden, Expired, ...), an HTTP code and,
 * where a client can act on them, details (the object's name, group and resource, the causes of a
 * validation failure, a retry delay). Clients branch on `reason` and `code`, never on the message,
 * but the message layouts below follow the API's familiar shapes (`<resource> "<name>" not found`)
 * so that kubectl prints what users are used to reading.
 *
 * Handlers throw `ApiError`; the HTTP layer turns it into a response, and the watch layer turns it
 * into an ERROR event.
 */

/** A cause inside Status.details: which field failed and why. */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

/** The details block of a Status. `kind` holds the resource (plural) or, for Invalid, the kind. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A `kind: Status` object. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A group and a resource, the way errors name what they are about. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** Thrown by handlers; carries the Status to send and extra response headers. */
export class ApiError extends Error {
  readonly status: Status;
  readonly headers: Record<string, string>;
  constructor(status: Status, headers: Record<string, string> = {}) {
    super(status.message ?? status.reason ?? String(status.code));
    this.status = status;
    this.headers = headers;
  }
}

/** Builds a Failure Status. */
export function failure(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return status;
}

/** `virtualservices.networking.istio.io`, or just `pods` for the core group. */
export function qualified(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export function notFound(gr: GroupResource, name: string): ApiError {
  return new ApiError(
    failure(404, 'NotFound', `${qualified(gr)} "${name}" not found`, { name, group: gr.group, kind: gr.resource }),
  );
}

/** A 404 for a path that names no known resource or group. */
export function noSuchPath(): ApiError {
  return new ApiError(failure(404, 'NotFound', 'the server could not find the requested resource', {}));
}

export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return new ApiError(
    failure(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, { name, group: gr.group, kind: gr.resource }),
  );
}

/** An optimistic-concurrency failure (stale resourceVersion, failed precondition). */
export function conflict(gr: GroupResource, name: string, why: string): ApiError {
  return new ApiError(
    failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`, {
      name,
      group: gr.group,
      kind: gr.resource,
    }),
  );
}

/** A 422: the object is well-formed but breaks the schema or the kind's rules. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
  const what = group ? `${kind}.${group}` : kind;
  const listed = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const summary = listed.length === 1 ? listed[0] : `[${listed.join(', ')}]`;
  return new ApiError(
    failure(422, 'Invalid', `${what} "${name}" is invalid: ${summary}`, { name, group, kind, causes }),
  );
}

export function badRequest(message: string, causes?: StatusCause[]): ApiError {
  return new ApiError(failure(400, 'BadRequest', message, causes ? { causes } : undefined));
}

/** A 410 Gone with reason Expired: the resourceVersion or continue token was compacted away. */
export function expired(message: string): ApiError {
  return new ApiError(failure(410, 'Expired', message));
}

export function methodNotAllowed(verb: string, what: string): ApiError {
  return new ApiError(failure(405, 'MethodNotAllowed', `${verb} is not supported on ${what}`, {}));
}

export function unsupportedMediaType(message: string): ApiError {
  return new ApiError(failure(415, 'UnsupportedMediaType', message, {}));
}

export function unauthorized(): ApiError {
  return new ApiError(failure(401, 'Unauthorized', 'Unauthorized'));
}

export function forbidden(gr: GroupResource, name: string, message: string): ApiError {
  const subject = name ? `${qualified(gr)} "${name}"` : qualified(gr);
  return new ApiError(
    failure(403, 'Forbidden', `${subject} is forbidden: ${message}`, { name: name || undefined, group: gr.group, kind: gr.resource }),
  );
}

/** 429 or 5xx, as injected by the fault controls; Retry-After goes in a header and in details. */
export function injected(code: number, retryAfterSeconds?: number): ApiError {
  const reasons: Record<number, string> = {
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  const reason = reasons[code] ?? 'InternalError';
  const message = code === 429 ? 'too many requests, please try again later' : `injected fault: HTTP ${code}`;
  const details: StatusDetails = retryAfterSeconds !== undefined ? { retryAfterSeconds } : {};
  const headers: Record<string, string> = retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {};
  return new ApiError(failure(code, reason, message, details), headers);
}

/** The resourceVersion asked for is ahead of the store (a real server waits, then gives up like this). */
export function resourceVersionTooLarge(asked: number, current: number): ApiError {
  return new ApiError(
    failure(504, 'Timeout', `Too large resource version: ${asked}, current: ${current}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    }),
  );
}

export function tooLarge(limit: number): ApiError {
  return new ApiError(failure(413, 'RequestEntityTooLarge', `the request body is larger than ${limit} bytes`));
}

export function internalError(message: string): ApiError {
  return new ApiError(failure(500, 'InternalError', `Internal error occurred: ${message}`));
}
