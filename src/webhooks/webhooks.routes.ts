import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertIfMatch, type Caching } from '../http/caching.js';
import { problems } from '../http/problems.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { refusedUrl } from './address-check.js';
import { newSecret } from './signature.js';
import { toDelivery, toWebhook, webhookEtag } from './webhooks.mapper.js';
import {
  accepted,
  deliveryList,
  deliveryListQuery,
  deliveryParams,
  webhook,
  webhookCreate,
  webhookList,
  webhookListQuery,
  webhookParams,
  webhookUpdate,
  webhookWithSecret,
} from './webhooks.schemas.js';
import type { WebhooksStore } from './webhooks.store.js';

export type WebhooksRoutesOptions = {
  webhooks: WebhooksStore;
  caching: Caching;
  allowPrivate: boolean;
  /** Tells the dispatcher a delivery is due now (retry, test). */
  wake: () => void;
};

const tags = ['Webhooks'];

/** Each event name once, in the order first given. */
const unique = (events: string[]) => [...new Set(events)];
const notModified = z.null().meta({ description: 'Not modified.' });

export const webhooksRoutes: FastifyPluginAsyncZod<WebhooksRoutesOptions> = async (
  app,
  { webhooks, caching, allowPrivate, wake },
) => {
  function checkUrl(url: string | undefined): void {
    if (url === undefined) return;
    const refused = refusedUrl(url, allowPrivate);
    if (refused) throw problems.validation([{ path: 'url', message: refused }]);
  }

  app.post(
    '/',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'createWebhook',
        summary: 'Create a webhook',
        description:
          'Answers with the webhook and its signing `secret`, shown only here and on rotation. A `url` whose host is `localhost` or a loopback, private or link-local address is a 400 unless `WEBHOOK_ALLOW_PRIVATE=true`.',
        body: webhookCreate,
        response: { 201: webhookWithSecret },
      },
    },
    async (request, reply) => {
      checkUrl(request.body.url);
      const { url, events, description, enabled } = request.body;
      const row = await webhooks.create({
        url,
        events: unique(events),
        description: description ?? null,
        enabled: enabled ?? true,
        secret: newSecret(),
      });
      reply
        .code(201)
        .header('location', `/v1/webhooks/${row.id}`)
        .header('etag', webhookEtag(row))
        .header('cache-control', 'no-store');
      return { ...toWebhook(row), secret: row.secret };
    },
  );

  app.get(
    '/',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'listWebhooks',
        summary: 'List webhooks',
        description: 'Oldest first.',
        querystring: webhookListQuery,
        response: { 200: webhookList },
      },
    },
    async (request, reply) => {
      const { limit, cursor } = request.query;
      const after = cursor === undefined ? 0 : Number(decodeCursor(cursor, 'webhooks').value);
      const page = await webhooks.list({ limit, afterSeq: Number.isFinite(after) ? after : 0 });
      const last = page.more ? page.rows.at(-1) : undefined;
      caching.list(request, reply);
      return {
        data: page.rows.map(toWebhook),
        meta: {
          total: page.total,
          limit,
          nextCursor: last ? encodeCursor({ sort: 'webhooks', value: last.seq, id: last.id }) : null,
        },
      };
    },
  );

  app.get(
    '/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'getWebhook',
        summary: 'Read a webhook',
        params: webhookParams,
        response: { 200: webhook, 304: notModified },
      },
    },
    async (request, reply) => {
      const row = await webhooks.get(request.params.id);
      if (caching.single(request, reply, webhookEtag(row))) return reply;
      return toWebhook(row);
    },
  );

  app.patch(
    '/:id',
    {
      config: { scope: 'admin', problemStatuses: [412] },
      schema: {
        tags,
        operationId: 'updateWebhook',
        summary: 'Update a webhook',
        description: 'Partial update. Send `If-Match` with the ETag you read to refuse a lost update (412).',
        params: webhookParams,
        body: webhookUpdate,
        response: { 200: webhook },
      },
    },
    async (request, reply) => {
      checkUrl(request.body.url);
      const { events, ...rest } = request.body;
      const changes = events === undefined ? rest : { ...rest, events: unique(events) };
      const row = await webhooks.update(request.params.id, changes, (current) =>
        assertIfMatch(request, webhookEtag(current)),
      );
      reply.header('etag', webhookEtag(row));
      return toWebhook(row);
    },
  );

  app.delete(
    '/:id',
    {
      config: { scope: 'admin', problemStatuses: [412] },
      schema: {
        tags,
        operationId: 'deleteWebhook',
        summary: 'Delete a webhook',
        description: 'Removes it with its delivery log; deliveries not yet sent are dropped.',
        params: webhookParams,
        response: { 204: z.null().meta({ description: 'Deleted.' }) },
      },
    },
    async (request, reply) => {
      await webhooks.delete(request.params.id, (current) => assertIfMatch(request, webhookEtag(current)));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/:id/rotate-secret',
    {
      config: { scope: 'admin', problemStatuses: [412] },
      schema: {
        tags,
        operationId: 'rotateWebhookSecret',
        summary: "Rotate a webhook's secret",
        description:
          'Answers with the new `secret` (shown only here). For 24 hours every delivery carries two signatures in `webhook-signature`: the new secret’s first, then the replaced one’s. Honours `If-Match`.',
        params: webhookParams,
        response: { 200: webhookWithSecret },
      },
    },
    async (request, reply) => {
      const row = await webhooks.rotateSecret(request.params.id, newSecret(), (current) =>
        assertIfMatch(request, webhookEtag(current)),
      );
      reply.header('etag', webhookEtag(row)).header('cache-control', 'no-store');
      return { ...toWebhook(row), secret: row.secret };
    },
  );

  app.get(
    '/:id/deliveries',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'listWebhookDeliveries',
        summary: "A webhook's delivery log",
        description: 'Newest first, each with its attempts. Filter by `status`.',
        params: webhookParams,
        querystring: deliveryListQuery,
        response: { 200: deliveryList },
      },
    },
    async (request, reply) => {
      const { limit, cursor, status } = request.query;
      const before = cursor === undefined ? Number.MAX_SAFE_INTEGER : Number(decodeCursor(cursor, 'deliveries').value);
      const page = await webhooks.deliveries(request.params.id, {
        limit,
        status,
        // A cursor whose position is not a number points nowhere: an empty page.
        beforeSeq: Number.isFinite(before) ? before : 0,
      });
      const last = page.more ? page.rows.at(-1) : undefined;
      caching.list(request, reply);
      return {
        data: page.rows.map(toDelivery),
        meta: {
          total: page.total,
          limit,
          nextCursor: last ? encodeCursor({ sort: 'deliveries', value: last.seq, id: last.id }) : null,
        },
      };
    },
  );

  app.post(
    '/:id/deliveries/:deliveryId/retry',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'retryWebhookDelivery',
        summary: 'Send a delivery again now',
        description:
          'Also for a delivery that has failed or succeeded: it is pending again, with a fresh series of retries.',
        params: deliveryParams,
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      await webhooks.retry(request.params.id, request.params.deliveryId);
      wake();
      return reply.code(202).send({ deliveryId: request.params.deliveryId });
    },
  );

  app.post(
    '/:id/test',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        operationId: 'testWebhook',
        summary: 'Send a test event',
        description:
          'Sends a `webhook.test` event to this webhook (whatever its `events`). A disabled webhook’s deliveries wait, pending, until it is enabled again.',
        params: webhookParams,
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      const deliveryId = await webhooks.test(request.params.id);
      wake();
      return reply.code(202).send({ deliveryId });
    },
  );
};
