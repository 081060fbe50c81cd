import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The product's one version, package.json's, for everything that shows one: the OpenAPI document's info.version,
// /health, and the User-Agent of outbound requests. CHANGELOG.md records what each version changed.

type Manifest = { name: string; version: string };

/**
 * package.json of this project: the nearest one above this file that is named newsroom-cms. NOTE: read at run time
 * rather than imported, so that the compiled build (dist/src/version.js, next to package.json in the Docker image)
 * reads the same file as the sources do.
 */
function readManifest(): Manifest {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Manifest>;
      if (manifest.name === 'newsroom-cms' && typeof manifest.version === 'string') return manifest as Manifest;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json of newsroom-cms not found above src/version');
    dir = parent;
  }
}

const manifest = readManifest();

/** The version in package.json: semantic versioning, 1.0.0 being the contract's version 1. */
export const appVersion: string = manifest.version;

/** The User-Agent header of the requests the server makes to other systems, such as webhook deliveries. */
export const userAgent = `${manifest.name}/${appVersion}`;
