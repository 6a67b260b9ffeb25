/**
 * The Kubernetes CEL format library: format.<name>().validate(s) is null when `s` is a valid
 * <name> (dns1123Label, qualifiedName, uuid, ...), else a list of error messages.
 *
 * Where formats.ts already checks a name for OpenAPI `format`, the same check is used, so a rule
 * and a schema format agree on what a valid name is.
 */
import { isDns1123Label, isDns1123Subdomain, isLabelValue, isQualifiedName } from './formats';
import type { Registration } from './cel-library-shared';

export class FormatLibrary {}
export class NamedFormat {
  constructor(
    readonly name: string,
    readonly check: (s: string) => boolean,
  ) {}
}

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const NAMED_FORMATS: Readonly<Record<string, (s: string) => boolean>> = {
  dns1123Label: isDns1123Label,
  dns1123Subdomain: isDns1123Subdomain,
  dns1035Label: (s) => s.length <= 63 && DNS1035_LABEL.test(s),
  qualifiedName: isQualifiedName,
  labelValue: isLabelValue,
  dns1123LabelPrefix: (s) => isDns1123Label(s.endsWith('-') ? s.slice(0, -1) : s),
  dns1123SubdomainPrefix: (s) => isDns1123Subdomain(s.endsWith('-') ? s.slice(0, -1) : s),
  dns1035LabelPrefix: (s) => {
    const t = s.endsWith('-') ? s.slice(0, -1) : s;
    return t.length <= 63 && DNS1035_LABEL.test(t);
  },
  uuid: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s),
};

/** The named-format overloads, as [signature, handler]. */
export function formatFunctions(): readonly Registration[] {
  return [
    ...Object.entries(NAMED_FORMATS).map(
      ([name, check]): Registration => [`FormatLibrary.${name}(): Format`, () => new NamedFormat(name, check)],
    ),
    ['Format.validate(string): dyn', (f: NamedFormat, s: string) => (f.check(s) ? null : [`must be a valid ${f.name}`])],
  ];
}
