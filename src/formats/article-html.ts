import type { Article, Block } from '../articles/articles.schemas.js';
import { absoluteUrl } from './links.js';

// The article body as the news formats carry it: HTML for feeds' `content:encoded`/`content_html` and ninjs'
// `bodies`, plain text for JSON-LD's `articleBody`. Built from the resolved blocks of the single read, so an
// image or quote block shows what the image or quote says now.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** Paragraph text keeps its line breaks as <br>: an editor's line break inside a paragraph is meaningful. */
function inlineText(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

/** "Speaker, role, organisation" with the parts a quote has. */
export function attribution(quote: {
  speaker: string;
  speakerRole: string | null;
  organisation: string | null;
}): string {
  return [quote.speaker, quote.speakerRole, quote.organisation].filter(Boolean).join(', ');
}

function blockHtml(block: Block, mediaBase: string): string {
  switch (block.type) {
    case 'paragraph':
      return block.text === '' ? '' : `<p>${inlineText(block.text)}</p>`;
    case 'heading':
      return `<h2>${escapeHtml(block.text)}</h2>`;
    case 'image': {
      const { image } = block;
      const caption = [image.caption, image.credit].filter(Boolean).map((part) => escapeHtml(part as string));
      const size = image.width && image.height ? ` width="${image.width}" height="${image.height}"` : '';
      const img = `<img src="${escapeHtml(absoluteUrl(mediaBase, image.url))}" alt="${escapeHtml(image.altText)}"${size}>`;
      return `<figure>${img}${caption.length ? `<figcaption>${caption.join(' ')}</figcaption>` : ''}</figure>`;
    }
    case 'quote':
      return `<blockquote><p>${inlineText(block.quote.text)}</p><footer>${escapeHtml(attribution(block.quote))}</footer></blockquote>`;
  }
}

/**
 * The body as an HTML fragment: `<p>`, `<h2>`, `<figure>` with the image's absolute URL, alt text, caption and
 * credit, and `<blockquote>` with the quote's attribution. `mediaBase` makes this API's own image URLs absolute.
 */
export function bodyHtml(body: Article['body'], mediaBase: string): string {
  return body
    .map((block) => blockHtml(block, mediaBase))
    .filter(Boolean)
    .join('\n');
}

/** The body as plain text: one paragraph a line group, quotes in quotation marks with their attribution. */
export function bodyText(body: Article['body']): string {
  return body
    .map((block) => {
      switch (block.type) {
        case 'paragraph':
        case 'heading':
          return block.text;
        case 'quote':
          return `“${block.quote.text}” (${attribution(block.quote)})`;
        default:
          return '';
      }
    })
    .filter(Boolean)
    .join('\n\n');
}
