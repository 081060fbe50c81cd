import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { parseXml } from './formats/xml.js';

const app = await buildApp({ config: loadConfig({ DATA_DIR: '/tmp/ncms-15b-seed10k', MAX_EVENT_LOOP_DELAY: '0' }) });
await app.ready();
for (const url of ['/v1/sitemaps/index.xml', '/v1/sitemaps/articles/1.xml', '/v1/sitemaps/news.xml', '/v1/feeds/rss']) {
  let t = performance.now();
  const r = await app.inject({ url });
  console.log(url, r.statusCode, r.payload.length, (performance.now() - t).toFixed(1), 'ms');
  t = performance.now();
  parseXml(r.payload);
  console.log('parse', (performance.now() - t).toFixed(1));
}
await app.close();
