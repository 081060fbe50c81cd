import { crc32 } from 'node:zlib';
import type { PictureFormat } from './media.formats.js';

// Location metadata is removed IN PLACE: GPS values and entries are overwritten with zeros (EXIF) or spaces (XMP),
// so no offset, length or pixel of the file moves and a picture without location stays byte for byte the same.
// Re-encoding would be simpler but would change every picture (and lose quality); cutting the segments out would
// lose orientation, copyright and camera data that newsrooms rely on.

type Range = [start: number, end: number];

const GPS_IFD_POINTER = 0x8825;
const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');
/** Bytes per value of each TIFF field type (1 BYTE … 13 IFD). */
const TYPE_SIZES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
};

class Tiff {
  private constructor(
    private readonly buf: Buffer,
    private readonly start: number,
    private readonly end: number,
    private readonly le: boolean,
  ) {}

  /** A TIFF structure (an EXIF block) between start and end, or null when it is not one. */
  static open(buf: Buffer, start: number, end: number): Tiff | null {
    if (start < 0 || end > buf.length || end - start < 8) return null;
    const order = buf.toString('latin1', start, start + 2);
    if (order !== 'II' && order !== 'MM') return null;
    const tiff = new Tiff(buf, start, end, order === 'II');
    return tiff.u16(2) === 42 ? tiff : null;
  }

  private fits(offset: number, size: number): boolean {
    return offset >= 0 && size >= 0 && this.start + offset + size <= this.end;
  }

  u16(offset: number): number | null {
    if (!this.fits(offset, 2)) return null;
    const at = this.start + offset;
    return this.le ? this.buf.readUInt16LE(at) : this.buf.readUInt16BE(at);
  }

  u32(offset: number): number | null {
    if (!this.fits(offset, 4)) return null;
    const at = this.start + offset;
    return this.le ? this.buf.readUInt32LE(at) : this.buf.readUInt32BE(at);
  }

  /**
   * Offsets of the GPS IFDs that IFD0 and the IFDs chained after it point to; null when IFD0 itself cannot be
   * read. A broken link further down only ends the walk: no reader could follow it to a location either.
   */
  gpsIfds(): number[] | null {
    const found: number[] = [];
    const seen = new Set<number>();
    let ifd = this.u32(4);
    while (ifd !== null && ifd !== 0 && !seen.has(ifd) && seen.size < 4) {
      const count = this.u16(ifd);
      if (count === null || !this.fits(ifd + 2, count * 12 + 4)) return seen.size === 0 ? null : found;
      seen.add(ifd);
      for (let i = 0; i < count; i++) {
        const entry = ifd + 2 + i * 12;
        if (this.u16(entry) !== GPS_IFD_POINTER) continue;
        const pointer = this.u32(entry + 8);
        if (pointer !== null && this.u16(pointer) !== null) found.push(pointer);
      }
      ifd = this.u32(ifd + 2 + count * 12);
    }
    return seen.size === 0 && ifd !== 0 ? null : found;
  }

  entryCount(ifd: number): number {
    return this.u16(ifd) ?? 0;
  }

  /** Zeroes a GPS IFD's out-of-line values, its entries and its count: an empty IFD is left, pointers stay valid. */
  blankIfd(ifd: number, changed: Range[]): void {
    const count = this.entryCount(ifd);
    if (count === 0) return;
    const entries = Math.min(count, Math.floor((this.end - this.start - ifd - 2) / 12));
    for (let i = 0; i < entries; i++) {
      const entry = ifd + 2 + i * 12;
      const size = (TYPE_SIZES[this.u16(entry + 2) ?? 0] ?? 1) * (this.u32(entry + 4) ?? 0);
      const valueAt = this.u32(entry + 8);
      if (size > 4 && valueAt !== null && this.fits(valueAt, size)) this.zero(valueAt, size, changed);
    }
    const tableEnd = Math.min(ifd + 2 + count * 12 + 4, this.end - this.start);
    this.zero(ifd, tableEnd - ifd, changed);
  }

  /** Zeroes the whole block: for EXIF too broken to read, where GPS could hide where no parser looks. */
  blankAll(changed: Range[]): void {
    this.zero(0, this.end - this.start, changed);
  }

  private zero(offset: number, size: number, changed: Range[]): void {
    const from = this.start + offset;
    this.buf.fill(0, from, from + size);
    changed.push([from, from + size]);
  }
}

