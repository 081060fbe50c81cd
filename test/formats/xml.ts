import { XMLParser } from 'fast-xml-parser';

// NOTE: `isArray` for the repeated sitemap elements, so that a single entry still parses as a list; values kept as
// text (no number guessing).
const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['url', 'sitemap', 'image:image'].includes(name),
});

/** An XML document as an object (attributes as `@_name`), by a real parser. */
export const parseXml = (text: string) => parser.parse(text);
