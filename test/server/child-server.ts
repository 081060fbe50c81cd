import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Starts the real server (src/server.ts under tsx) as a child process, as `npm run dev` would, and reads its pino
// JSON log lines so a test can wait for an event instead of sleeping.

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type LogLine = { level: number; msg: string; [key: string]: unknown };

export type ChildServer = {
  child: ChildProcessWithoutNullStreams;
  /** http://127.0.0.1:<port>, from the "Server listening at" line. */
  url: string;
  logs: LogLine[];
  /** Resolves with the first log line (past or future) that matches. */
  waitForLog: (match: (line: LogLine) => boolean) => Promise<LogLine>;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
  stderr: () => string;
};

/** Runs a TypeScript entry point of the project with tsx in one process (signals reach it directly). */
export function spawnTs(entry: string, args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
}

export function startServer(env: Record<string, string>): Promise<ChildServer> {
  const child = spawnTs('src/server.ts', [], { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env });
  const logs: LogLine[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let stderr = '';
  let buffer = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        continue;
      }
      logs.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.match(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  const waitForLog = (match: (line: LogLine) => boolean) => {
    const found = logs.find(match);
    if (found) return Promise.resolve(found);
    return new Promise<LogLine>((resolve) => waiters.push({ match, resolve }));
  };

  return new Promise((resolve, reject) => {
    exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
    waitForLog((line) => line.msg.startsWith('Server listening at ')).then((line) => {
      const url = line.msg.slice('Server listening at '.length);
      resolve({ child, url, logs, waitForLog, exited, stderr: () => stderr });
    });
  });
}
