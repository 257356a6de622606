/** `npm run compose`: prints each subgraph's SDL and composes the supergraph into schema/. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { composeSupergraph } from './composition.js';
import { repoRoot } from './services.js';

for (const [file, content] of await composeSupergraph()) {
  const target = path.join(repoRoot, file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, content);
  console.log(`wrote ${file}`);
}
