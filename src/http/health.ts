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

/** A service the instance uses, as /ready names it when it does not answer ("the database (DATA_DIR)"). */
export type ReadinessCheck = { name: string; ping: () => unknown };

/** How long /ready waits for a service: past this it does not answer, as far as a load balancer is concerned. */
const CHECK_TIMEOUT_MS = 2_000;

async function answers(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      Promise.resolve()
        .then(check.ping)
        .then(() => true),
      timeout,
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness (the process answers) and readiness (every service the instance uses answers: the database, and Redis
 * and the bucket when they are set) for load balancers and orchestrators.
 */
export const healthRoutes: FastifyPluginAsyncZod<{ checks: ReadinessCheck[] }> = async (app, { checks }) => {
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
        summary: 'Readiness: every service this instance uses answers',
        description:
          'The database, and Redis (`REDIS_URL`) and the media bucket (`S3_BUCKET`) when they are set. A 503 names the services that do not answer.',
        response: { 200: status },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      const results = await Promise.all(checks.map(answers));
      const failing = checks.filter((_check, index) => !results[index]).map((check) => check.name);
      if (failing.length > 0) {
        const names = failing.length === 1 ? failing[0] : `${failing.slice(0, -1).join(', ')} and ${failing.at(-1)}`;
        throw problems.unavailable(`Not ready: ${names} ${failing.length === 1 ? 'does' : 'do'} not answer.`);
      }
      return { status: 'ok' as const };
    },
  );
};
