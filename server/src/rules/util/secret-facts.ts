/**
 * A Secret's contents as rules may see them: its data when it comes from a file, or the derived
 * facts a live cluster's Secret is reduced to (cluster/secret-facts.ts: key names and certificate
 * details, never values). Rules that look inside Secrets go through here, so a file and a live
 * object give the same answer.
 */
import type { SecretFacts } from '../../cluster/secret-facts';
import type { Resource } from '../../model/resource';
import { asObject, isObject } from './values';

/** The derived facts of a live Secret, or undefined for a Secret read from a file. */
export function secretFactsOf(secret: Resource): SecretFacts | undefined {
  const facts = secret.value['facts'];
  if (!isObject(facts) || !Array.isArray(facts['keys']) || !Array.isArray(facts['certificates'])) return undefined;
  return facts as unknown as SecretFacts;
}

/** The key names a Secret holds: its data and stringData keys, or a live Secret's present keys. */
export function secretKeys(secret: Resource): string[] {
  const facts = secretFactsOf(secret);
  const keys = new Set([...Object.keys(asObject(secret.value['data'])), ...Object.keys(asObject(secret.value['stringData']))]);
  for (const k of facts?.keys ?? []) keys.add(k);
  return [...keys];
}
