/**
 * Meta-tests over every rule: the registry is complete and sorted, names and codes follow the
 * plan (server/src/rules/CODES.md), every rule has positive and negative fixtures that exercise
 * each message, its declared reads (kinds, options, the clock) equal what it actually reads, and
 * its summary is a sentence.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import type { Kind } from '../../../server/src/model/kinds';
import { placeholdersOf } from '../../../server/src/rules/engine/render';
import { RULES } from '../../../server/src/rules/registry';
import type { Rule } from '../../../server/src/rules/rule';
import { REPO_ROOT } from '../../support/repo';
import { casesOf, isPositive, runCase } from '../../support/ruleHarness';

const RULES_DIR = path.join(REPO_ROOT, 'server', 'src', 'rules');
/** Files of the rules folder that are not rules. */
const ENGINE_FILES = new Set(['rule.ts', 'registry.ts']);
const MESSAGES_YAML = path.join(REPO_ROOT, '..', 'shared', 'conformance', 'istio-analyze', 'messages.yaml');

/** Codes owned by parsing (MSH0xxx) and schema validation (MSH1xxx); rules start at MSH2001. */
const MSH_RULE_CODE = /^MSH[2-9]\d{3}$/;

function ruleFiles(): string[] {
  return readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && !ENGINE_FILES.has(f)).map((f) => f.slice(0, -3)).sort();
}

function retiredCodes(): Set<string> {
  const text = readFileSync(path.join(RULES_DIR, 'CODES.md'), 'utf8');
  const section = text.split(/^## Retired codes$/m)[1] ?? '';
  return new Set([...section.matchAll(/^\|\s*(MSH\d{4}|IST\d{4})\s*\|/gm)].map((m) => m[1]!));
}

function istioCatalog(): Map<string, string> | null {
  if (!existsSync(MESSAGES_YAML)) return null;
  const doc = parseYaml(readFileSync(MESSAGES_YAML, 'utf8')) as { messages: { code: string; name: string }[] };
  return new Map(doc.messages.map((m) => [m.code, m.name]));
}

test('meta: every rule file is registered, as its default export', () => {
  const registered = new Map(RULES.map((r) => [r.name, r]));
  for (const name of ruleFiles()) {
    const rule = registered.get(name);
    assert.ok(rule, `server/src/rules/${name}.ts is not in registry.ts`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(__dirname, '..', '..', '..', 'server', 'src', 'rules', `${name}.js`)) as { default?: Rule };
    assert.equal(mod.default, rule, `registry.ts lists "${name}" but not the default export of ${name}.ts`);
  }
  assert.deepEqual(RULES.map((r) => r.name).filter((n) => !ruleFiles().includes(n)), [], 'registered rules without a file of their name');
});

test('meta: the registry is sorted by name and names are unique kebab-case', () => {
  const names = RULES.map((r) => r.name);
  assert.deepEqual(names, [...names].sort(), 'RULES is not sorted by name');
  assert.equal(new Set(names).size, names.length, 'duplicate rule names');
  for (const n of names) assert.match(n, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `"${n}" is not kebab-case`);
});

test('meta: codes are Istio codes with their names, or MSH rule codes used once and never retired', () => {
  const catalog = istioCatalog();
  const retired = retiredCodes();
  const mshOwners = new Map<string, string>();
  for (const r of RULES) {
    assert.ok(!retired.has(r.code), `${r.name}: ${r.code} is retired (CODES.md) and must not be reused`);
    if (r.code.startsWith('IST')) {
      assert.match(r.code, /^IST\d{4}$/, `${r.name}: malformed code ${r.code}`);
      assert.ok(r.istioName, `${r.name}: IST codes carry Istio's message name (istioName)`);
      if (catalog) {
        assert.ok(catalog.has(r.code), `${r.name}: ${r.code} is not in Istio's messages.yaml`);
        assert.equal(r.istioName, catalog.get(r.code), `${r.name}: ${r.code} is "${catalog.get(r.code)}" in messages.yaml`);
      }
    } else {
      assert.match(r.code, MSH_RULE_CODE, `${r.name}: ${r.code} is neither an IST code nor an MSH rule code (MSH2001 and up; see CODES.md)`);
      assert.equal(r.istioName, undefined, `${r.name}: only IST codes have an istioName`);
      assert.equal(r.istioAnalyzer, undefined, `${r.name}: only IST codes name an istioctl analyzer`);
      const owner = mshOwners.get(r.code);
      assert.ok(!owner, `${r.code} is used by both ${owner} and ${r.name}; each MSH code belongs to one rule`);
      mshOwners.set(r.code, r.name);
    }
  }
});

test('meta: every docs.summary is one sentence ending with a period', () => {
  for (const r of RULES) {
    const s = r.docs.summary;
    assert.match(s, /^[A-Z`"].*\.$/s, `${r.name}: summary must start with a capital and end with a period`);
    assert.doesNotMatch(s.slice(0, -1), /[.!?]\s+[A-Z]/, `${r.name}: summary must be one sentence`);
    assert.ok(r.docs.rationale.trim().length > 0, `${r.name}: rationale is empty`);
  }
});

for (const rule of RULES) {
  describe(`meta: ${rule.name}`, () => {
    const cases = casesOf(rule.name);
    test('has positive and negative fixtures', () => {
      assert.ok(cases.some(isPositive), `test/fixtures/rules/${rule.name}/ needs a case with # expect: markers`);
      assert.ok(cases.some((c) => !isPositive(c)), `test/fixtures/rules/${rule.name}/ needs a case without markers`);
    });

    test('fixtures exercise every message and every placeholder', () => {
      const supplied = new Map<string, Set<string>>();
      for (const c of cases) {
        for (const f of runCase(rule, c).findings) {
          const keys = supplied.get(f.messageId!) ?? new Set<string>();
          const data = placeholderData(rule, f.message, f.messageId!);
          for (const k of data) keys.add(k);
          supplied.set(f.messageId!, keys);
        }
      }
      for (const [id, template] of Object.entries(rule.messages as Record<string, string>)) {
        assert.ok(supplied.has(id), `no fixture of ${rule.name} produces messageId "${id}"`);
        for (const p of placeholdersOf(template)) {
          assert.ok(supplied.get(id)!.has(p), `no finding of ${rule.name}/${id} supplies {${p}}`);
        }
      }
    });

    test('declared reads equal actual reads', () => {
      const reads = new Set<Kind>();
      for (const c of cases) runCase(rule, c, { record: reads });
      assert.deepEqual([...reads].sort(), [...new Set(rule.reads)].sort(),
        `${rule.name} reads ${[...reads].sort().join(', ') || 'nothing'} across its fixtures but declares ${[...rule.reads].sort().join(', ')}`);
    });
  });
}

/** The placeholders a rendered message filled: those whose `{name}` no longer appears in it. */
function placeholderData(rule: Rule, message: string, messageId: string): string[] {
  const template = (rule.messages as Record<string, string>)[messageId] ?? '';
  return placeholdersOf(template).filter((p) => !message.includes(`{${p}}`));
}
