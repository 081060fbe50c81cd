import fs from 'node:fs';
import Database from 'better-sqlite3';
import { dataset } from '../scripts/bench/data-generator.js';
import { seedDatabase } from '../scripts/bench/seed.js';

const dir = '/tmp/ncms-15b-seed10k';
if (!fs.existsSync(dir)) {
  fs.mkdirSync(dir);
  await seedDatabase(dir, dataset({ articles: 10_000 }));
}
const db = new Database(`${dir}/cms.sqlite`);
const now = Date.now();
for (const sql of [
  "SELECT published_at, id, updated_at FROM articles WHERE status = 'published' AND published_at <= ? ORDER BY published_at, id LIMIT 1000",
  "SELECT published_at, id, updated_at FROM articles WHERE status = 'published' AND +published_at <= ? AND (published_at, id) > (?, ?) ORDER BY published_at, id LIMIT 1000",
  "SELECT published_at, id FROM articles WHERE status = 'published' AND published_at <= ? ORDER BY published_at, id LIMIT 1 OFFSET 5000",
  "SELECT id FROM articles WHERE status = 'published' AND published_at <= ? AND published_at > ? ORDER BY published_at DESC, id DESC LIMIT 1000",
])
  console.log(
    db
      .prepare('EXPLAIN QUERY PLAN ' + sql)
      .all(...(sql.includes('(?, ?)') ? [now, 0, 'a'] : sql.includes('> ?') ? [now, 0] : [now]))
      .map((r: any) => r.detail),
  );
