import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { generate } from '@graphql-codegen/cli';
import { repoRoot } from '../src/services.js';
import config from './codegen/codegen.js';

const SAMPLE = `import { graphql } from './gql';
import type { ProjectBoardQuery } from './gql/graphql';

export const ProjectBoard = graphql(\`
  query ProjectBoard($id: ID!) {
    project(id: $id) {
      id
      name
      viewerRole
      tasks(first: 20) { edges { node { id title status dueAt assignee { displayName } } } }
    }
  }
\`);

// Typed from schema/api.graphql: a field or enum value that is not there fails to compile.
export const titles = (data: ProjectBoardQuery): string[] => data.project?.tasks.edges.map((edge) => edge.node.title) ?? [];
export const owns = (data: ProjectBoardQuery): boolean => data.project?.viewerRole === 'OWNER';
`;

/** How a client project (a web app with a bundler) compiles: the generated code uses extensionless imports. */
const TSCONFIG = {
  compilerOptions: {
    target: 'es2022',
    lib: ['es2022', 'dom'],
    module: 'esnext',
    moduleResolution: 'bundler',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
  include: ['src'],
};

describe('a client generated from schema/api.graphql', () => {
  it('runs the client preset of README’s codegen.ts on a sample operation, and the output compiles', async () => {
    // Under node_modules, so that the sample resolves the packages the generated code imports.
    const cache = path.join(repoRoot, 'node_modules', '.cache');
    await mkdir(cache, { recursive: true });
    const client = await mkdtemp(path.join(cache, 'codegen-'));
    try {
      await mkdir(path.join(client, 'src'));
      await writeFile(path.join(client, 'src', 'board.ts'), SAMPLE);
      await writeFile(path.join(client, 'tsconfig.json'), JSON.stringify(TSCONFIG));
      await generate({ ...config, schema: path.join(repoRoot, 'schema', 'api.graphql'), cwd: client, silent: true }, true);

      const manifest = JSON.parse(await readFile(path.join(client, 'src', 'gql', 'persisted-documents.json'), 'utf8')) as Record<
        string,
        string
      >;
      const entries = Object.entries(manifest);
      assert.equal(entries.length, 1);
      for (const [hash, document] of entries) {
        assert.match(document, /query ProjectBoard/);
        // The gateway knows a document sent in full by this hash too.
        assert.equal(`sha256:${createHash('sha256').update(document).digest('hex')}`, hash);
      }

      const tsc = path.join(repoRoot, 'node_modules', '.bin', 'tsc');
      await promisify(execFile)(tsc, ['-p', client]).catch((error: { stdout?: string }) => {
        throw new Error(`the generated client does not compile:\n${error.stdout ?? String(error)}`);
      });
    } finally {
      await rm(client, { recursive: true, force: true });
    }
  });
});
