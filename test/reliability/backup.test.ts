// Contract: `npm run backup -- <file> --media <dir>` takes a consistent copy of the live database while the server
// serves writes: the copy passes integrity_check, holds every write acknowledged before the backup began with its
// links whole, its pictures are copied, and a server started on the restored copy serves them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, DATABASE_FILE, openDatabase } from '../../src/db/client.js';
import { createSqliteTokensStore } from '../../src/tokens/tokens.sqlite.js';
import { tempDataDir } from '../helpers/app.js';
import { type ChildServer, ROOT, startServer } from '../server/child-server.js';

type Json = Record<string, any>;

function runBackup(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/backup.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('online backup', () => {
  const dirs = [tempDataDir(), tempDataDir(), tempDataDir()];
  const [dataDir, backupDir, restoreDir] = dirs as [string, string, string];
  const servers: ChildServer[] = [];
  afterAll(async () => {
    for (const server of servers) {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    }
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies the live database under write load, consistently, with its pictures; the copy restores', {
    timeout: 60_000,
  }, async () => {
    const cli = openDatabase({ dataDir });
    const token = (await createSqliteTokensStore(cli).create('backup-test')).token;
    closeDatabase(cli);
    const auth = { authorization: `Bearer ${token}` };
    const server = await startServer({ DATA_DIR: dataDir });
    servers.push(server);

    const post = async (url: string, body: Json) => {
      const res = await fetch(`${server.url}${url}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as Json;
    };

    // A few uploads, so that the backup has pictures to copy.
    const uploads: string[] = [];
    for (let i = 0; i < 3; i++) {
      const png = await sharp({ create: { width: 3, height: 3, channels: 3, background: { r: i * 40, g: 1, b: 2 } } })
        .png()
        .toBuffer();
      const form = new FormData();
      form.set('altText', `Picture ${i}`);
      form.set('file', new Blob([png], { type: 'image/png' }), 'p.png');
      const res = await fetch(`${server.url}/v1/images`, { method: 'POST', headers: auth, body: form });
      expect(res.status).toBe(201);
      uploads.push(((await res.json()) as Json).id);
    }

    // Writers keep going before, during and after the backup.
    const acked: Array<{ kind: 'quotes' | 'articles'; id: string; at: number }> = [];
    let stop = false;
    const writer = async (n: number) => {
      while (!stop) {
        const quote = await post('/v1/quotes', { text: `Said ${randomBytes(4).toString('hex')}`, speaker: `W${n}` });
        acked.push({ kind: 'quotes', id: quote.id, at: performance.now() });
        const article = await post('/v1/articles', {
          headline: `Story ${randomBytes(4).toString('hex')}`,
          tags: ['backup', `w${n}`],
          leadImageId: uploads[n % uploads.length],
          body: [
            { type: 'paragraph', text: 'Text.' },
            { type: 'quote', quoteId: quote.id },
          ],
        });
        acked.push({ kind: 'articles', id: article.id, at: performance.now() });
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acked.length < 40) await new Promise((resolve) => setTimeout(resolve, 20));

    const startedAt = performance.now();
    const target = path.join(backupDir, 'nested', 'cms-backup.sqlite');
    const media = path.join(backupDir, 'media');
    const backup = await runBackup(dataDir, [target, '--media', media]);
    const writtenDuring = acked.filter((a) => a.at > startedAt).length;
    stop = true;
    await Promise.all(writers);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/integrity check ok/);
    expect(backup.stdout).toMatch(/Media: 3 file\(s\) copied/);
    // The server kept answering writes while the copy was taken.
    expect(writtenDuring).toBeGreaterThan(0);

    // The copy: one self-contained file that passes the checks…
    expect(fs.readdirSync(path.dirname(target))).toEqual(['cms-backup.sqlite']);
    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('foreign_key_check')).toEqual([]);
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      // …holding every write acknowledged before the backup began…
      const before = acked.filter((a) => a.at < startedAt);
      expect(before.length).toBeGreaterThanOrEqual(40);
      for (const { kind, id } of before) {
        expect(copy.prepare(`SELECT count(*) FROM ${kind} WHERE id = ?`).pluck().get(id), `${kind} ${id}`).toBe(1);
      }
      // …and no half of a write: each article has its tags and links, each quote its article or none.
      const articles = copy.prepare('SELECT id FROM articles').pluck().all() as string[];
      for (const id of articles) {
        expect(copy.prepare('SELECT count(*) FROM article_tags WHERE article_id = ?').pluck().get(id)).toBe(2);
        expect(copy.prepare('SELECT count(*) FROM article_quotes WHERE article_id = ?').pluck().get(id)).toBe(1);
        expect(copy.prepare('SELECT count(*) FROM article_images WHERE article_id = ?').pluck().get(id)).toBe(1);
      }
      const files = copy.prepare('SELECT file_name, bytes FROM images WHERE file_name IS NOT NULL').all() as Json[];
      expect(files).toHaveLength(3);
      for (const file of files) expect(fs.statSync(path.join(media, file.file_name)).size).toBe(file.bytes);
    } finally {
      copy.close();
    }

    // A second backup into the same media folder copies no picture again.
    const again = await runBackup(dataDir, [path.join(backupDir, 'second.sqlite'), '--media', media]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Media: 0 file\(s\) copied to .*, 3 already there/);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    // Restore (the README's procedure): the copy as DATA_DIR's database, the pictures as its media folder.
    fs.copyFileSync(target, path.join(restoreDir, DATABASE_FILE));
    fs.cpSync(media, path.join(restoreDir, 'media'), { recursive: true });
    const restored = await startServer({ DATA_DIR: restoreDir });
    servers.push(restored);
    const sample = acked.filter((a) => a.kind === 'articles' && a.at < startedAt).at(-1)!;
    const article = await fetch(`${restored.url}/v1/articles/${sample.id}`, { headers: auth });
    expect(article.status).toBe(200);
    const leadImage = ((await article.json()) as Json).leadImage;
    const picture = await fetch(`${restored.url}${leadImage.url}`);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/png');
    restored.child.kill('SIGTERM');
    expect(await restored.exited).toBe(0);
  });

  it('refuses a missing database and bad arguments, writing nothing', async () => {
    const empty = tempDataDir();
    dirs.push(empty);
    const missing = await runBackup(path.join(empty, 'no-such-dir'), [path.join(empty, 'x.sqlite')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no database');
    expect(fs.existsSync(path.join(empty, 'x.sqlite'))).toBe(false);
    const usage = await runBackup(empty, []);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run backup');
  });
});
