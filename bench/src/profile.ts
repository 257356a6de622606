/**
 * BENCH_CPU_PROF=<folder>: every gateway and subgraph process writes a V8 CPU profile there when
 * it stops, named after the service (open one in Chrome DevTools or speedscope);
 * profile-summary.ts prints each one's packages and functions by self time.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { round } from './stats.js';

const folder = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;

/** Node flags that make the process named `name` write `<name>.cpuprofile` into the folder. */
export const profileFlags = (name: string): string[] =>
  folder ? ['--cpu-prof', `--cpu-prof-dir=${folder}`, `--cpu-prof-name=${name}.cpuprofile`] : [];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function comes from, shortened: `node_modules/<package>` or the repository file. */
function origin(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + 'node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? url);
  }
  return url.replace(/^file:\/\/.*?\/(gateway|subgraphs|packages)\//, '$1/') || '(native)';
}

/** Self time summed by a key of each sampled function, the largest first, as percentages of the time busy. */
function selfTimeBy(
  profile: CpuProfile,
  key: (frame: ProfileNode['callFrame']) => string,
  top: number,
): { key: string; percent: number }[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const frame = byNode.get(id)!.callFrame;
    // Waiting is not work: shares are of the time the process was busy.
    if (frame.functionName === '(idle)') return;
    const name = key(frame);
    totals.set(name, (totals.get(name) ?? 0) + micros);
    all += micros;
  });
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => ({ key: name, percent: round((micros / all) * 100) }));
}

/** The functions that take the most CPU themselves (not counting what they call). */
export const topFunctions = (profile: CpuProfile, top = 20) =>
  selfTimeBy(profile, (frame) => `${frame.functionName || '(anonymous)'} (${origin(frame.url)}:${frame.lineNumber + 1})`, top);

/** What the CPU goes to, package by package: in its own code, and with it anywhere on the stack (what it and all it calls take). */
export function topPackages(profile: CpuProfile, top = 12): { key: string; percent: number; inclusive: number }[] {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const inclusive = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    if (byNode.get(id)!.callFrame.functionName === '(idle)') return;
    const micros = profile.timeDeltas[i] ?? 0;
    busy += micros;
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) onStack.add(origin(byNode.get(at)!.callFrame.url));
    for (const where of onStack) inclusive.set(where, (inclusive.get(where) ?? 0) + micros);
  });
  return selfTimeBy(profile, (frame) => origin(frame.url), top).map((entry) => ({
    ...entry,
    inclusive: round(((inclusive.get(entry.key) ?? 0) / busy) * 100),
  }));
}

/** Every profile written to the folder, by service name. */
export async function readProfiles(from: string): Promise<Map<string, CpuProfile>> {
  const profiles = new Map<string, CpuProfile>();
  for (const file of await readdir(from)) {
    if (file.endsWith('.cpuprofile'))
      profiles.set(file.replace(/\.cpuprofile$/, ''), JSON.parse(await readFile(path.join(from, file), 'utf8')) as CpuProfile);
  }
  return profiles;
}
