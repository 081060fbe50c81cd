import fs from 'node:fs';
import path from 'node:path';

// Reads a V8 .cpuprofile (node --cpu-prof) and sums self time per function: where the process itself spent its
// time, not counting what the functions it called spent. Also sums by package, which answers "is it our code,
// Fastify, zod, SQLite or the JSON work?" at a glance.

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
};
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

export type SelfTime = { name: string; where: string; ms: number; share: number };

/** Where a script URL comes from: a package name, our code (relative path), or node's internals. */
export function origin(url: string, root: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node core';
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (match) return match[1] as string;
  return path.relative(root, file) || file;
}

export function summarizeProfile(file: string, root = process.cwd(), top = 25) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; attributing it to sample i's node is what DevTools does.
  profile.samples.forEach((id, index) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = profile.endTime - profile.startTime;
  const perFunction = new Map<string, SelfTime>();
  const perOrigin = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const { callFrame } = byId.get(id) as ProfileNode;
    const name = callFrame.functionName || '(anonymous)';
    const from = origin(callFrame.url, root);
    const where = callFrame.url ? `${from}:${callFrame.lineNumber + 1}` : from;
    const key = `${name} ${where}`;
    const entry = perFunction.get(key) ?? { name, where, ms: 0, share: 0 };
    entry.ms += micros / 1000;
    perFunction.set(key, entry);
    const bucket = ['(idle)', '(program)', '(garbage collector)'].includes(name) ? name : from;
    perOrigin.set(bucket, (perOrigin.get(bucket) ?? 0) + micros / 1000);
  }
  // Inclusive time of our own functions (self plus everything they call, each sample counted once per function):
  // which of the project's functions the time goes through, SQLite and JSON work included.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, SelfTime>();
  for (const [id, micros] of selfMicros) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { callFrame } = byId.get(at) as ProfileNode;
      const from = origin(callFrame.url, root);
      if (!/^(dist\/)?src\//.test(from)) continue;
      const name = callFrame.functionName || '(anonymous)';
      const where = `${from}:${callFrame.lineNumber + 1}`;
      const key = `${name} ${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = inclusive.get(key) ?? { name, where, ms: 0, share: 0 };
      entry.ms += micros / 1000;
      inclusive.set(key, entry);
    }
  }
  const ours = [...inclusive.values()]
    .map((entry) => ({ ...entry, share: (entry.ms * 1000) / total }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
  const functions = [...perFunction.values()]
    .map((entry) => ({ ...entry, share: (entry.ms * 1000) / total }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
  const origins = [...perOrigin.entries()]
    .map(([name, ms]) => ({ name, ms, share: (ms * 1000) / total }))
    .sort((a, b) => b.ms - a.ms);
  return { totalMs: total / 1000, functions, origins, inclusive: ours };
}

export function formatProfile(summary: ReturnType<typeof summarizeProfile>): string {
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`;
  const lines = [`CPU profile: ${(summary.totalMs / 1000).toFixed(1)} s sampled`, '', 'Self time by origin:'];
  for (const entry of summary.origins.slice(0, 15)) lines.push(`  ${pct(entry.share)}  ${entry.name}`);
  lines.push('', 'Top functions by self time:');
  for (const entry of summary.functions) lines.push(`  ${pct(entry.share)}  ${entry.name}  (${entry.where})`);
  lines.push('', "Our code's functions by inclusive time (what they call included):");
  for (const entry of summary.inclusive) lines.push(`  ${pct(entry.share)}  ${entry.name}  (${entry.where})`);
  return lines.join('\n');
}

// `tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top]`
if (
  process.argv[1] &&
  path.resolve(process.argv[1]).replace(/\.[jt]s$/, '') === import.meta.filename.replace(/\.[jt]s$/, '')
) {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file || !/^\d+$/.test(top)) {
    process.stderr.write('Usage: tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  process.stdout.write(`${formatProfile(summarizeProfile(file, process.cwd(), Number(top)))}\n`);
}
