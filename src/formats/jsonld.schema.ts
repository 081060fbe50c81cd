import { z } from 'zod';

// The shape of the schema.org NewsArticle document GET /v1/articles/{id}/jsonld answers, for the OpenAPI document
// and the response check. jsonld.ts builds it with schema-dts' types (so a property schema.org does not have does
// not compile); this schema says which of them this API emits. Absent values are left out, never null.

const person = (description: string) =>
  z.object({ '@type': z.literal('Person'), name: z.string() }).meta({ description });

const organization = z.object({ '@type': z.literal('Organization'), name: z.string() });

const pixels = z
  .object({
    '@type': z.literal('QuantitativeValue'),
    value: z.number().int(),
    unitCode: z.literal('E37'),
    unitText: z.literal('px'),
  })
  .meta({
    id: 'JsonLdPixels',
    description: 'A size in pixels (schema.org takes a QuantitativeValue here, not a bare number; E37 is pixel).',
  });

const imageObject = z
  .object({
    '@type': z.literal('ImageObject'),
    url: z.string().meta({ description: 'Absolute: a crop rendition of this API, or an external picture as it is.' }),
    width: pixels.optional(),
    height: pixels.optional(),
    caption: z.string().optional(),
    creditText: z.string().optional(),
    creator: person('The photographer (the image’s `creator`).').optional(),
    copyrightNotice: z.string().optional(),
  })
  .meta({ id: 'JsonLdImageObject' });

const speaker = z
  .union([
    z.object({
      '@type': z.literal('Person'),
      name: z.string(),
      jobTitle: z.string().optional().meta({ description: 'The quote’s `speakerRole`.' }),
      affiliation: organization.optional().meta({ description: 'The quote’s `organisation`.' }),
    }),
    z.object({
      '@type': z.literal('Organization'),
      name: z.string(),
      description: z.string().optional().meta({ description: 'The quote’s `speakerRole`.' }),
      parentOrganization: organization.optional().meta({ description: 'The quote’s `organisation`.' }),
    }),
  ])
  .meta({ description: 'A `Person`, or an `Organization` for a quote whose `speakerType` is `organisation`.' });

const quotation = z
  .object({
    '@type': z.literal('Quotation'),
    text: z.string(),
    spokenByCharacter: speaker,
    isBasedOn: z.string().optional().meta({ description: 'The quote’s `sourceUrl`.' }),
    dateCreated: z.string().optional().meta({ description: 'The quote’s `saidAt`.' }),
  })
  .meta({ id: 'JsonLdQuotation' });

const correctionComment = z
  .object({ '@type': z.literal('CorrectionComment'), text: z.string(), datePublished: z.string() })
  .meta({ id: 'JsonLdCorrectionComment' });

export const newsArticleJsonLd = z
  .object({
    '@context': z.literal('https://schema.org'),
    '@type': z.literal('NewsArticle'),
    '@id': z.string().meta({ description: 'The article page’s URL (from ARTICLE_URL).' }),
    url: z.string(),
    mainEntityOfPage: z.string(),
    headline: z.string(),
    description: z.string().optional().meta({ description: 'The standfirst.' }),
    inLanguage: z.string().meta({ description: 'SITE_LANGUAGE.' }),
    image: z.array(imageObject).optional().meta({
      description:
        'The lead image: for an upload of known size, its 16x9, 4x3 and 1x1 crops (1,200 px wide, or the largest crop of that shape the original holds); for an external picture (`sourceUrl`), which this API cannot crop, that picture alone.',
    }),
    datePublished: z.string().optional().meta({ description: 'Absent for an article never published.' }),
    dateModified: z.string(),
    author: z
      .array(person('The byline as written (the CMS does not know whether it names a person or an agency).'))
      .optional(),
    articleSection: z.string().optional(),
    keywords: z.array(z.string()).optional().meta({ description: 'The tags.' }),
    articleBody: z.string().meta({ description: 'The body as plain text.' }),
    publisher: organization.extend({ url: z.string() }).meta({ description: 'SITE_NAME and SITE_URL.' }),
    correction: z.array(correctionComment).optional().meta({ description: 'The correction notices, oldest first.' }),
    citation: z
      .array(quotation)
      .optional()
      .meta({ description: 'One Quotation per quote in the body, in the order of its first block.' }),
  })
  .meta({
    id: 'NewsArticleJsonLd',
    description: 'The article as a schema.org NewsArticle (JSON-LD), as Google’s article rich results read it.',
  });

export type NewsArticleJsonLd = z.infer<typeof newsArticleJsonLd>;
