// Contract: location metadata (EXIF GPS and its XMP copy) is removed in place, leaving every other byte, the
// pixels and the file's validity as they were; a picture without location is not touched at all.
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { exifHasGps, removeLocation } from '../../src/media/location-metadata.js';
import { GPS_MARKER, makePicture } from '../images/pictures.js';

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 exif:GPSLatitude="50,45.0N" exif:GPSLongitude='35,12.0E' dc:format="image/jpeg">
<exif:GPSAltitude>120/1</exif:GPSAltitude><dc:creator>Jane</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`;

/** A JPEG with an XMP APP1 segment inserted after SOI. */
function withXmp(jpeg: Buffer): Buffer {
  const payload = Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(XMP, 'latin1')]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

function pngChunksValid(png: Buffer): boolean {
  let pos = 8;
  while (pos + 12 <= png.length) {
    const length = png.readUInt32BE(pos);
    const stored = png.readUInt32BE(pos + 8 + length);
    if (crc32(png.subarray(pos + 4, pos + 8 + length)) >>> 0 !== stored) return false;
    pos += 12 + length;
  }
  return true;
}

describe('removeLocation', () => {
  it.each(['jpeg', 'png', 'webp', 'avif'] as const)('blanks EXIF GPS in a %s, in place', async (format) => {
    const original = await makePicture(format, { gps: true, width: 64, height: 48 });
    expect(exifHasGps((await sharp(original).metadata()).exif)).toBe(true);
    const cleaned = Buffer.from(original);
    expect(removeLocation(cleaned, format)).toBe(true);
    expect(cleaned.length).toBe(original.length);
    expect(cleaned.includes(GPS_MARKER)).toBe(false);
    const meta = await sharp(cleaned).metadata();
    expect(exifHasGps(meta.exif)).toBe(false);
    expect(meta.exif?.includes('Newsroom test')).toBe(true);
    expect((await sharp(cleaned).raw().toBuffer()).equals(await sharp(original).raw().toBuffer())).toBe(true);
    if (format === 'png') expect(pngChunksValid(cleaned)).toBe(true);
  });

  it.each(['jpeg', 'png', 'webp', 'gif', 'avif'] as const)('leaves a %s without location untouched', async (format) => {
    const original = await makePicture(format, { exif: format !== 'gif', width: 64, height: 48 });
    const copy = Buffer.from(original);
    expect(removeLocation(copy, format)).toBe(false);
    expect(copy.equals(original)).toBe(true);
  });

  it('blanks the XMP copy of the location and keeps the rest of the XMP', async () => {
    const original = withXmp(await makePicture('jpeg', { width: 64, height: 48 }));
    const cleaned = Buffer.from(original);
    expect(removeLocation(cleaned, 'jpeg')).toBe(true);
    const text = cleaned.toString('latin1');
    expect(text).not.toMatch(/GPS/);
    expect(text).toContain('<dc:creator>Jane</dc:creator>');
    expect(text).toContain('dc:format="image/jpeg"');
    expect(cleaned.length).toBe(original.length);
    expect((await sharp(cleaned).metadata()).width).toBe(64);
  });

  it('never throws on damaged input', () => {
    const junk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]), Buffer.from('Exif\0\0MM\0*')]);
    for (const format of ['jpeg', 'png', 'webp', 'avif', 'gif'] as const) {
      expect(() => removeLocation(Buffer.from(junk), format)).not.toThrow();
      expect(() => removeLocation(Buffer.alloc(3), format)).not.toThrow();
    }
  });

  it('exifHasGps reads EXIF with or without its Exif header, and counts unreadable IFD0 as present', async () => {
    const { exif } = await sharp(await makePicture('jpeg', { gps: true })).metadata();
    expect(exifHasGps(exif)).toBe(true);
    expect(exifHasGps(exif!.subarray(6))).toBe(true);
    expect(exifHasGps(undefined)).toBe(false);
    const broken = Buffer.from('MM\0*\xff\xff\xff\xff', 'latin1');
    expect(exifHasGps(broken)).toBe(true);
  });
});
