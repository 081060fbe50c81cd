import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorOf } from '../http/auth.js';
import type { Caching } from '../http/caching.js';
import { OPTIONAL_BODY } from '../http/openapi-polish.js';
import { makeEtag } from '../shared/etag.js';
import { toIso } from '../shared/time.js';
import { articleEtag, toArticle } from './articles.mapper.js';
import { ifMatchOf } from './articles.routes.js';
import { article, articleParams } from './articles.schemas.js';
import type { ArticleRecord, ArticlesStore, PreviewLinksStore, RevisionsStore, Written } from './articles.store.js';
import {
  correctionCreate,
  correctionParams,
  correctionUpdate,
  diffParams,
  previewLink,
  previewLinkCreate,
  revision,
  revisionDiff,
  revisionList,
  revisionListQuery,
  revisionParams,
} from './history.schemas.js';
import { diffRevisions, type RevisionField, toRevisionArticle } from './revisions.js';

export type HistoryRoutesOptions = {
  articles: ArticlesStore;
  revisions: RevisionsStore;
  previewLinks: PreviewLinksStore;
  caching: Caching;
};

const tags = ['History'];

/**
 * Revisions, correction notices and preview links of an article, under /v1/articles/{id or slug}. Every write
 * here goes through the articles store, which writes the article and its revision in one transaction.
 */
