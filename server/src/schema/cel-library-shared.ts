/**
 * What every part of the Kubernetes CEL library (cel-library.ts) shares: the error its functions
 * throw and the shape in which each part lists its function overloads.
 *
 * A function that cannot represent a case exactly throws CelLibraryError; the rule then counts as
 * unevaluable and stays silent, because cel.ts never reports a rule it could not evaluate.
 */

export class CelLibraryError extends Error {}

/** One function overload: a cel-js signature and the handler that implements it. */
export type Registration = readonly [signature: string, handler: (...args: never[]) => unknown];
