import type { LoadResult } from './load.js';
import type { SeedReport } from './seed.js';

// Plain-text tables for the terminal and BENCHMARKS.md (GitHub renders them as Markdown tables).

export type WorkloadResult = {
  name: string;
  kind: 'read' | 'write';
  ours: LoadResult | null;
  reference: LoadResult | null;
  /** ours/reference requests per second. */
  ratio: number | null;
  /** Our server on PostgreSQL (--db postgres), in the same run. */
  postgres?: LoadResult | null;
  note?: string;
  /** The real server's last log lines, kept when it gave unexpected answers (e.g. 503 from load shedding). */
  serverLog?: string;
};

export type ScalePoint = {
  articles: number;
  seed: SeedReport;
  databaseBytes: number;
  coldStartMs: { ours: number; reference: number | null };
  memory: { rss: number; peak: number; anon: number; file: number };
  workloads: WorkloadResult[];
};

const fixed = (value: number, digits: number) => value.toFixed(digits);
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

function bad(result: LoadResult): string {
  return result.unexpected === 0 ? '0' : `${result.unexpected} (${JSON.stringify(result.statuses)})`;
}

const cpu = (result: LoadResult) => (result.cpuMicrosPerRequest === null ? '-' : fixed(result.cpuMicrosPerRequest, 0));

/** The CPU-cost ratio, reference over ours: like ours/ref throughput, 1.00 is as cheap as the reference. */
function cpuRatio(r: WorkloadResult): string {
  const ours = r.ours?.cpuMicrosPerRequest;
  const reference = r.reference?.cpuMicrosPerRequest;
  return ours && reference ? fixed(reference / ours, 2) : '-';
}

export function workloadTable(results: WorkloadResult[]): string {
  const rows = results.map((r) => {
    if (!r.ours) return [r.name, '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', r.note ?? ''];
    const ref = r.reference;
    return [
      r.name,
      fixed(r.ours.requestsPerSecond, 0),
      fixed(r.ours.p50, 2),
      fixed(r.ours.p99, 2),
      bad(r.ours),
      ref ? fixed(ref.requestsPerSecond, 0) : '-',
      ref ? fixed(ref.p50, 2) : '-',
      ref ? fixed(ref.p99, 2) : '-',
      ref ? bad(ref) : '-',
      r.ratio === null ? '-' : fixed(r.ratio, 2),
      cpu(r.ours),
      ref ? cpu(ref) : '-',
      cpuRatio(r),
      r.note ?? '',
    ];
  });
  return markdownTable(
    [
      'workload',
      'ours req/s',
      'p50 ms',
      'p99 ms',
      'non-2xx/err',
      'ref req/s',
      'ref p50',
      'ref p99',
      'ref non-2xx/err',
      'ours/ref',
      'CPU µs/req',
      'ref CPU µs/req',
      'ref/ours CPU',
      'note',
    ],
    rows,
  );
}

/** How each cost grows with the number of articles, as a multiple of the first (smallest) size's figure. */
export function growthTable(points: ScalePoint[]): string {
  const base = points[0] as ScalePoint;
  const grow = (value: number, first: number) => (first > 0 ? ` (×${(value / first).toFixed(2)})` : '');
  const header = ['', ...points.map((p) => `${p.articles.toLocaleString('en')} articles`)];
  const rows: string[][] = [];
  rows.push([
    `${base.seed.via} time (per article)`,
    ...points.map(
      (p) =>
        `${fixed(p.seed.writeSeconds, 1)} s${grow(p.seed.writeSeconds / p.articles, base.seed.writeSeconds / base.articles)}`,
    ),
  ]);
  rows.push([
    `${base.seed.via} rate`,
    ...points.map(
      (p) => `${fixed(p.seed.articlesPerSecond, 0)} articles/s (${fixed(p.seed.articlesPerCpuSecond, 0)}/CPU s)`,
    ),
  ]);
  rows.push([
    'database file',
    ...points.map((p) => `${mb(p.databaseBytes)}${grow(p.databaseBytes, base.databaseBytes)}`),
  ]);
  rows.push([
    'server RSS after reads',
    ...points.map((p) => `${mb(p.memory.rss)}${grow(p.memory.rss, base.memory.rss)}`),
  ]);
  rows.push([
    '  of which anonymous',
    ...points.map((p) => `${mb(p.memory.anon)}${grow(p.memory.anon, base.memory.anon)}`),
  ]);
  rows.push(['  of which mapped file', ...points.map((p) => mb(p.memory.file))]);
  rows.push(['server peak RSS', ...points.map((p) => mb(p.memory.peak))]);
  rows.push([
    'cold start (ours)',
    ...points.map((p) => `${fixed(p.coldStartMs.ours, 0)} ms${grow(p.coldStartMs.ours, base.coldStartMs.ours)}`),
  ]);
  for (const workload of base.workloads) {
    const at = (p: ScalePoint) => p.workloads.find((w) => w.name === workload.name);
    const firstCpu = workload.ours?.cpuMicrosPerRequest;
    if (!workload.ours) continue;
    // CPU per request is the cost that grows (or not) with the data; throughput also moves with the machine's load.
    rows.push([
      `${workload.name}: CPU µs/req, ours (growth); ref`,
      ...points.map((p) => {
        const w = at(p);
        const ours = w?.ours?.cpuMicrosPerRequest;
        if (!w?.ours || !ours || w.ours.expected === 0) return 'no answer';
        // Mixed with quick refusals, CPU per answer says nothing about the cost of a real one.
        if (w.ours.unexpected > 0) return 'n/a (refusals)';
        const refCpu = w.reference?.cpuMicrosPerRequest;
        return `${fixed(ours, 0)}${firstCpu ? grow(ours, firstCpu) : ''}; ${refCpu ? fixed(refCpu, 0) : '-'}`;
      }),
    ]);
    rows.push([
      `${workload.name}: req/s, ours; ref`,
      ...points.map((p) => {
        const w = at(p);
        if (!w?.ours) return '-';
        const others = Object.entries(w.ours.statuses).filter(([, count]) => count !== w.ours?.expected);
        const refused = w.ours.unexpected ? ` (+${others.map(([code, n]) => `${n}×${code}`).join(', ')})` : '';
        return `${fixed(w.ours.requestsPerSecond, 0)}${refused}; ${w.reference ? fixed(w.reference.requestsPerSecond, 0) : '-'}`;
      }),
    ]);
  }
  return markdownTable(header, rows);
}

/** --db postgres: our server on PostgreSQL beside itself on SQLite and the reference, measured in the same run. */
export function postgresTable(results: WorkloadResult[]): string | null {
  const measured = results.filter((r) => r.ours && r.postgres);
  if (measured.length === 0) return null;
  const rows = measured.map((r) => {
    const pg = r.postgres as LoadResult;
    const ours = r.ours as LoadResult;
    return [
      r.name,
      fixed(ours.requestsPerSecond, 0),
      fixed(pg.requestsPerSecond, 0),
      fixed(pg.p50, 2),
      fixed(pg.p99, 2),
      bad(pg),
      fixed(pg.requestsPerSecond / ours.requestsPerSecond, 2),
      r.reference ? fixed(pg.requestsPerSecond / r.reference.requestsPerSecond, 2) : '-',
      cpu(pg),
    ];
  });
  return markdownTable(
    [
      'workload',
      'SQLite req/s',
      'PostgreSQL req/s',
      'p50 ms',
      'p99 ms',
      'non-2xx/err',
      'pg/SQLite',
      'pg/ref',
      'CPU µs/req',
    ],
    rows,
  );
}
