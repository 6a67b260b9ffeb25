/**
 * Builds an Analyzer with the bundled schemas. Both entry points (CLI and server) call this, so
 * they give the same answers for the same text and settings.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SchemaValidator } from '../schema/validator';
import { Analyzer } from './analyzer';
import type { AnalysisConfig } from './config';

/**
 * Finds the schemas folder: beside dist/ in the bundle and the .vsix, or at the repository root
 * when running compiled tests from out/. Walking up keeps both layouts working without flags.
 */
export function bundledSchemasDir(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'schemas');
    if (existsSync(path.join(candidate, 'index.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`The bundled schemas (schemas/index.json) were not found above ${from}; the installation is incomplete.`);
    dir = parent;
  }
}

/** Validators are compiled lazily and kept per channel, so one instance serves many analyzers. */
const validators = new Map<string, SchemaValidator>();

export function createAnalyzer(config: AnalysisConfig, schemasDir: string = bundledSchemasDir()): Analyzer {
  return new Analyzer(config, sharedValidator(config.gatewayApiChannel, schemasDir));
}

/** The shared validator of the bundled schemas for a channel (what createAnalyzer uses). */
export function sharedValidator(channel: AnalysisConfig['gatewayApiChannel'], schemasDir: string = bundledSchemasDir()): SchemaValidator {
  const key = `${schemasDir}\u0000${channel}`;
  let validator = validators.get(key);
  if (!validator) {
    validator = new SchemaValidator({ schemasDir, gatewayApiChannel: channel });
    validators.set(key, validator);
  }
  return validator;
}
