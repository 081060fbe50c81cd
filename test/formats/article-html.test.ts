// Contract: the formats carry an article's full body as HTML (feeds, ninjs) or plain text (JSON-LD), escaped, with
// images at absolute URLs and quotes attributed.
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/articles.schemas.js';
import { bodyHtml, bodyText, escapeHtml } from '../../src/formats/article-html.js';

const image = {
  id: 'IMG',
  url: '/media/abc.jpg',
  sourceUrl: null,
  altText: 'Soldiers "on" a <road>',
  caption: 'Kursk & around',
  credit: 'AP',
  creator: null,
  copyrightNotice: null,
  focalPoint: null,
  width: 800,
  height: 600,
  mimeType: 'image/jpeg',
  bytes: 1000,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};
const quote = {
  id: 'Q',
  text: 'We will <not> stop',
  speaker: 'Volodymyr Zelensky',
  speakerRole: 'President of Ukraine',
  organisation: null,
  channel: 'Telegram',
  sourceUrl: null,
  saidAt: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};
const body = [
  { type: 'heading', text: 'Über Kursk' },
  { type: 'paragraph', text: 'Line one\nline two & more' },
  { type: 'paragraph', text: '' },
  { type: 'image', imageId: 'IMG', image },
  { type: 'quote', quoteId: 'Q', quote },
  { type: 'paragraph', text: 'Курск — 최전선' },
] as unknown as Article['body'];

describe('bodyHtml', () => {
  it('renders every block, escaped, with absolute image URLs and attributed quotes', () => {
    expect(bodyHtml(body, 'https://api.example.com').split('\n')).toEqual([
      '<h2>Über Kursk</h2>',
      '<p>Line one<br>line two &amp; more</p>',
      '<figure><img src="https://api.example.com/media/abc.jpg" alt="Soldiers &quot;on&quot; a &lt;road&gt;" width="800" height="600"><figcaption>Kursk &amp; around AP</figcaption></figure>',
      '<blockquote><p>We will &lt;not&gt; stop</p><footer>Volodymyr Zelensky, President of Ukraine</footer></blockquote>',
      '<p>Курск — 최전선</p>',
    ]);
  });
});

describe('bodyText', () => {
  it('keeps text blocks and quotes, drops pictures', () => {
    expect(bodyText(body)).toBe(
      'Über Kursk\n\nLine one\nline two & more\n\n“We will <not> stop” (Volodymyr Zelensky, President of Ukraine)\n\nКурск — 최전선',
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
