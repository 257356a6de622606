/**
 * The baseline contender's build: BENCH_BASELINE=<git ref> checks that ref out in a temporary
 * git worktree, installs and builds it there, and the benchmark runs its services beside this
 * checkout's. BENCH_BASELINE_KEEP=1 keeps the worktree for the next run (which then reuses it).
 */
import { spawn } from 'node:child_process';
import { access, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@taskgraph/kit/processes';

export interface BaselineBuild {
  ref: string;
  commit: string;
  root: string;
  /** Removes the worktree (unless BENCH_BASELINE_KEEP). */
  remove(): Promise<void>;
}

const BUILT_MARK = '.bench-baseline-built';

/** Runs a command to its end, its output kept only to explain a failure. */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} failed (${code}) in ${cwd}:\n${output}`)),
    );
  });
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

export async function buildBaseline(ref: string, log: (message: string) => void): Promise<BaselineBuild> {
  const commit = (await run('git', ['rev-parse', '--verify', `${ref}^{commit}`], repoRoot)).trim();
  const root = path.join(os.tmpdir(), `taskgraph-baseline-${commit.slice(0, 12)}`);
  const keep = Boolean(process.env.BENCH_BASELINE_KEEP);
  if (await exists(path.join(root, BUILT_MARK))) {
    log(`baseline ${ref} (${commit.slice(0, 12)}): reusing the build in ${root}`);
  } else {
    log(`baseline ${ref} (${commit.slice(0, 12)}): checking out, installing and building in ${root}`);
    await run('git', ['worktree', 'remove', '--force', root], repoRoot).catch(() => undefined);
    await run('git', ['worktree', 'add', '--detach', root, commit], repoRoot);
    await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], root);
    await run('npm', ['run', 'build'], root);
    await writeFile(path.join(root, BUILT_MARK), `${commit}\n`);
    log('baseline built');
  }
  return {
    ref,
    commit,
    root,
    async remove() {
      if (keep) return;
      await run('git', ['worktree', 'remove', '--force', root], repoRoot);
    },
  };
}
