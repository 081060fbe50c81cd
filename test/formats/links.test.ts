// Contract: every link in the news formats is absolute; an article's page address comes from ARTICLE_URL with its
// placeholders, and URLs of this API's own resources start with PUBLIC_URL (or the request's own scheme and host).
import { describe, expect, it } from 'vitest';
import { absoluteUrl, articlePageUrl } from '../../src/formats/links.js';

const article = {
  id: '01JH0000000000000000000000',
  slug: 'kursk-troops',
  section: 'news',
  publishedAt: '2025-01-09T23:30:00.000Z',
  createdAt: '2024-12-31T10:00:00.000Z',
};
const site = { siteUrl: 'https://news.example.com' };

describe('articlePageUrl', () => {
  it('fills the default template from the site URL and slug', () => {
    expect(articlePageUrl({ ...site, articleUrl: '{siteUrl}/{slug}' }, article)).toBe(
      'https://news.example.com/kursk-troops',
    );
  });

  it('fills the date placeholders in UTC from publishedAt, or createdAt when there is none', () => {
    const articleUrl = '{siteUrl}/{section}/{yyyy}/{mm}/{dd}/{id}';
    expect(articlePageUrl({ ...site, articleUrl }, article)).toBe(
      'https://news.example.com/news/2025/01/09/01JH0000000000000000000000',
    );
    expect(articlePageUrl({ ...site, articleUrl }, { ...article, publishedAt: null })).toBe(
      'https://news.example.com/news/2024/12/31/01JH0000000000000000000000',
    );
  });

  it('leaves {section} empty for an article without one and folds the // that leaves in the path', () => {
    expect(articlePageUrl({ ...site, articleUrl: '{siteUrl}/{section}/{slug}' }, { ...article, section: null })).toBe(
      'https://news.example.com/kursk-troops',
    );
  });

  it('escapes a section that is not URL-safe and takes a template with its own host', () => {
    expect(
      articlePageUrl(
        { ...site, articleUrl: 'https://www.example.org/{section}/{slug}.html' },
        { ...article, section: 'world news' },
      ),
    ).toBe('https://www.example.org/world%20news/kursk-troops.html');
  });
});

describe('absoluteUrl', () => {
  it('prefixes an API path and keeps an absolute URL', () => {
    expect(absoluteUrl('https://api.example.com', '/media/a.jpg')).toBe('https://api.example.com/media/a.jpg');
    expect(absoluteUrl('https://api.example.com', 'https://cdn.example.com/b.jpg')).toBe(
      'https://cdn.example.com/b.jpg',
    );
  });
});
