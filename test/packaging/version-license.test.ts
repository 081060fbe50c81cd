// Contract: one version, package.json's, wherever the product shows one (the OpenAPI document, /health, the
// User-Agent of outbound requests), and one license, MIT, in LICENSE, package.json and the OpenAPI document; the
// changelog has an entry for the version package.json names.
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { appVersion, userAgent } from '../../src/version.js';
import { json, useApp } from '../helpers/app.js';
import { ROOT } from '../server/child-server.js';

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  license: string;
};
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('the version', () => {
  const ctx = useApp();

  it('is a semantic version, read from package.json', () => {
    expect(semver.valid(manifest.version)).toBe(manifest.version);
    expect(semver.major(manifest.version)).toBeGreaterThanOrEqual(1);
    expect(appVersion).toBe(manifest.version);
  });

  it('names outbound requests: User-Agent newsroom-cms/<version>', () => {
    expect(manifest.name).toBe('newsroom-cms');
    expect(userAgent).toBe(`newsroom-cms/${manifest.version}`);
  });

  it('is the OpenAPI document info.version', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(json<{ info: { version: string } }>(res).info.version).toBe(manifest.version);
  });

  it('is reported by /health', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'ok', version: manifest.version });
  });

  it('has its entry in CHANGELOG.md, below an Unreleased section', () => {
    const changelog = read('CHANGELOG.md');
    expect(changelog).toMatch(/^# Changelog\n/);
    expect(changelog).toContain('https://keepachangelog.com/en/1.1.0/');
    const headings = [...changelog.matchAll(/^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/gm)].map((m) => ({
      version: m[1]!,
      date: m[2],
    }));
    expect(headings[0]).toEqual({ version: 'Unreleased', date: undefined });
    // Then the releases, newest first, each a semantic version with its date; package.json's among them.
    const released = headings.slice(1);
    expect(released.map((r) => r.version)).toContain(manifest.version);
    for (const { version, date } of released) {
      expect(semver.valid(version), version).toBe(version);
      expect(date, version).toBeDefined();
    }
    const versions = released.map((r) => r.version);
    expect(versions).toEqual([...versions].sort(semver.rcompare));
  });
});

describe('the license', () => {
  const ctx = useApp();

  it('is MIT in LICENSE and package.json', () => {
    expect(manifest.license).toBe('MIT');
    const license = read('LICENSE');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the Newsroom CMS authors\n/);
    expect(license).toContain('Permission is hereby granted, free of charge, to any person obtaining a copy');
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  it('is in the OpenAPI document info', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(json<{ info: { license: unknown } }>(res).info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
  });
});
