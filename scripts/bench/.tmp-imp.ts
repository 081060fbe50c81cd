import fs from 'node:fs';
import path from 'node:path';
import { createArticlesRepository } from '../../src/articles/articles.repository.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { createImagesRepository } from '../../src/images/images.repository.js';
import { createImagesService } from '../../src/images/images.service.js';
import { createSqliteImportStore } from '../../src/import/import.sqlite.js';
import { NO_FILES } from '../../src/import/import.store.js';
import { createMediaStore } from '../../src/media/media.store.js';
import { createQuotesRepository } from '../../src/quotes/quotes.repository.js';

const dataDir = fs.mkdtempSync('/tmp/wtimp/db-');
const db = openDatabase({ dataDir });
const quotes = createQuotesRepository(db);
const images = createImagesRepository(db);
const articles = createArticlesRepository(db, { images, quotes });
const mediaDir = path.join(dataDir, 'media');
const media = createMediaStore({ dir: mediaDir });
const imagesService = createImagesService({ images, media, uploadLimit: 1e7 });
const store = createSqliteImportStore(db, {
  mediaDir,
  uploadLimit: 1e7,
  images,
  quotes,
  articles,
  media,
  imagesService,
});
const t0 = performance.now();
const c0 = process.cpuUsage();
const r = await store.load({ json: fs.readFileSync('/tmp/wtimp/bundle.json') }, NO_FILES);
const t1 = performance.now();
const c = process.cpuUsage(c0);
console.log('load', (t1 - t0).toFixed(0), 'cpu', ((c.user + c.system) / 1000).toFixed(0), JSON.stringify(r.created));
const r2 = await store.load({ json: fs.readFileSync('/tmp/wtimp/bundle.json') }, NO_FILES);
console.log('again', (performance.now() - t1).toFixed(0), JSON.stringify(r2.unchanged));
await store.close();
closeDatabase(db);
fs.rmSync(dataDir, { recursive: true });
