import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appVersion } from '../version.js';
import { problems } from './problems.js';

const status = z.object({ status: z.literal('ok') }).meta({ id: 'HealthStatus' });
const health = z
  .object({
    status: z.literal('ok'),
    version: z.string().meta({
      description: "The server's version (semantic versioning), the same as the OpenAPI document's info.version.",
      example: appVersion,
    }),
  })
  .meta({ id: 'Health' });

/** Liveness (the process answers) and readiness (the database answers) for load balancers and orchestrators. */
export const healthRoutes: FastifyPluginAsyncZod<{ ping: () => void }> = async (app, { ping }) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['Operations'],
        operationId: 'health',
        summary: 'Liveness, and the version of the server',
        response: { 200: health },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { status: 'ok' as const, version: appVersion };
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
