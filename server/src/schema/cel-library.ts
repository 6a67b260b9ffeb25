/**
 * The Kubernetes CEL libraries, as far as CRD rules use them, on top of @marcbachmann/cel-js.
 *
 * cel-js already has the standard macros (has, all, exists, exists_one, map, filter), size,
 * contains/startsWith/endsWith, lowerAscii/upperAscii, trim, split, join, indexOf, lastIndexOf,
 * substring, duration and timestamp. What the API server's environment has and cel-js lacks lives
 * in one file per library, and this module registers them all in a fresh environment:
 *   - IP and CIDR:        cel-library-ip.ts
 *   - URLs:               cel-library-url.ts
 *   - regex and strings:  cel-library-strings.ts (k8sMatches, find, findAll, charAt, replace, reverse)
 *   - lists:              cel-library-lists.ts
 *   - quantities:         cel-library-quantity.ts
 *   - named formats:      cel-library-format.ts (format.dns1123Label().validate(s), ...)
 *   - k8sHas(e.f):        cel-library-has.ts
 * A function that cannot represent a case exactly throws (cel-library-shared.ts), which makes the
 * rule "unevaluable" and therefore silent (cel.ts never reports a rule it could not evaluate).
 */
import type { Environment } from '@marcbachmann/cel-js';
import { FormatLibrary, NamedFormat, formatFunctions } from './cel-library-format';
import { k8sHasMacro } from './cel-library-has';
import { CIDRValue, IPValue, ipFunctions } from './cel-library-ip';
import { listFunctions } from './cel-library-lists';
import { QuantityValue, quantityFunctions } from './cel-library-quantity';
import type { Registration } from './cel-library-shared';
import { stringFunctions } from './cel-library-strings';
import { URLValue, urlFunctions } from './cel-library-url';

/** The function overloads of the library, as [signature, handler], in registration order. */
function registrations(): readonly Registration[] {
  return [...ipFunctions(), ...urlFunctions(), ...stringFunctions(), ...listFunctions(), ...quantityFunctions(), ...formatFunctions()];
}

/** What registering the library did; `failed` lists signatures cel-js refused (e.g. overlaps). */
export interface LibraryReport {
  readonly registered: number;
  readonly failed: readonly string[];
}

/** Adds the Kubernetes CEL library to a fresh environment. */
export function registerKubernetesLibrary(env: Environment): LibraryReport {
  env.registerType('IP', IPValue);
  env.registerType('CIDR', CIDRValue);
  env.registerType('URL', URLValue);
  env.registerType('Quantity', QuantityValue);
  env.registerType('FormatLibrary', FormatLibrary);
  env.registerType('Format', NamedFormat);
  env.registerConstant('format', 'FormatLibrary', new FormatLibrary());
  let registered = 0;
  const failed: string[] = [];
  const all: Registration[] = [...registrations(), ['k8sHas(ast): bool', k8sHasMacro as (...args: never[]) => unknown]];
  for (const [signature, handler] of all) {
    try {
      env.registerFunction(signature, handler as (...args: unknown[]) => unknown);
      registered += 1;
    } catch {
      failed.push(signature);
    }
  }
  return { registered, failed };
}
