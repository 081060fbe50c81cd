import type { App } from '../../src/app.js';
import { kursk } from '../helpers/kursk.js';

type Auth = Record<string, string>;

/**
 * A deep copy of the Kursk bundle, to change freely. With a suffix, every key and the slug end with it, so tests
 * sharing a database do not share items.
 */
export function kurskBundle(suffix = ''): any {
  const bundle = structuredClone(kursk) as any;
  if (!suffix) return bundle;
  for (const item of [...bundle.images, ...bundle.quotes]) item.key = `${item.key}-${suffix}`;
  for (const article of bundle.articles) {
    article.slug = `${article.slug}-${suffix}`;
    article.leadImage = `${article.leadImage}-${suffix}`;
    for (const block of article.body) {
      if (block.type === 'quote') block.quote = `${block.quote}-${suffix}`;
      if (block.type === 'image') block.image = `${block.image}-${suffix}`;
    }
  }
  return bundle;
}

/** How many images, quotes and articles (any status) the database holds. */
export async function totals(app: App, auth: Auth) {
  const total = async (url: string) =>
    JSON.parse((await app.inject({ method: 'GET', url, headers: auth })).payload).meta.total as number;
  return {
    articles: await total('/v1/articles?limit=1&status=any'),
    images: await total('/v1/images?limit=1'),
    quotes: await total('/v1/quotes?limit=1'),
  };
}

export function postBundle(app: App, auth: Auth, bundle: unknown, query = '') {
  return app.inject({
    method: 'POST',
    url: `/v1/import${query}`,
    headers: { ...auth, 'content-type': 'application/json' },
    payload: JSON.stringify(bundle),
  });
}

/** POST /v1/import as multipart/form-data: the bundle as a text field (or a file part) and the given files. */
export function postBundleForm(
  app: App,
  auth: Auth,
  bundle: unknown,
  files: Record<string, Buffer>,
  options: { bundleAsFile?: boolean; query?: string; fields?: Record<string, string> } = {},
) {
  const form = new FormData();
  const text = JSON.stringify(bundle);
  if (options.bundleAsFile) form.append('bundle', new Blob([text], { type: 'application/json' }), 'bundle.json');
  else form.append('bundle', text);
  for (const [name, bytes] of Object.entries(files)) {
    form.append(name, new Blob([bytes], { type: 'application/octet-stream' }), name.split('/').at(-1));
  }
  for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
  return app.inject({ method: 'POST', url: `/v1/import${options.query ?? ''}`, headers: auth, payload: form });
}

export async function exportBundle(app: App, auth: Auth, query = ''): Promise<string> {
  const res = await app.inject({ method: 'GET', url: `/v1/export${query}`, headers: auth });
  if (res.statusCode !== 200) throw new Error(`export: ${res.statusCode} ${res.payload}`);
  return res.payload;
}

export const counts = (articles: number, images: number, quotes: number) => ({ articles, images, quotes });
