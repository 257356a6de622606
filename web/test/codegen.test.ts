import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateClient, generatedDir } from '../server/codegen.js';

describe('the generated client code (src/gql)', () => {
  it('is what the app’s documents and the supergraph produce: run `npm run codegen -w web` after changing either', async () => {
    const fresh = await mkdtemp(path.join(os.tmpdir(), 'taskgraph-codegen-'));
    try {
      await generateClient(fresh);
      const files = (await readdir(fresh)).sort();
      assert.deepEqual((await readdir(generatedDir)).sort(), files);
      for (const file of files) {
        assert.equal(
          await readFile(path.join(generatedDir, file), 'utf8'),
          await readFile(path.join(fresh, file), 'utf8'),
          `src/gql/${file}`,
        );
      }
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