export const historyRoutes: FastifyPluginAsyncZod<HistoryRoutesOptions> = async (
  app,
  { articles, revisions, previewLinks, caching },
) => {
  /** Who writes, and If-Match, checked inside the write's transaction against the article as it then is. */
  const writeOptions = (request: FastifyRequest) => ({ author: authorOf(request), ifMatch: ifMatchOf(request) });

  const answer = (reply: FastifyReply, { row, resolved }: Written) => {
    reply.header('etag', articleEtag(row, resolved));
    return toArticle(row, resolved);
  };

  /** The article a history route is about (the routes need the read scope, which sees every status). */
  const articleOf = (idOrSlug: string): Promise<ArticleRecord> => articles.get(idOrSlug);

  app.post(
    '/:id/corrections',
    {
      config: { scope: 'write', problemStatuses: [412] },
      schema: {
        tags,
        operationId: 'addCorrection',
        summary: 'Add a correction notice',
        description:
          'Appends a notice to the article’s `corrections` (oldest first): a new revision, and a new `updatedAt` and ETag. Send `If-Match` to refuse a lost update (412).',
        params: articleParams,
        body: correctionCreate,
        response: { 201: article },
      },
    },
    async (request, reply) => {
      const written = await articles.addCorrection(request.params.id, request.body, writeOptions(request));
      reply.code(201);
      return answer(reply, written);
    },
  );

  app.patch(
    '/:id/corrections/:correctionId',
    {
      config: { scope: 'write', problemStatuses: [412] },
      schema: {
        tags,
        operationId: 'updateCorrection',
        summary: 'Change a correction notice',
        description:
          'Fixes a notice’s text or type (its id and createdAt stay): a new revision. The values it already has change nothing (no revision). A correction id of another article is a 404.',
        params: correctionParams,
        body: correctionUpdate,
        response: { 200: article },
      },
    },
    async (request, reply) => {
      const { id, correctionId } = request.params;
      const written = await articles.updateCorrection(id, correctionId, request.body, writeOptions(request));
      return answer(reply, written);
    },
  );

  app.delete(
    '/:id/corrections/:correctionId',
    {
      config: { scope: 'write', problemStatuses: [412] },
      schema: {
        tags,
        operationId: 'deleteCorrection',
        summary: 'Remove a correction notice',
        description:
          'A new revision without the notice (earlier revisions keep it). Answers with the article. A correction id of another article is a 404.',
        params: correctionParams,
        response: { 200: article },
      },
    },
    async (request, reply) => {
      const { id, correctionId } = request.params;
      const written = await articles.deleteCorrection(id, correctionId, writeOptions(request));
      return answer(reply, written);
    },
  );

  app.get(
    '/:id/revisions',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        operationId: 'listRevisions',
        summary: 'List an article’s revisions',
        description:
          'Newest first, paged like every list. Each write that changed the article made one: creating it, every change, publishing, an import that changed it, a restore, a correction notice. `changed` names the fields that differ from the revision before. Articles written before version 1.1 have revisions from their first write since.',
        params: articleParams,
        querystring: revisionListQuery,
        response: { 200: revisionList },
      },
    },
    async (request, reply) => {
      const current = await articleOf(request.params.id);
      const page = await revisions.list(current.id, request.query);
      caching.list(request, reply);
      return {
        data: page.items.map((item) => ({ ...item, createdAt: toIso(item.createdAt) })),
        meta: { total: page.total, limit: request.query.limit, nextCursor: page.nextCursor },
      };
    },
  );

  app.get(
    '/:id/revisions/:revision',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        operationId: 'getRevision',
        summary: 'Read one revision',
        description:
          '`article` is the article as it was, in the shape of a write body (blocks with their ids), plus id, status, publishedAt and corrections as they then were. A revision never changes: its ETag answers `If-None-Match` with a 304. A number the article has no revision for is a 404.',
        params: revisionParams,
        response: { 200: revision, 304: z.null().meta({ description: 'Not modified.' }) },
      },
    },
    async (request, reply) => {
      const current = await articleOf(request.params.id);
      const row = await revisions.get(current.id, request.params.revision);
      if (caching.single(request, reply, makeEtag('r', row.seq))) return reply;
      return {
        revision: row.revision,
        createdAt: toIso(row.createdAt),
        author: row.author,
        changed: JSON.parse(row.changed) as RevisionField[],
        article: toRevisionArticle(current.id, row.snapshot),
      };
    },
  );

  app.get(
    '/:id/revisions/:a/diff/:b',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        operationId: 'diffRevisions',
        summary: 'Compare two revisions',
        description:
          'What differs from revision `a` to revision `b` (either order): `changed` names the fields; `fields` gives each changed field but body with its value in a and in b; `body` lists every block of both bodies in reading order, each `unchanged`, `changed` (edited in place), `removed` or `added`, with its index in a (`from`) and in b (`to`), or is null when the bodies are the same. Revisions never change: the ETag answers `If-None-Match` with a 304.',
        params: diffParams,
        response: { 200: revisionDiff, 304: z.null().meta({ description: 'Not modified.' }) },
      },
    },
    async (request, reply) => {
      const current = await articleOf(request.params.id);
      const a = await revisions.get(current.id, request.params.a);
      const b = await revisions.get(current.id, request.params.b);
      if (caching.single(request, reply, makeEtag('d', a.seq, b.seq))) return reply;
      return diffRevisions(
        { revision: a.revision, article: toRevisionArticle(current.id, a.snapshot) },
        { revision: b.revision, article: toRevisionArticle(current.id, b.snapshot) },
      );
    },
  );

  app.post(
    '/:id/revisions/:revision/restore',
    {
      config: { scope: 'write', problemStatuses: [409, 412] },
      schema: {
        tags,
        operationId: 'restoreRevision',
        summary: 'Restore an earlier revision',
        description:
          'Makes the article’s content what it was in that revision: every field but `status`, `publishedAt` and `corrections` (a published article stays published; a correction notice is not taken back), as a new revision. When that content is the article’s current content, nothing is written (no new revision, the same `updatedAt` and ETag). A revision naming an image or quote that no longer exists is a 409 listing them in `missing`; its slug now used by another article is a 409 too; nothing changes. Send `If-Match` to refuse a lost update (412). No request body.',
        params: revisionParams,
        response: { 200: article },
      },
    },
    async (request, reply) => {
      const { id, revision: number } = request.params;
      const written = await articles.restore(id, number, writeOptions(request));
      return answer(reply, written);
    },
  );

  app.post(
    '/:id/preview-links',
    {
      config: { scope: 'write' },
      // No body at all means the defaults (Fastify gives null for an empty body).
      preValidation: async (request) => {
        if (request.body == null) (request as { body: unknown }).body = {};
      },
      schema: {
        tags,
        operationId: 'createPreviewLink',
        summary: 'Make a draft preview link',
        description:
          'A link that lets someone without a token read the article as it stands (whatever its status) until it expires. The token is shown once; only its hash is stored. The body may be left out (a day).',
        params: articleParams,
        body: previewLinkCreate,
        [OPTIONAL_BODY]: true,
        response: { 201: previewLink },
      },
    },
    async (request, reply) => {
      const current = await articleOf(request.params.id);
      const { token, expiresAt } = await previewLinks.create(current.id, request.body.expiresIn);
      reply.code(201).header('cache-control', 'no-store');
      return { token, url: `/v1/preview/${token}`, expiresAt: toIso(expiresAt) };
    },
  );

  app.delete(
    '/:id/preview-links',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        operationId: 'revokePreviewLinks',
        summary: 'Revoke every preview link of an article',
        description: 'Every link made for the article stops working at once (404).',
        params: articleParams,
        response: { 204: z.null().meta({ description: 'Revoked.' }) },
      },
    },
    async (request, reply) => {
      const current = await articleOf(request.params.id);
      await previewLinks.revokeAll(current.id);
      return reply.code(204).send(null);
    },
  );
};
