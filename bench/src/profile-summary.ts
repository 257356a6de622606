/**
 * `node bench/dist/src/profile-summary.js <folder>`: the CPU profiles a BENCH_CPU_PROF run wrote,
 * summarized as Markdown: for each service, where its CPU went by package and its functions with
 * the most self time.
 */
import { readProfiles, topFunctions, topPackages } from './profile.js';

const profiles = await readProfiles(process.argv[2] ?? '.');
for (const [service, profile] of [...profiles].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`\n##### ${service}\n`);
  console.log('| package or file | self time % | on the stack % |');
  console.log('|---|---:|---:|');
  for (const entry of topPackages(profile)) console.log(`| ${entry.key} | ${entry.percent} | ${entry.inclusive} |`);
  console.log('\n| function (where) | self time % |');
  console.log('|---|---:|');
  for (const entry of topFunctions(profile)) console.log(`| \`${entry.key.replace(/\|/g, '\\|')}\` | ${entry.percent} |`);
}
