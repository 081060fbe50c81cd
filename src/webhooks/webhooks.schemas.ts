import { z } from 'zod';
import { DELIVERY_STATUSES, WEBHOOK_EVENTS } from '../db/enums.js';
import { cursorQuery, idParam, limitQuery, listOf, nullableText, timeOutput } from '../shared/schemas.js';

const EVENT_NAMES = [...WEBHOOK_EVENTS, '*'] as const;

const eventList = z
  .array(z.enum(EVENT_NAMES, { message: `must be one of ${EVENT_NAMES.join(', ')}` }))
  .min(1, { message: 'must name at least one event' })
  .max(EVENT_NAMES.length)
  .meta({ description: 'The events to receive: any of the names listed, or `*` for all of them.' });

export const webhook = z
  .object({
    id: z.string().meta({ example: '01JGB1R6ZQ8K9V3M2N4P5Q6R7S' }),
    url: z.string().meta({ example: 'https://hooks.example.com/cms' }),
    events: z.array(z.string()).meta({ example: ['article.published', 'article.unpublished'] }),
    description: z.string().nullable(),
    enabled: z.boolean(),
    createdAt: timeOutput,
    updatedAt: timeOutput,
  })
  .meta({ id: 'Webhook', description: 'Where events are sent. Its secret is shown only on create and rotation.' });

export const webhookWithSecret = webhook
  .extend({
    secret: z.string().meta({
      description: 'The signing secret (`whsec_` + base64), shown only in this answer: store it now.',
      example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
  })
  .meta({ id: 'WebhookWithSecret' });

const url = z
  .string()
  .max(2000, { message: 'must be at most 2000 characters' })
  .meta({ description: 'Where deliveries are POSTed: http or https.', example: 'https://hooks.example.com/cms' });

export const webhookCreate = z
  .strictObject({
    url,
    events: eventList,
    description: nullableText(500).optional(),
    enabled: z.boolean().optional().meta({ description: 'true when not given.' }),
  })
  .meta({ id: 'WebhookCreate' });

export const webhookUpdate = z
  .strictObject({
    url: url.optional(),
    events: eventList.optional(),
    description: nullableText(500).optional(),
    enabled: z.boolean().optional(),
  })
  .meta({ id: 'WebhookUpdate' });

export type WebhookCreate = z.infer<typeof webhookCreate>;
export type WebhookUpdate = z.infer<typeof webhookUpdate>;

export const webhookParams = z.object({ id: idParam });
export const deliveryParams = z.object({ id: idParam, deliveryId: idParam });

export const webhookListQuery = z.object({ limit: limitQuery, cursor: cursorQuery });
export const deliveryListQuery = z.object({
  limit: limitQuery,
  cursor: cursorQuery,
  status: z
    .enum(DELIVERY_STATUSES, { message: `must be one of ${DELIVERY_STATUSES.join(', ')}` })
    .optional()
    .meta({ description: 'Only deliveries in this state.' }),
});

export const webhookList = listOf(webhook).meta({ id: 'WebhookList' });

export const attempt = z
  .object({
    at: timeOutput,
    statusCode: z.number().int().nullable().meta({ description: "The receiver's HTTP status; null: no answer." }),
    error: z.string().nullable().meta({ description: 'Why the attempt failed without a status (timeout, refused).' }),
    durationMs: z.number().int(),
  })
  .meta({ id: 'DeliveryAttempt' });

export const delivery = z
  .object({
    id: z.string().meta({ description: 'Also the `webhook-id` header of every attempt.' }),
    event: z.string().meta({ example: 'article.published' }),
    status: z.enum(DELIVERY_STATUSES),
    createdAt: timeOutput,
    nextAttemptAt: timeOutput.nullable().meta({ description: 'When it is next tried; null once it has ended.' }),
    attempts: z.array(attempt).meta({ description: 'Oldest first.' }),
  })
  .meta({ id: 'Delivery' });

export const deliveryList = listOf(delivery).meta({ id: 'DeliveryList' });

export const accepted = z
  .object({ deliveryId: z.string().meta({ description: 'The delivery that will be sent.' }) })
  .meta({ id: 'DeliveryAccepted' });
