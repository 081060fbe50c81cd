import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems } from './problems.js';

const status = z.object({ status: z.literal('ok') }).meta({ id: 'HealthStatus' });

/** Liveness (the process answers) and readiness (the database answers) for load balancers and orchestrators. */
export const healthRoutes: FastifyPluginAsyncZod<{ ping: () => void }> = async (app, { ping }) => {
  app.get(
    '/health',
    { schema: { tags: ['Operations'], operationId: 'health', summary: 'Liveness', response: { 200: status } } },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { status: 'ok' as const };
    },
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['Operations'],
        operationId: 'ready',
        summary: 'Readiness: the database answers',
        response: { 200: status },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        ping();
      } catch {
        throw problems.unavailable('The database does not answer.');
      }
      return { status: 'ok' as const };
    },
  );
};
