// Contract: every package `npm ci` installs accepts every Node.js version package.json's `engines` allows (from its
// lowest), so a clean install on a supported Node prints no EBADENGINE warning.
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../server/child-server.js';

type LockedPackage = { version?: string; engines?: { node?: string } | string[] };

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};

describe('engines', () => {
  const supported = manifest.engines.node;
  const lowest = semver.minVersion(supported)?.version;

  it('package.json names a Node.js range this Node.js is in', () => {
    expect(lowest).toBeTruthy();
    expect(semver.satisfies(process.version, supported), `${process.version} vs ${supported}`).toBe(true);
  });

  it('every locked package accepts the lowest supported Node.js and this one', () => {
    const refused: string[] = [];
    for (const [where, locked] of Object.entries(lock.packages)) {
      // NOTE: old packages wrote engines as an array of strings, which npm ignores.
      const range = Array.isArray(locked.engines) ? undefined : locked.engines?.node;
      if (where === '' || range === undefined) continue;
      for (const node of [lowest!, process.version]) {
        if (!semver.satisfies(node, range)) refused.push(`${where}@${locked.version} wants node ${range}, not ${node}`);
      }
    }
    expect(refused).toEqual([]);
  });
});