/** Removes GPS from the EXIF (TIFF) block between start and end; a block that cannot be read is blanked. */
function scrubExif(buf: Buffer, start: number, end: number, changed: Range[]): void {
  if (buf.subarray(start, start + 6).equals(EXIF_HEADER)) start += 6;
  if (end - start < 8) return;
  const tiff = Tiff.open(buf, start, end);
  const ifds = tiff?.gpsIfds();
  if (!tiff || !ifds) {
    // Not TIFF at all: nothing a reader could take a location from. TIFF whose IFD0 cannot be read: blanked, as
    // nothing in it is readable anyway and another reader might be more lenient.
    if (tiff) tiff.blankAll(changed);
    return;
  }
  for (const ifd of ifds) tiff.blankIfd(ifd, changed);
}

/** True when an EXIF block (as sharp's metadata().exif gives it, with or without `Exif\0\0`) holds GPS entries. */
export function exifHasGps(exif: Buffer | undefined): boolean {
  if (!exif || exif.length < 8) return false;
  const start = exif.subarray(0, 6).equals(EXIF_HEADER) ? 6 : 0;
  const tiff = Tiff.open(exif, start, exif.length);
  if (!tiff) return false;
  const ifds = tiff.gpsIfds();
  // A structure that cannot be walked may still hide GPS from this parser: count it as present.
  if (ifds === null) return true;
  return ifds.some((ifd) => tiff.entryCount(ifd) > 0);
}

function scrubJpeg(buf: Buffer, changed: Range[]): void {
  let pos = 2;
  while (pos + 4 <= buf.length && buf[pos] === 0xff) {
    const marker = buf[pos + 1]!;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return; // start of scan / end of image: no metadata after this
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    const end = pos + 2 + buf.readUInt16BE(pos + 2);
    if (end > buf.length) return;
    if (marker === 0xe1 && buf.subarray(pos + 4, pos + 10).equals(EXIF_HEADER)) scrubExif(buf, pos + 4, end, changed);
    pos = end;
  }
}

function scrubPng(buf: Buffer, changed: Range[]): Range[] {
  const chunks: Range[] = [];
  let pos = 8;
  while (pos + 12 <= buf.length) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const end = pos + 12 + length;
    if (end > buf.length) break;
    chunks.push([pos, end]);
    if (type === 'eXIf') scrubExif(buf, pos + 8, pos + 8 + length, changed);
    if (type === 'IEND') break;
    pos = end;
  }
  return chunks;
}

/** A PNG chunk carries a CRC of its type and data: recompute it for each chunk an edit touched. */
function fixPngCrcs(buf: Buffer, chunks: Range[], changed: Range[]): void {
  for (const [start, end] of chunks) {
    if (!changed.some(([from, to]) => from < end && to > start)) continue;
    buf.writeUInt32BE(crc32(buf.subarray(start + 4, end - 4)) >>> 0, end - 4);
  }
}

