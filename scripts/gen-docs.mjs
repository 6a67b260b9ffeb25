// Writes docs/rules/<name>.md for every rule and the README rules table between its markers,
// from the compiled rules and their fixtures (run after `npm run build`; see test/support/ruleDocs.ts).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { writeDocs } = createRequire(import.meta.url)(path.join(root, 'out', 'test', 'support', 'ruleDocs.js'));
const written = writeDocs();
console.log(written.length === 0 ? 'Rule docs are up to date.' : `Wrote ${written.map((f) => path.relative(root, f)).join(', ')}.`);
