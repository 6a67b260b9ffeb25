// The two language servers and the settings each receives, as a user would configure them.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCombinedSchema } from './yamlls-schema.mjs';

const require = createRequire(import.meta.url);

/** Our server, bundled by `npm run build`, with default settings. */
export function ours(repoRoot) {
  return {
    key: 'ours',
    label: 'Mesh Lifecycle',
    script: path.join(repoRoot, 'dist', 'server.js'),
    args: ['--stdio'],
    version: require(path.join(repoRoot, 'package.json')).version,
    settings: (section) => (section === 'meshLifecycle' ? {} : null),
  };
}

/**
 * yaml-language-server, the pinned devDependency, with the combined strict CRD schema mapped to
 * every `.yaml` file and everything that could reach the network switched off: the schema store
 * catalogue, the Kubernetes CRD store (it fetches from a public catalogue), and no proxy. Hover and
 * completion stay on, as in an editor. The schema file is written to `workDir`.
 */
export function yamlLanguageServer(repoRoot, workDir) {
  const packageDir = path.dirname(require.resolve('yaml-language-server/package.json', { paths: [repoRoot] }));
  const { schema, kinds, schemaFiles } = buildCombinedSchema(repoRoot);
  const schemaPath = path.join(workDir, 'crds.schema.json');
  writeFileSync(schemaPath, JSON.stringify(schema));
  const yaml = {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemas: { [pathToFileURL(schemaPath).href]: '*.yaml' },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    yamlVersion: '1.2',
    maxItemsComputed: 5000,
  };
  return {
    key: 'yamlLanguageServer',
    label: 'yaml-language-server',
    script: path.join(packageDir, 'bin', 'yaml-language-server'),
    args: ['--stdio'],
    version: require(path.join(packageDir, 'package.json')).version,
    schema: { kinds, schemaFiles, bytes: JSON.stringify(schema).length },
    settings: (section) => {
      switch (section) {
        case 'yaml': return yaml;
        case 'http': return { proxy: '', proxyStrictSSL: true };
        default: return null;
      }
    },
  };
}
