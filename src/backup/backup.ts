import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../db/client.js';

// Online backups of the database under DATA_DIR, taken while the server serves writes, plus the media files the
// copy refers to. Used by `npm run backup`; see the README's "Backups" section for the restore procedure.

export type BackupResult = {
  source: string;
  target: string;
  bytes: number;
  counts: { articles: number; images: number; quotes: number };
};

/** The largest step better-sqlite3 takes: every page in one step. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the live database to `target` with SQLite's online backup API and checks the copy.
 *
 * NOTE: the copy is made in one step, under a single read transaction: it is the database as of one commit, and in
 * WAL mode the server keeps writing meanwhile. A step-by-step copy would restart every time the server wrote
 * between steps, which under steady writes may be forever.
 * The copy is written beside the target and renamed into place only once `integrity_check` passes, so a failed or
 * interrupted backup never leaves a half-written file under the target's name; it is switched to rollback-journal
 * mode so that it is one self-contained file.
 */
export async function backupDatabase(dataDir: string, target: string): Promise<BackupResult> {
  const source = path.join(path.resolve(dataDir), DATABASE_FILE);
  if (!fs.existsSync(source)) throw new Error(`There is no database at ${source} (check DATA_DIR).`);
  const finalTarget = path.resolve(target);
  if (finalTarget === source) throw new Error('The backup cannot be written over the database itself.');
  fs.mkdirSync(path.dirname(finalTarget), { recursive: true });
  const partial = `${finalTarget}.partial-${process.pid}`;

  // NOTE: not opened read-only: a read-only connection cannot remove the -wal and -shm files it makes when the
  // server is stopped, and would leave them behind in DATA_DIR. Nothing is written through this connection.
  const live = new Database(source, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 5000');
    await live.backup(partial, { progress: () => ALL_PAGES });
  } finally {
    live.close();
  }

  try {
    const copy = new Database(partial);
    let counts: BackupResult['counts'];
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`The copy failed its integrity check: ${String(check)}`);
      copy.pragma('journal_mode = DELETE');
      const count = (table: string) => (copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      counts = { articles: count('articles'), images: count('images'), quotes: count('quotes') };
    } finally {
      copy.close();
    }
    fs.renameSync(partial, finalTarget);
    return { source, target: finalTarget, bytes: fs.statSync(finalTarget).size, counts };
  } catch (error) {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) {
      fs.rmSync(leftover, { force: true });
    }
    throw error;
  }
}

export type MediaCopyResult = { copied: number; present: number; missing: string[] };

/**
 * Copies into `targetDir` the original of every uploaded image the backup refers to. Files are named by their
 * content, so one already in `targetDir` is the same picture and is skipped: a media backup is incremental.
 * Renditions are not copied; they are made again on demand. A file missing from DATA_DIR (an image deleted after
 * the database was copied) is reported, not fatal.
 */
export function copyMedia(backupFile: string, dataDir: string, targetDir: string): MediaCopyResult {
  const db = new Database(backupFile, { readonly: true, fileMustExist: true });
  let names: string[];
  try {
    names = db.prepare('SELECT DISTINCT file_name FROM images WHERE file_name IS NOT NULL').pluck().all() as string[];
  } finally {
    db.close();
  }
  fs.mkdirSync(targetDir, { recursive: true });
  const result: MediaCopyResult = { copied: 0, present: 0, missing: [] };
  for (const name of names) {
    // Names come from the database; refuse anything that is not a plain file name.
    if (path.basename(name) !== name) throw new Error(`Unexpected media file name in the database: ${name}`);
    const from = path.join(dataDir, 'media', name);
    const to = path.join(targetDir, name);
    if (fs.existsSync(to)) {
      result.present++;
      continue;
    }
    try {
      fs.copyFileSync(from, `${to}.partial`);
      fs.renameSync(`${to}.partial`, to);
      result.copied++;
    } catch (error) {
      fs.rmSync(`${to}.partial`, { force: true });
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') result.missing.push(name);
      else throw error;
    }
  }
  return result;
}
