import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

// Child server processes for the benchmark: started on 127.0.0.1 and a free port, timed from spawn to the first
// answered /health (cold start), measured through /proc, and stopped by their own PID.

export const HOST = '127.0.0.1';

export type ServerProcess = {
  name: string;
  pid: number;
  url: string;
  /** Milliseconds from spawn to the first 200 from /health. */
  coldStartMs: number;
  /** Resident memory now and at its peak (VmRSS / VmHWM), and now split into heap-like and file-backed, in bytes. */
  memory(): Memory;
  /** CPU time (user + system) the process has used so far, in milliseconds. */
  cpuMs(): number;
  /** The last lines the process wrote (for errors). */
  output(): string;
  /** SIGTERM (graceful close), then SIGKILL after `graceMs`. Resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
};

/** A port the OS reports free right now (another process could take it before the server binds: unlikely). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * VmRSS counts the database pages SQLite memory-maps (mmap_size) as file-backed resident memory (RssFile): the
 * kernel can drop those at any time, unlike the process's own memory (RssAnon: heaps, SQLite's page cache).
 */
export type Memory = { rss: number; peak: number; anon: number; file: number };

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ): 100 on every Linux in practice. */
const USER_HZ = 100;

function cpuMsOf(pid: number): number {
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command name (0-based 11, 12).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM'), anon: kb('RssAnon'), file: kb('RssFile') + kb('RssShmem') };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('exited before answering /health');
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no answer from ${url}/health within ${timeoutMs} ms`);
}

export async function startServer(options: {
  name: string;
  /** Arguments to `node`: flags, then the script. */
  args: string[];
  env: Record<string, string>;
  cwd: string;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://${HOST}:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, HOST, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-16_384);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid as number;

  const stop = async (graceMs = 12_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitForHealth(url, child, options.timeoutMs ?? 30_000);
  } catch (error) {
    await stop(2_000);
    throw new Error(`${options.name} did not start: ${(error as Error).message}\n${log}`);
  }
  return {
    name: options.name,
    pid,
    url,
    coldStartMs: performance.now() - started,
    memory: () => memoryOf(pid),
    cpuMs: () => cpuMsOf(pid),
    output: () => log,
    stop,
  };
}

/**
 * Waits until the server answers /health quickly again: autocannon stops sending when its time is up, but the
 * server still works through the requests it had taken (a slow search can hold it for seconds), and the next
 * measurement must not pay for them.
 */
export async function settle(server: ServerProcess, quickMs = 25, timeoutMs = 300_000): Promise<number> {
  const started = performance.now();
  let quick = 0;
  while (quick < 2) {
    if (performance.now() - started > timeoutMs) {
      process.stderr.write(`WARNING: ${server.name} still busy after ${timeoutMs / 1000} s; going on\n`);
      break;
    }
    const sent = performance.now();
    try {
      const res = await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer();
      quick = res.status === 200 && performance.now() - sent < quickMs ? quick + 1 : 0;
    } catch {
      quick = 0;
    }
    if (quick < 2) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return performance.now() - started;
}
