import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { problems } from './problems.js';

// Load shedding by @fastify/under-pressure: when the event loop lags (it samples the delay every second), new
// requests get a quick 503 with Retry-After instead of joining a queue that makes every client wait.
// NOTE: its `exposeStatusRoute` is not used: that route carries a plain JSON schema, which the zod serializer
// compiler cannot build (FST_ERR_SCH_SERIALIZATION_BUILD at ready()); /health and /ready (health.ts) are the status routes.

export type OverloadOptions = {
  /** Milliseconds of event-loop delay past which requests are refused; 0 turns shedding off. */
  maxEventLoopDelay: number;
  /** Seconds a client is told to wait. */
  retryAfter?: number;
};

/** Liveness must keep answering while the process is busy: an orchestrator restarting it would only lose work. */
const ALWAYS_ANSWERED = new Set(['/health']);

async function overloadPlugin(app: FastifyInstance, options: OverloadOptions) {
  if (options.maxEventLoopDelay <= 0) return;
  const retryAfter = options.retryAfter ?? 5;
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelay,
    // Returning undefined lets the request through; a rejected promise goes to the error handler (problem+json).
    pressureHandler: (request, _reply, type, value) => {
      if (ALWAYS_ANSWERED.has(request.url.split('?')[0]!)) return undefined;
      request.log.warn({ type, value }, 'overloaded: request refused');
      return Promise.reject(problems.overloaded(retryAfter));
    },
  });
}

export default fp(overloadPlugin, { name: 'overload' });
