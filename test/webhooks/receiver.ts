import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A real webhook receiver on 127.0.0.1 for the delivery tests: records every request, answers as told.

export type Received = { headers: http.IncomingHttpHeaders; body: string; at: number };
/** A status to answer with, or 'hang' (never answers). */
export type Answer = number | 'hang';

export type Receiver = {
  url: string;
  port: number;
  received: Received[];
  /** Sets how the next requests are answered (the nth request, from 0). */
  answer: (next: (n: number) => Answer) => void;
  /** Resolves once `count` requests have arrived. */
  waitFor: (count: number) => Promise<void>;
  close: () => Promise<void>;
};

export async function startReceiver(first: (n: number) => Answer = () => 204): Promise<Receiver> {
  const received: Received[] = [];
  let respond = first;
  const hanging = new Set<http.ServerResponse>();
  let waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const n = received.length;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
      waiters = waiters.filter((w) => received.length < w.count);
      const answer = respond(n);
      if (answer === 'hang') {
        hanging.add(response);
        return;
      }
      response.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    answer: (next) => {
      respond = next;
    },
    waitFor: (count) =>
      received.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
