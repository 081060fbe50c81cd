import autocannon, { type AutocannonResult } from 'autocannon';

// One load run with autocannon over loopback: a fixed number of connections for a fixed time, each request made
// by `next()` (so ids, slugs and bodies vary), latencies kept at microsecond resolution (autocannon's own
// histogram rounds to whole milliseconds, too coarse for sub-millisecond answers).

export type Request = {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  body?: string;
};

export type LoadResult = {
  /** Answers with the expected status per second: what the ratio compares (a quick 503 is no throughput). */
  requestsPerSecond: number;
  /** Every answer per second, whatever its status. */
  answeredPerSecond: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  requests: number;
  /** Answers with the workload's expected status. */
  expected: number;
  /** Answers with any other status, plus connection errors and timeouts. */
  unexpected: number;
  errors: number;
  statuses: Record<string, number>;
  bytesPerResponse: number;
  /**
   * Server CPU time per answer, in microseconds (from /proc/<pid>/stat, 10 ms ticks): the cost of a request,
   * much less sensitive than throughput to what else the machine is running.
   */
  cpuMicrosPerRequest: number | null;
};

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** One autocannon run as measured, before summary: runs of the same workload can be pooled. */
export type RawLoad = {
  seconds: number;
  /** CPU time the server used during the run, when measured. */
  serverCpuMs?: number;
  latencies: number[];
  statuses: Record<string, number>;
  errors: number;
  bytes: number;
};

export async function runLoad(
  url: string,
  next: () => Request,
  options: { connections: number; seconds: number },
): Promise<RawLoad> {
  const latencies: number[] = [];
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        duration: options.seconds,
        timeout: 30,
        requests: [
          {
            setupRequest: (request) => {
              const { headers = {}, ...rest } = next();
              // NOTE: autocannon needs a headers object on every request (undefined crashes its builder).
              return { ...request, ...rest, headers };
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  return {
    seconds: result.duration,
    latencies,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
    errors: result.errors + result.timeouts,
    bytes: result.throughput.total,
  };
}

/** Pools runs of one workload on one server (e.g. rounds alternated with the other server) into one result. */
export function summarize(runs: RawLoad[], expectStatus: number): LoadResult {
  const statuses: Record<string, number> = {};
  let seconds = 0;
  let errors = 0;
  let bytes = 0;
  let cpuMs: number | null = 0;
  for (const run of runs) {
    cpuMs = run.serverCpuMs === undefined || cpuMs === null ? null : cpuMs + run.serverCpuMs;
    seconds += run.seconds;
    errors += run.errors;
    bytes += run.bytes;
    for (const [code, count] of Object.entries(run.statuses)) statuses[code] = (statuses[code] ?? 0) + count;
  }
  const sorted = Float64Array.from(runs.flatMap((run) => run.latencies)).sort();
  const answered = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  const expected = statuses[String(expectStatus)] ?? 0;
  return {
    requestsPerSecond: expected / seconds,
    answeredPerSecond: answered / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    requests: answered,
    expected,
    unexpected: answered - expected + errors,
    errors,
    statuses,
    bytesPerResponse: answered ? bytes / answered : 0,
    cpuMicrosPerRequest: cpuMs !== null && answered ? (cpuMs * 1000) / answered : null,
  };
}
