import { Readable } from 'node:stream';
import type { BlockInput } from '../articles/articles.schemas.js';
import { toCorrections } from '../articles/revisions.js';
import { toIsoOrNull } from '../shared/time.js';
import {
  type ExportArticleRow,
  type ExportImageRow,
  type ExportQuoteRow,
  type ExportReader,
  openExportReader,
  type Rows,
} from './export.repository.js';
import type { ExportQuery } from './import.schemas.js';

/** Where an uploaded picture is in an exported bundle: `media/<hash>.<ext>`, beside the bundle file. */
export const MEDIA_FOLDER = 'media';

/** Output is written in chunks of about this size: one per row would cost a stream write per row. */
const CHUNK = 64 * 1024;

/**
 * Items are written as `JSON.stringify(item, null, 2)` indented under their array: a readable file, and a stable
 * one (fixed key order, explicit nulls), so export → import → export gives the same bytes.
 */
function itemText(item: object): string {
  return `    ${JSON.stringify(item, null, 2).replaceAll('\n', '\n    ')}`;
}

function imageItem(row: ExportImageRow, key: string) {
  return {
    key,
    ...(row.fileName !== null ? { file: `${MEDIA_FOLDER}/${row.fileName}` } : {}),
    // An upload's sourceUrl (where it came from) is optional: left out rather than null.
    ...(row.sourceUrl !== null ? { sourceUrl: row.sourceUrl } : {}),
    altText: row.altText,
    caption: row.caption,
    credit: row.credit,
    creator: row.creator,
    copyrightNotice: row.copyrightNotice,
    focalPoint: row.focalX === null || row.focalY === null ? null : { x: row.focalX, y: row.focalY },
  };
}

function quoteItem(row: ExportQuoteRow, key: string) {
  return {
    key,
    text: row.text,
    speaker: row.speaker,
    speakerType: row.speakerType,
    speakerRole: row.speakerRole,
    organisation: row.organisation,
    channel: row.channel,
    sourceUrl: row.sourceUrl,
    saidAt: toIsoOrNull(row.saidAt),
  };
}

function articleItem(row: ExportArticleRow, imageKeys: Map<string, string>, quoteKeys: Map<string, string>) {
  // NOTE: every id resolves: the RESTRICT foreign keys keep a used image or quote from being deleted, and the
  // reader's snapshot holds the rows the articles name. `?? id` is for a database edited by hand.
  const body = (JSON.parse(row.body) as BlockInput[]).map((block) => {
    if (block.type === 'image') return { type: 'image', image: imageKeys.get(block.imageId) ?? block.imageId };
    if (block.type === 'quote') return { type: 'quote', quote: quoteKeys.get(block.quoteId) ?? block.quoteId };
    return block;
  });
  return {
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    section: row.section,
    tags: JSON.parse(row.tags) as string[],
    byline: row.byline,
    status: row.status,
    publishedAt: toIsoOrNull(row.publishedAt),
    leadImage: row.leadImageId === null ? null : (imageKeys.get(row.leadImageId) ?? row.leadImageId),
    body,
    // With their ids and times: a load of the export gives the same notices (see BundleArticle.corrections).
    corrections: toCorrections(row.corrections),
  };
}

/**
 * The content as a bundle, written incrementally from the reader's rows (opened when the first chunk is asked
 * for, closed after the last or on error): memory holds one chunk of output and the id → key maps of images and
 * quotes (articles name them by key), never the whole bundle. Images and quotes made through the API have no key:
 * their id is their key in the bundle, and a load of the bundle into the same database finds them by it. The same
 * bytes whichever engine the reader reads.
 */
export async function* exportChunks(
  open: () => ExportReader | Promise<ExportReader>,
  onFile: (fileName: string) => void = () => {},
): AsyncGenerator<string> {
  const reader = await open();
  try {
    let out = '{\n';
    const section = async function* <Row>(
      name: string,
      rows: Rows<Row>,
      render: (row: Row) => object,
      last: boolean,
    ): AsyncGenerator<string> {
      out += `  "${name}": [`;
      let first = true;
      for await (const row of rows) {
        out += `${first ? '\n' : ',\n'}${itemText(render(row))}`;
        first = false;
        if (out.length >= CHUNK) {
          yield out;
          out = '';
        }
      }
      out += `${first ? '' : '\n  '}]${last ? '\n' : ',\n'}`;
    };

    const imageKeys = new Map<string, string>();
    yield* section(
      'images',
      reader.images(),
      (row: ExportImageRow) => {
        const key = row.key ?? row.id;
        imageKeys.set(row.id, key);
        if (row.fileName !== null) onFile(row.fileName);
        return imageItem(row, key);
      },
      false,
    );
    const quoteKeys = new Map<string, string>();
    yield* section(
      'quotes',
      reader.quotes(),
      (row: ExportQuoteRow) => {
        const key = row.key ?? row.id;
        quoteKeys.set(row.id, key);
        return quoteItem(row, key);
      },
      false,
    );
    yield* section(
      'articles',
      reader.articles(),
      (row: ExportArticleRow) => articleItem(row, imageKeys, quoteKeys),
      true,
    );
    yield `${out}}\n`;
  } finally {
    await reader.close();
  }
}

/** The export of a reader as a byte stream (back-pressured: rows are read as fast as the client takes them). */
export function exportReaderStream(
  open: () => ExportReader | Promise<ExportReader>,
  onFile?: (fileName: string) => void,
): Readable {
  return Readable.from(exportChunks(open, onFile), { objectMode: false });
}

/** The export of the SQLite database in `databaseFile`, read on a connection of its own (export.repository.ts). */
export function exportStream(databaseFile: string, query: ExportQuery, onFile?: (fileName: string) => void): Readable {
  return exportReaderStream(() => openExportReader(databaseFile, query), onFile);
}
