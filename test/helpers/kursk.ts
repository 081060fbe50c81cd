import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from '../../src/app.js';

/** The sample story (the project's own copy of the Kursk bundle). */
export const kursk = JSON.parse(
  fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'kursk.json'), 'utf8'),
) as {
  images: Array<Record<string, unknown> & { key: string }>;
  quotes: Array<Record<string, unknown> & { key: string }>;
  articles: Array<Record<string, any>>;
};

function strip<T extends Record<string, unknown>>(item: T): Omit<T, 'key'> {
  const { key: _key, ...rest } = item;
  return rest;
}

/** Creates the Kursk story through the API (images, quotes, then the article naming them by id). */
export async function createKursk(app: App, auth: { authorization: string }) {
  const imageIds: Record<string, string> = {};
  const quoteIds: Record<string, string> = {};
  for (const image of kursk.images) {
    const res = await app.inject({ method: 'POST', url: '/v1/images', headers: auth, payload: strip(image) });
    if (res.statusCode !== 201) throw new Error(`image: ${res.statusCode} ${res.payload}`);
    imageIds[image.key] = JSON.parse(res.payload).id;
  }
  for (const quote of kursk.quotes) {
    const res = await app.inject({ method: 'POST', url: '/v1/quotes', headers: auth, payload: strip(quote) });
    if (res.statusCode !== 201) throw new Error(`quote: ${res.statusCode} ${res.payload}`);
    quoteIds[quote.key] = JSON.parse(res.payload).id;
  }
  const source = kursk.articles[0]!;
  const { leadImage, body, ...rest } = source;
  const payload = {
    ...rest,
    leadImageId: imageIds[leadImage],
    body: body.map((block: any) =>
      block.type === 'quote'
        ? { type: 'quote', quoteId: quoteIds[block.quote] }
        : block.type === 'image'
          ? { type: 'image', imageId: imageIds[block.image] }
          : block,
    ),
  };
  const res = await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload });
  if (res.statusCode !== 201) throw new Error(`article: ${res.statusCode} ${res.payload}`);
  return { article: JSON.parse(res.payload), imageIds, quoteIds };
}