function scrubWebp(buf: Buffer, changed: Range[]): void {
  let pos = 12;
  while (pos + 8 <= buf.length) {
    const type = buf.toString('latin1', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const end = pos + 8 + size;
    if (end > buf.length) return;
    if (type === 'EXIF') scrubExif(buf, pos + 8, end, changed);
    pos = end + (size % 2);
  }
}

type Box = { type: string; start: number; body: number; end: number };

function* boxes(buf: Buffer, from: number, to: number): Generator<Box> {
  let pos = from;
  while (pos + 8 <= to) {
    let size = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    let body = pos + 8;
    if (size === 1) {
      if (pos + 16 > to) return;
      size = Number(buf.readBigUInt64BE(pos + 8));
      body = pos + 16;
    } else if (size === 0) {
      size = to - pos;
    }
    const end = pos + size;
    if (size < 8 || end > to) return;
    yield { type, start: pos, body, end };
    pos = end;
  }
}

function readSized(buf: Buffer, at: number, size: number): number {
  if (size === 0) return 0;
  if (size === 4) return buf.readUInt32BE(at);
  if (size === 8) return Number(buf.readBigUInt64BE(at));
  throw new RangeError(`unsupported field size ${size}`);
}

/** AVIF (ISOBMFF/HEIF): the EXIF is an item of type `Exif` that `iloc` places in the file or in `idat`. */
function scrubAvif(buf: Buffer, changed: Range[]): void {
  const meta = [...boxes(buf, 0, buf.length)].find((box) => box.type === 'meta');
  if (!meta) return;
  const children = [...boxes(buf, meta.body + 4, meta.end)];
  const exifItems = new Set<number>();
  const iinf = children.find((box) => box.type === 'iinf');
  if (iinf) {
    const version = buf[iinf.body]!;
    const first = iinf.body + 4 + (version === 0 ? 2 : 4);
    for (const infe of boxes(buf, first, iinf.end)) {
      const infeVersion = buf[infe.body]!;
      if (infe.type !== 'infe' || infeVersion < 2) continue;
      const idSize = infeVersion === 2 ? 2 : 4;
      const id = idSize === 2 ? buf.readUInt16BE(infe.body + 4) : buf.readUInt32BE(infe.body + 4);
      const typeAt = infe.body + 4 + idSize + 2;
      if (buf.toString('latin1', typeAt, typeAt + 4) === 'Exif') exifItems.add(id);
    }
  }
  const iloc = children.find((box) => box.type === 'iloc');
  if (exifItems.size === 0 || !iloc) return;
  const idat = children.find((box) => box.type === 'idat');
  const version = buf[iloc.body]!;
  let pos = iloc.body + 4;
  const offsetSize = buf[pos]! >> 4;
  const lengthSize = buf[pos]! & 15;
  const baseOffsetSize = buf[pos + 1]! >> 4;
  const indexSize = version === 1 || version === 2 ? buf[pos + 1]! & 15 : 0;
  pos += 2;
  const itemCount = version < 2 ? buf.readUInt16BE(pos) : buf.readUInt32BE(pos);
  pos += version < 2 ? 2 : 4;
  for (let i = 0; i < itemCount && pos < iloc.end; i++) {
    const id = version < 2 ? buf.readUInt16BE(pos) : buf.readUInt32BE(pos);
    pos += version < 2 ? 2 : 4;
    let method = 0;
    if (version === 1 || version === 2) {
      method = buf.readUInt16BE(pos) & 15;
      pos += 2;
    }
    pos += 2; // data_reference_index
    const baseOffset = readSized(buf, pos, baseOffsetSize);
    pos += baseOffsetSize;
    const extentCount = buf.readUInt16BE(pos);
    pos += 2;
    for (let e = 0; e < extentCount; e++) {
      pos += indexSize;
      const extentOffset = readSized(buf, pos, offsetSize);
      pos += offsetSize;
      const extentLength = readSized(buf, pos, lengthSize);
      pos += lengthSize;
      if (!exifItems.has(id) || extentCount !== 1 || method > 1 || (method === 1 && !idat)) continue;
      const origin = method === 1 && idat ? idat.body : 0;
      const start = origin + baseOffset + extentOffset;
      const end = extentLength === 0 ? buf.length : start + extentLength;
      if (start + 4 > end || end > buf.length) continue;
      // The item starts with the offset of the TIFF header from just after this 4-byte field.
      scrubExif(buf, start + 4 + buf.readUInt32BE(start), end, changed);
    }
  }
}

const XMP_START = Buffer.from('<x:xmpmeta', 'latin1');
const XMP_END = Buffer.from('</x:xmpmeta>', 'latin1');
const XMP_GPS_ATTRIBUTE = /(?<=\s)[\w.-]+:GPS[A-Za-z]+\s*=\s*("[^"]*"|'[^']*')/g;
const XMP_GPS_ELEMENT = /<([\w.-]+:GPS[A-Za-z]+)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1\s*>)/g;

/** XMP (what Lightroom and Photoshop write) repeats EXIF GPS as `exif:GPSLatitude`: blanked with spaces. */
function scrubXmp(buf: Buffer, changed: Range[]): void {
  let from = 0;
  for (;;) {
    const start = buf.indexOf(XMP_START, from);
    if (start < 0) return;
    const close = buf.indexOf(XMP_END, start);
    if (close < 0) return;
    const end = close + XMP_END.length;
    // latin1: one character per byte, so a replacement of equal length keeps every offset.
    const text = buf.toString('latin1', start, end);
    const blank = (match: string) => ' '.repeat(match.length);
    const scrubbed = text.replace(XMP_GPS_ELEMENT, blank).replace(XMP_GPS_ATTRIBUTE, blank);
    if (scrubbed !== text) {
      buf.write(scrubbed, start, 'latin1');
      changed.push([start, end]);
    }
    from = end;
  }
}

/**
 * Removes location metadata (EXIF GPS, and its XMP copy) from a picture, in place. Returns true when a byte
 * changed. Parsing is defensive: a structure it cannot follow is left for the caller's check (exifHasGps on
 * what the decoder reads), never a thrown error.
 */
export function removeLocation(buf: Buffer, format: PictureFormat): boolean {
  const changed: Range[] = [];
  try {
    if (format === 'jpeg') scrubJpeg(buf, changed);
    else if (format === 'webp') scrubWebp(buf, changed);
    else if (format === 'avif') scrubAvif(buf, changed);
    scrubXmp(buf, changed);
    if (format === 'png') {
      const chunks = scrubPng(buf, changed);
      if (changed.length > 0) fixPngCrcs(buf, chunks, changed);
    }
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // A truncated box or segment: what was scrubbed stays scrubbed; the caller's check decides.
  }
  return changed.length > 0;
}
