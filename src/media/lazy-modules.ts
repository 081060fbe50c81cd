import type SharpModule from 'sharp';

// NOTE: sharp (libvips, ~120 ms to load) and file-type (~60 ms) are loaded when the first picture needs them, not
// at start: they were a fifth of a cold start, and a server answers JSON long before its first upload or
// rendition. server.ts loads them shortly after listening (warmPictureModules), so that a broken native install
// is logged then rather than at the first upload.

type Sharp = typeof SharpModule;
type FileType = typeof import('file-type');

let sharp: Promise<Sharp> | undefined;
let fileType: Promise<FileType> | undefined;

export function loadSharp(): Promise<Sharp> {
  sharp ??= import('sharp').then((module) => module.default);
  return sharp;
}

export function loadFileType(): Promise<FileType> {
  fileType ??= import('file-type');
  return fileType;
}

export async function warmPictureModules(): Promise<void> {
  await Promise.all([loadSharp(), loadFileType()]);
}
