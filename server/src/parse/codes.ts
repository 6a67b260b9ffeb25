/** Codes for problems found before any schema or rule runs. Codes are forever; never reuse one. */
export const PARSE_CODES = {
  MSH0001: { name: 'yaml-syntax', summary: 'The text is not valid YAML (including characters YAML forbids, as in binary files, and text that was not valid UTF-8).' },
  MSH0002: { name: 'input-limit', summary: 'The input exceeds a safety limit (size, nesting depth or alias expansion) and is not analysed.' },
} as const;
