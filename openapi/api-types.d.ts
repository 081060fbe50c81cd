export interface paths {
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The interactive API reference (Swagger UI)
         * @description A page that loads its scripts and styles from /docs/static and this document from /openapi.json.
         */
        get: operations["getReferencePage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs/static/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A script, style sheet or picture of the interactive reference
         * @description The files /docs loads, with ETag and Last-Modified for revalidation.
         */
        get: operations["getReferenceFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * A script, style sheet or picture of the interactive reference
         * @description The files /docs loads, with ETag and Last-Modified for revalidation.
         */
        head: operations["headReferenceFile"];
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness, and the version of the server */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/media/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An uploaded picture, or a rendition of it
         * @description The file at an image's `url`: the original as uploaded (location metadata removed), or with `width`, `height` and `format` a rendition (EXIF orientation applied, no metadata). `Cache-Control: public, max-age=31536000, immutable`, ETag, Last-Modified, HEAD and byte ranges. Renditions are made on first request and kept. A name that is not a stored picture, or the picture of a deleted image, is a 404. Needs no token; the Authorization header is ignored.
         */
        get: operations["getMediaFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * An uploaded picture, or a rendition of it
         * @description The file at an image's `url`: the original as uploaded (location metadata removed), or with `width`, `height` and `format` a rendition (EXIF orientation applied, no metadata). `Cache-Control: public, max-age=31536000, immutable`, ETag, Last-Modified, HEAD and byte ranges. Renditions are made on first request and kept. A name that is not a stored picture, or the picture of a deleted image, is a 404. Needs no token; the Authorization header is ignored.
         */
        head: operations["headMediaFile"];
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This OpenAPI document
         * @description What /docs shows, as JSON; also committed as `openapi/openapi.json`.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: every service this instance uses answers
         * @description The database, and Redis (`REDIS_URL`) and the media bucket (`S3_BUCKET`) when they are set. A 503 names the services that do not answer.
         */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/articles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List articles
         * @description The public list by default: published articles whose time has come, newest `publishedAt` first. With a token, `status` lists drafts, archived, scheduled or any. Items carry `leadImage`; `include=body` adds resolved bodies.
         */
        get: operations["listArticles"];
        put?: never;
        /**
         * Create an article
         * @description A draft by default. `status: published` without `publishedAt` publishes now; a future `publishedAt` schedules it. A block or `leadImageId` naming a missing image or quote is a 400; a given slug that is taken is a 409.
         */
        post: operations["createArticle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/articles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an article by id or slug, fully resolved
         * @description Everything a page needs in one response: the lead image and every image and quote block with the whole object it names. Drafts, archived and scheduled articles are 404 without a token.
         */
        get: operations["getArticle"];
        put?: never;
        post?: never;
        /**
         * Delete an article
         * @description Its images and quotes stay: they may be used elsewhere.
         */
        delete: operations["deleteArticle"];
        options?: never;
        head?: never;
        /**
         * Update an article
         * @description Partial update. Publishing sets `publishedAt` to now on the first publish when none is given and keeps it on a re-publish. Send `If-Match` to refuse a lost update (412).
         */
        patch: operations["updateArticle"];
        trace?: never;
    };
    "/v1/articles/{id}/corrections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a correction notice
         * @description Appends a notice to the article’s `corrections` (oldest first): a new revision, and a new `updatedAt` and ETag. Send `If-Match` to refuse a lost update (412).
         */
        post: operations["addCorrection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/articles/{id}/corrections/{correctionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a correction notice
         * @description A new revision without the notice (earlier revisions keep it). Answers with the article. A correction id of another article is a 404.
         */
        delete: operations["deleteCorrection"];
        options?: never;
        head?: never;
        /**
         * Change a correction notice
         * @description Fixes a notice’s text or type (its id and createdAt stay): a new revision. The values it already has change nothing (no revision). A correction id of another article is a 404.
         */
        patch: operations["updateCorrection"];
        trace?: never;
    };
    "/v1/articles/{id}/jsonld": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An article as schema.org NewsArticle JSON-LD
         * @description The article as a schema.org `NewsArticle` for search engines (Google's article rich results), ready to embed as it is in a page's JSON-LD script element (every `<` in it is written `\u003c`). The lead image comes as `ImageObject`s cropped to 16x9, 4x3 and 1x1, each 1,200 px wide or the largest crop of that shape the original holds (never upscaled; sizes as schema.org `QuantitativeValue`s in pixels); an external picture (`sourceUrl`), which this API does not hold and cannot crop, is given once, as it is. `author` is the byline as a `Person`, `publisher` the `SITE_NAME` `Organization`, `correction` the correction notices, and `citation` one `Quotation` per quote in the body, spoken by a `Person` (with `jobTitle` and `affiliation`) or, for a quote whose `speakerType` is `organisation`, an `Organization` (with `description` and `parentOrganization`). Without a token only a published article whose time has come is found (drafts, archived and scheduled articles are a 404); with a token an article of any status. Caching as for the single article read: an `ETag` (different from the JSON article’s, and changed by any change to the article or to an image or quote it shows), a 304 on `If-None-Match`, and the public read’s `Cache-Control` (`private, no-cache` with a token). Every URL is absolute: article pages from `ARTICLE_URL`, this API’s images from `PUBLIC_URL` (or the request’s own scheme and host).
         */
        get: operations["getArticleJsonLd"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/articles/{id}/ninjs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An article as an IPTC ninjs 3.1 news object
         * @description The article as IPTC ninjs 3.1 (News in JSON) for wire partners and archives, valid against IPTC's ninjs-schema_3.1.json. `uri` identifies the article by its address in this API (by id: a slug change does not move it); `headlines`, `descriptions` (the standfirst), `bodies` (HTML, role `main`), `by` (the byline), `firstCreated` (`publishedAt`, or `createdAt` for an article never published), `versionCreated` (`updatedAt`), `contentCreated` (`createdAt`), `language` (`SITE_LANGUAGE`), `subjects` (the tags), and the quotes' speakers as `people` or `organisations` by `speakerType`. `pubStatus` is `usable`, or `withheld` for an article that is not public (seen with a token; a scheduled one also has `embargoedUntil`). `associations` hold the lead image (`leadImage`) and the image blocks (`image1`, `image2`…) as pictures with `by` (the creator), `copyrightNotice`, `descriptions` (`caption` and `alt` text), `infoSources` (the credit) and `renditions`: the `original` and, for an upload, its 16x9, 4x3 and 1x1 crops (sizes as served); an external picture (`sourceUrl`) has only its original, whose size and type this API does not know. Without a token only a published article whose time has come is found (drafts, archived and scheduled articles are a 404); with a token an article of any status. Caching as for the single article read: an `ETag` (different from the JSON article’s, and changed by any change to the article or to an image or quote it shows), a 304 on `If-None-Match`, and the public read’s `Cache-Control` (`private, no-cache` with a token). Every URL is absolute: article pages from `ARTICLE_URL`, this API’s images from `PUBLIC_URL` (or the request’s own scheme and host).
         */
        get: operations["getArticleNinjs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/articles/{id}/preview-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a draft preview link
         * @description A link that lets someone without a token read the article as it stands (whatever its status) until it expires. The token is shown once; only its hash is stored. The body may be left out (a day).
         */
        post: operations["createPreviewLink"];
        /**
         * Revoke every preview link of an article
         * @description Every link made for the article stops working at once (404).
         */
        delete: operations["revokePreviewLinks"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/articles/{id}/revisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an article’s revisions
         * @description Newest first, paged like every list. Each write that changed the article made one: creating it, every change, publishing, an import that changed it, a restore, a correction notice. `changed` names the fields that differ from the revision before. Articles written before version 1.1 have revisions from their first write since.
         */
        get: operations["listRevisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/articles/{id}/revisions/{a}/diff/{b}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Compare two revisions
         * @description What differs from revision `a` to revision `b` (either order): `changed` names the fields; `fields` gives each changed field but body with its value in a and in b; `body` lists every block of both bodies in reading order, each `unchanged`, `changed` (edited in place), `removed` or `added`, with its index in a (`from`) and in b (`to`), or is null when the bodies are the same. Revisions never change: the ETag answers `If-None-Match` with a 304.
         */
        get: operations["diffRevisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/articles/{id}/revisions/{revision}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one revision
         * @description `article` is the article as it was, in the shape of a write body (blocks with their ids), plus id, status, publishedAt and corrections as they then were. A revision never changes: its ETag answers `If-None-Match` with a 304. A number the article has no revision for is a 404.
         */
        get: operations["getRevision"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/articles/{id}/revisions/{revision}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore an earlier revision
         * @description Makes the article’s content what it was in that revision: every field but `status`, `publishedAt` and `corrections` (a published article stays published; a correction notice is not taken back), as a new revision. When that content is the article’s current content, nothing is written (no new revision, the same `updatedAt` and ETag). A revision naming an image or quote that no longer exists is a 409 listing them in `missing`; its slug now used by another article is a 409 too; nothing changes. Send `If-Match` to refuse a lost update (412). No request body.
         */
        post: operations["restoreRevision"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the content as a bundle
         * @description The whole content (drafts, scheduled and archived articles included), or the articles matching `section`, `tag` and `since` with the images and quotes they use, as a bundle that `POST /v1/import` loads into an empty database to the same content: export → import → export gives the same bytes. Streamed from a consistent snapshot.
         *
         *     Images and quotes are named by their key; those made through the API have none, and their id stands in, so loading an edited export into the same database updates them in place. An uploaded picture appears as `"file": "media/<hash>.<ext>"`: the same path below this server serves it, and `npm run export` copies the files beside the bundle so that `npm run seed` loads it whole.
         */
        get: operations["exportBundle"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/feeds/atom": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Atom 1.0 feed
         * @description Published articles whose time has come, newest `publishedAt` first, with their full HTML bodies; `section` and `tag` filter as on the article list. Each item links to the article page on the site (`ARTICLE_URL`); image and self links start with `PUBLIC_URL`. Public: no token needed, ETag and 304, the `Cache-Control` of public reads. A bad `limit`, `section` or `tag`, or an unknown parameter, is a 400 problem+json.
         */
        get: operations["getAtomFeed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/feeds/json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * JSON Feed 1.1
         * @description Published articles whose time has come, newest `publishedAt` first, with their full HTML bodies; `section` and `tag` filter as on the article list. Each item links to the article page on the site (`ARTICLE_URL`); image and self links start with `PUBLIC_URL`. Public: no token needed, ETag and 304, the `Cache-Control` of public reads. A bad `limit`, `section` or `tag`, or an unknown parameter, is a 400 problem+json.
         */
        get: operations["getJsonFeed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/feeds/rss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * RSS 2.0 feed (with Media RSS)
         * @description Published articles whose time has come, newest `publishedAt` first, with their full HTML bodies; `section` and `tag` filter as on the article list. Each item links to the article page on the site (`ARTICLE_URL`); image and self links start with `PUBLIC_URL`. Public: no token needed, ETag and 304, the `Cache-Control` of public reads. A bad `limit`, `section` or `tag`, or an unknown parameter, is a 400 problem+json.
         */
        get: operations["getRssFeed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List images
         * @description Newest first by default (`sort`). Filter by `credit` (exact) and `q` (full-text over alt text, caption, credit, creator and copyright notice; the last word matches as a prefix).
         */
        get: operations["listImages"];
        put?: never;
        /**
         * Create an image from a URL, or upload one
         * @description Either JSON naming an external picture (`sourceUrl`), or `multipart/form-data` with a `file` part and the metadata as fields in any order (`focalPoint` as JSON text).
         *
         *     An upload is checked by its content: JPEG, PNG, WebP, GIF and AVIF are taken, anything else is a 415 and nothing is stored. Past UPLOAD_LIMIT bytes (20 MiB by default), or past 100 megapixels, it is a 413. Location metadata (EXIF GPS and its XMP copy) is removed from the stored file; nothing else in it changes. The same picture uploaded twice is stored once. `width`, `height` (as displayed, EXIF orientation applied), `mimeType` and `bytes` come from the file. A 422 means the picture carries a location this server could not remove.
         */
        post: operations["createImage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an image */
        get: operations["getImage"];
        put?: never;
        post?: never;
        /**
         * Delete an image
         * @description An image that an article still uses (as lead image or in a block) is not deleted: 409 with the articles in `articles`. Once deleted, its file URL and renditions are a 404 (the file is removed when no other image uses the same picture).
         */
        delete: operations["deleteImage"];
        options?: never;
        head?: never;
        /**
         * Update an image
         * @description Partial update of the metadata. Send `If-Match` with the ETag you read to refuse a lost update (412). A new `focalPoint` gives the image a new `url`.
         */
        patch: operations["updateImage"];
        trace?: never;
    };
    "/v1/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Load a fixture bundle, all or nothing
         * @description Loads a bundle (`{ images, quotes, articles }`) in one transaction. Articles are matched by `slug`, images and quotes by `key`: a matched item is updated in place (keeping its id), so loading the same bundle twice changes nothing. Articles in a bundle need a `slug` (a generated one would not find the article again). `npm run seed -- <file>` runs the same code.
         *
         *     Send JSON, or `multipart/form-data` when the bundle ships pictures (`file` on an image): the bundle in a `bundle` field or part, each picture in a part named by its `file` value. Pictures are checked and cleaned as uploads are.
         *
         *     A bad bundle changes nothing: the 400 lists every bad item with its place (`articles[3].body[2].quote`): unknown fields, bad values, keys and ids that name nothing, a key or slug used twice, a refused picture. Past IMPORT_LIMIT bytes (50 MiB by default), a 413. `dryRun=true` checks and counts without writing.
         */
        post: operations["importBundle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/preview/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an article through a preview link
         * @description No `Authorization` needed (a header that is sent must still hold a valid token, as on every /v1 request). The article exactly as `GET /v1/articles/{id}` returns it, current content whatever its status, with `Cache-Control: private, no-store` and `X-Robots-Tag: noindex`. An unknown or revoked token, or one whose article was deleted, is a 404; an expired one a 410; neither says whether the article exists.
         */
        get: operations["readPreview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/quotes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List quotes
         * @description Newest first by default. Filter by `speaker` (exact, case-insensitive), `articleId` and `q`.
         */
        get: operations["listQuotes"];
        put?: never;
        /** Create a quote */
        post: operations["createQuote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/quotes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a quote */
        get: operations["getQuote"];
        put?: never;
        post?: never;
        /**
         * Delete a quote
         * @description A quote that an article still uses is not deleted: 409 with the articles in `articles`.
         */
        delete: operations["deleteQuote"];
        options?: never;
        head?: never;
        /**
         * Update a quote
         * @description Partial update. Send `If-Match` with the ETag you read to refuse a lost update (412).
         */
        patch: operations["updateQuote"];
        trace?: never;
    };
    "/v1/sitemaps/articles/{n}.xml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A page of the article sitemap
         * @description Up to 50,000 public articles, oldest published first (so pages fill in order and a new article lands on the last page), each with its page address (`ARTICLE_URL`), `lastmod` (its `updatedAt`) and its lead image as `image:image`. A page past the last is a 404; `n` that is not a whole number from 1 is a 400. Public: no token needed, ETag and 304, the `Cache-Control` of public reads; it changes with any write and when a scheduled article comes due.
         */
        get: operations["getArticleSitemap"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sitemaps/index.xml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sitemap index
         * @description A sitemap index of the article sitemap pages (`/v1/sitemaps/articles/{n}.xml`), each with its `lastmod` (the newest `updatedAt` on it). There is always a page 1. Public: no token needed, ETag and 304, the `Cache-Control` of public reads; it changes with any write and when a scheduled article comes due.
         */
        get: operations["getSitemapIndex"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sitemaps/news.xml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Google News sitemap
         * @description Public articles published in the last 2 days, newest first, at most 1,000, each with `news:publication` (`SITE_NAME` and the language part of `SITE_LANGUAGE` in lower case), `news:publication_date` and `news:title`. Public: no token needed, ETag and 304, the `Cache-Control` of public reads; it changes with any write and when a scheduled article comes due.
         */
        get: operations["getNewsSitemap"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhooks
         * @description Oldest first.
         */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Create a webhook
         * @description Answers with the webhook and its signing `secret`, shown only here and on rotation. A `url` whose host is `localhost` or a loopback, private or link-local address is a 400 unless `WEBHOOK_ALLOW_PRIVATE=true`.
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a webhook */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook
         * @description Removes it with its delivery log; deliveries not yet sent are dropped.
         */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /**
         * Update a webhook
         * @description Partial update. Send `If-Match` with the ETag you read to refuse a lost update (412).
         */
        patch: operations["updateWebhook"];
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A webhook's delivery log
         * @description Newest first, each with its attempts. Filter by `status`.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again now
         * @description Also for a delivery that has failed or succeeded: it is pending again, with a fresh series of retries.
         */
        post: operations["retryWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a webhook's secret
         * @description Answers with the new `secret` (shown only here). For 24 hours every delivery carries two signatures in `webhook-signature`: the new secret’s first, then the replaced one’s. Honours `If-Match`.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test event
         * @description Sends a `webhook.test` event to this webhook (whatever its `events`). A disabled webhook’s deliveries wait, pending, until it is enabled again.
         */
        post: operations["testWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A story, with its lead image and every image and quote block resolved. */
        Article: {
            id: string;
            slug: string;
            headline: string;
            /** @description The dek under the headline. */
            standfirst: string | null;
            /** @example news */
            section: string | null;
            tags: string[];
            byline: string | null;
            leadImageId: string | null;
            /** @description The whole lead image, or null. */
            leadImage: components["schemas"]["Image"] | null;
            /** @enum {string} */
            status: "draft" | "published" | "archived";
            /** @description Set on first publish; a future time schedules the article (not public before then). */
            publishedAt: string | null;
            /**
             * @description Read-only. 1 when created, one more on every write that changes the content or status; a write that changes nothing (a PATCH with the values the article already has) changes neither this, `updatedAt` nor the ETag.
             * @example 3
             */
            revision: number;
            /** @description Read-only: the correction notices shown to readers, oldest first. Added, changed and removed through /v1/articles/{id}/corrections. */
            corrections: components["schemas"]["Correction"][];
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description What a frontend shows as "Updated".
             * @example 2025-01-10T09:30:00.000Z
             */
            updatedAt: string;
            body: components["schemas"]["Block"][];
        };
        /** @description A body block as written: ids only. */
        ArticleBlock: {
            /** @constant */
            type: "paragraph";
            text: string;
        } | {
            /** @constant */
            type: "heading";
            text: string;
        } | {
            /** @constant */
            type: "image";
            imageId: string;
        } | {
            /** @constant */
            type: "quote";
            quoteId: string;
        };
        /** @description Read-only fields (id, revision, corrections, createdAt, updatedAt, leadImage, and the resolved `image` / `quote` of blocks) are accepted and ignored; any other unknown field is a 400. */
        ArticleCreate: {
            /**
             * @description Unique. Made from the headline when absent (with -2, -3… on a collision); a given slug that is taken is a 409.
             * @example ukraine-captures-north-korean-soldier-kursk
             */
            slug?: string;
            /** @description 1 to 300 characters. */
            headline: string;
            standfirst?: string | null;
            section?: string | null;
            tags?: string[];
            byline?: string | null;
            body?: components["schemas"]["ArticleBlock"][];
            /** @description Must name an existing image. */
            leadImageId?: string | null;
            /**
             * @description Default draft.
             * @enum {string}
             */
            status?: "draft" | "published" | "archived";
            /** @description Set to now on first publish when not given; a future time schedules the article. */
            publishedAt?: string | null;
        };
        ArticleList: {
            data: components["schemas"]["ArticleListItem"][];
            meta: components["schemas"]["ListMeta"];
        };
        /** @description An article as lists give it: every field but `body`, unless asked. */
        ArticleListItem: {
            id: string;
            slug: string;
            headline: string;
            /** @description The dek under the headline. */
            standfirst: string | null;
            /** @example news */
            section: string | null;
            tags: string[];
            byline: string | null;
            leadImageId: string | null;
            /** @description The whole lead image, or null. */
            leadImage: components["schemas"]["Image"] | null;
            /** @enum {string} */
            status: "draft" | "published" | "archived";
            /** @description Set on first publish; a future time schedules the article (not public before then). */
            publishedAt: string | null;
            /**
             * @description Read-only. 1 when created, one more on every write that changes the content or status; a write that changes nothing (a PATCH with the values the article already has) changes neither this, `updatedAt` nor the ETag.
             * @example 3
             */
            revision: number;
            /** @description Read-only: the correction notices shown to readers, oldest first. Added, changed and removed through /v1/articles/{id}/corrections. */
            corrections: components["schemas"]["Correction"][];
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description What a frontend shows as "Updated".
             * @example 2025-01-10T09:30:00.000Z
             */
            updatedAt: string;
            /** @description Only with `include=body`. */
            body?: components["schemas"]["Block"][];
        };
        /** @description A partial update: only the fields sent change. Read-only fields (id, revision, corrections, createdAt, updatedAt, leadImage, and the resolved `image` / `quote` of blocks) are accepted and ignored; any other unknown field is a 400. */
        ArticleUpdate: {
            /**
             * @description Unique. Made from the headline when absent (with -2, -3… on a collision); a given slug that is taken is a 409.
             * @example ukraine-captures-north-korean-soldier-kursk
             */
            slug?: string;
            /** @description 1 to 300 characters. */
            headline?: string;
            standfirst?: string | null;
            section?: string | null;
            tags?: string[];
            byline?: string | null;
            body?: components["schemas"]["ArticleBlock"][];
            /** @description Must name an existing image. */
            leadImageId?: string | null;
            /** @enum {string} */
            status?: "draft" | "published" | "archived";
            publishedAt?: string | null;
        };
        Block: components["schemas"]["ParagraphBlock"] | components["schemas"]["HeadingBlock"] | components["schemas"]["ImageBlock"] | components["schemas"]["QuoteBlock"];
        /** @description One body block in reading order: `unchanged` (in both), `changed` (edited in place: `before` in revision a, `after` in revision b), `removed` (only in a) or `added` (only in b). `from` and `to` are its indexes in the bodies of a and b. */
        BlockChange: {
            /** @constant */
            change: "unchanged";
            from: number;
            to: number;
            block: components["schemas"]["ArticleBlock"];
        } | {
            /** @constant */
            change: "changed";
            from: number;
            to: number;
            before: components["schemas"]["ArticleBlock"];
            after: components["schemas"]["ArticleBlock"];
        } | {
            /** @constant */
            change: "removed";
            from: number;
            before: components["schemas"]["ArticleBlock"];
        } | {
            /** @constant */
            change: "added";
            to: number;
            after: components["schemas"]["ArticleBlock"];
        };
        /** @description A fixture bundle. Loading is all or nothing and idempotent: articles are matched by slug, images and quotes by key, and a matched item is updated in place, keeping its id. A bad bundle changes nothing; every bad item is reported with its place (`articles[3].body[2].quote`). */
        Bundle: {
            images?: components["schemas"]["BundleImage"][];
            quotes?: components["schemas"]["BundleQuote"][];
            articles?: components["schemas"]["BundleArticle"][];
        };
        /** @description An article, as POST /v1/articles takes it (a missing `slug` is made from the headline), with images and quotes named by bundle key or by id. Loaded again, it takes the bundle's values: a field left out takes its create default (null, [], draft), except publishedAt, which is then kept. Read-only fields (id, revision, createdAt, updatedAt) are accepted and ignored. */
        BundleArticle: {
            /**
             * @description Accepted for symmetry; articles are found again by slug.
             * @example kursk-capture
             */
            key?: string;
            /**
             * @description What a later load finds the article by, to update it in place. When left out it is made from the headline (accents transliterated, no -2 suffix), so the article is found again only while its headline stays the same: give one to keep it stable.
             * @example ukraine-captures-north-korean-soldier-kursk
             */
            slug?: string;
            /** @description 1 to 300 characters. */
            headline: string;
            standfirst?: string | null;
            section?: string | null;
            tags?: string[];
            byline?: string | null;
            /**
             * @description Default draft.
             * @enum {string}
             */
            status?: "draft" | "published" | "archived";
            /** @description Set to now on first publish when not given; a future time schedules the article. */
            publishedAt?: string | null;
            /** @description The key of the lead image in the bundle (or loaded before); or leadImageId. */
            leadImage?: string | null;
            /** @description The id of an existing image; or leadImage. */
            leadImageId?: string | null;
            body?: components["schemas"]["BundleBlock"][];
            /** @description The article's correction notices, oldest first: when given, they become its notices (an export followed by a load into an empty database gives the same ones, ids and times included). A notice with an `id` is that notice; one without is matched to a notice of the article with the same type and text (keeping its id and time), else made. When left out, a loaded article keeps the notices it has (a notice once given is not taken back by a bundle that does not mention it). */
            corrections?: components["schemas"]["BundleCorrection"][];
        };
        /** @description A body block. Image and quote blocks name what they show by bundle key (`image`, `quote`) or id. */
        BundleBlock: {
            /** @constant */
            type: "paragraph";
            text: string;
        } | {
            /** @constant */
            type: "heading";
            text: string;
        } | {
            /** @constant */
            type: "image";
            /**
             * @description The key of an image in the bundle (or loaded before).
             * @example kim-meets-soldiers
             */
            image?: string;
            /** @description The id of an existing image. */
            imageId?: string;
        } | {
            /** @constant */
            type: "quote";
            /**
             * @description The key of a quote in the bundle (or loaded before).
             * @example nis-capture
             */
            quote?: string;
            /** @description The id of an existing quote. */
            quoteId?: string;
        };
        BundleCorrection: {
            /** @description Kept when given (an exported notice keeps its id); made when not. */
            id?: string;
            /**
             * @description Default correction.
             * @enum {string}
             */
            type?: "correction" | "clarification";
            text: string;
            /**
             * Format: date-time
             * @description Kept when given; else the matched notice’s, or the time of the load.
             */
            createdAt?: string;
        };
        /** @description An image: `sourceUrl` (an external picture) or `file` (a picture shipped with the bundle; `sourceUrl` may then say where it came from). Read-only fields (id, url, width, height, mimeType, bytes, createdAt, updatedAt) are accepted and ignored; any other unknown field is a 400. */
        BundleImage: {
            /**
             * Format: uri
             * @description Where the uploaded picture came from, if anywhere.
             * @example https://example.org/photo.jpg
             */
            sourceUrl?: string;
            /**
             * @description What the picture shows, for screen readers; may be empty for a decorative picture.
             * @example Kim Jong Un, centre left, greets a line of soldiers
             */
            altText: string;
            caption?: string | null;
            /** @example AP */
            credit?: string | null;
            /** @description The photographer. */
            creator?: string | null;
            /** @example © 2024 The Associated Press */
            copyrightNotice?: string | null;
            /** @description The part of the picture a crop keeps, each 0–1 from the top left; null for the centre. */
            focalPoint?: {
                x: number;
                y: number;
            } | null;
            /**
             * @description A name local to the bundle, by which articles refer to the item and by which a later load finds it again (it is stored with the item). Without one, the item is found again by its content: loading it twice makes one item, but a changed keyless item is a new one.
             * @example kim-meets-soldiers
             */
            key?: string;
            /**
             * @description A picture shipped with the bundle. For `npm run seed` a path relative to the bundle file; for `POST /v1/import` as multipart/form-data, the name of the part holding the picture (or its filename). Stored like an upload: checked by content, location metadata removed.
             * @example pictures/kim-meets-soldiers.jpg
             */
            file?: string;
        };
        /** @description A quote, as POST /v1/quotes takes it, plus `key`. Read-only fields (id, createdAt, updatedAt) are accepted and ignored. */
        BundleQuote: {
            /** @description What was said, verbatim. */
            text: string;
            /**
             * @description The person or organisation quoted.
             * @example National Intelligence Service
             */
            speaker: string;
            /**
             * @description Whether `speaker` is a person or an organisation; `person` when not given.
             * @enum {string}
             */
            speakerType?: "person" | "organisation";
            /** @description Their role when they said it. */
            speakerRole?: string | null;
            organisation?: string | null;
            /** @description Where it was said: Telegram, statement, interview… */
            channel?: string | null;
            sourceUrl?: string | null;
            /** @description When it was said; any offset, stored in UTC. */
            saidAt?: string | null;
            /**
             * @description A name local to the bundle, by which articles refer to the item and by which a later load finds it again (it is stored with the item). Without one, the item is found again by its content: loading it twice makes one item, but a changed keyless item is a new one.
             * @example kim-meets-soldiers
             */
            key?: string;
        };
        /** @description A correction notice shown to readers. */
        Correction: {
            id: string;
            /** @enum {string} */
            type: "correction" | "clarification";
            text: string;
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            createdAt: string;
        };
        CorrectionCreate: {
            /**
             * @description Default correction.
             * @enum {string}
             */
            type?: "correction" | "clarification";
            /** @description 1 to 2,000 characters. */
            text: string;
        };
        /** @description Only the fields sent change; the same values change nothing. */
        CorrectionUpdate: {
            /** @enum {string} */
            type?: "correction" | "clarification";
            text?: string;
        };
        Delivery: {
            /** @description Also the `webhook-id` header of every attempt. */
            id: string;
            /** @example article.published */
            event: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            createdAt: string;
            /** @description When it is next tried; null once it has ended. */
            nextAttemptAt: string | null;
            /** @description Oldest first. */
            attempts: components["schemas"]["DeliveryAttempt"][];
        };
        DeliveryAccepted: {
            /** @description The delivery that will be sent. */
            deliveryId: string;
        };
        DeliveryAttempt: {
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            at: string;
            /** @description The receiver's HTTP status; null: no answer. */
            statusCode: number | null;
            /** @description Why the attempt failed without a status (timeout, refused). */
            error: string | null;
            durationMs: number;
        };
        DeliveryList: {
            data: components["schemas"]["Delivery"][];
            meta: components["schemas"]["ListMeta"];
        };
        FieldError: {
            /** @example body[2].quoteId */
            path: string;
            message: string;
        };
        /** @description The part of the picture a crop keeps, from the top left. */
        FocalPoint: {
            /** @description From the left edge, 0 to 1. */
            x: number;
            /** @description From the top edge, 0 to 1. */
            y: number;
        };
        HeadingBlock: {
            /** @constant */
            type: "heading";
            text: string;
        };
        Health: {
            /** @constant */
            status: "ok";
            /**
             * @description The server's version (semantic versioning), the same as the OpenAPI document's info.version.
             * @example 1.0.0
             */
            version: string;
        };
        HealthStatus: {
            /** @constant */
            status: "ok";
        };
        /** @description A picture with its caption, credit and rights. */
        Image: {
            id: string;
            /**
             * @description Where the picture is served. For an upload, this API's own file URL (`/media/<hash>.<ext>?v=…`, relative to the API's origin); add `&width=`, `&height=` and `&format=` to it for renditions. Its `v` changes with the focal point. Otherwise `sourceUrl`.
             * @example /media/3f2a…9c.jpg?v=k3J9xQ2m
             */
            url: string;
            sourceUrl: string | null;
            altText: string;
            caption: string | null;
            /** @example AP */
            credit: string | null;
            /** @description The photographer. */
            creator: string | null;
            /** @example © 2024 The Associated Press */
            copyrightNotice: string | null;
            focalPoint: components["schemas"]["FocalPoint"] | null;
            /** @description Read from the upload (as displayed); null for a URL. */
            width: number | null;
            height: number | null;
            /** @example image/jpeg */
            mimeType: string | null;
            /** @description Size of the stored file. */
            bytes: number | null;
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            updatedAt: string;
        };
        /** @description An image block, with the whole image it names. */
        ImageBlock: {
            /** @constant */
            type: "image";
            imageId: string;
            image: components["schemas"]["Image"];
        };
        /** @description An image made from an external picture (`sourceUrl`); to store the picture here, upload it as multipart/form-data instead. Read-only fields (id, url, width, height, mimeType, bytes, createdAt, updatedAt) are accepted and ignored; any other unknown field is a 400. */
        ImageCreate: {
            /**
             * Format: uri
             * @description An external picture: where `url` points for an image made from a URL.
             * @example https://example.org/photo.jpg
             */
            sourceUrl: string;
            /**
             * @description What the picture shows, for screen readers; may be empty for a decorative picture.
             * @example Kim Jong Un, centre left, greets a line of soldiers
             */
            altText: string;
            caption?: string | null;
            /** @example AP */
            credit?: string | null;
            /** @description The photographer. */
            creator?: string | null;
            /** @example © 2024 The Associated Press */
            copyrightNotice?: string | null;
            /** @description The part of the picture a crop keeps, each 0–1 from the top left; null for the centre. */
            focalPoint?: {
                x: number;
                y: number;
            } | null;
        };
        ImageList: {
            data: components["schemas"]["Image"][];
            meta: components["schemas"]["ListMeta"];
        };
        /** @description A partial update: only the fields sent are changed; null clears one. The picture itself cannot be replaced: upload a new image. A change of `focalPoint` changes `url` (renditions are cached for good). */
        ImageUpdate: {
            sourceUrl?: string | null;
            /**
             * @description What the picture shows, for screen readers; may be empty for a decorative picture.
             * @example Kim Jong Un, centre left, greets a line of soldiers
             */
            altText?: string;
            caption?: string | null;
            /** @example AP */
            credit?: string | null;
            /** @description The photographer. */
            creator?: string | null;
            /** @example © 2024 The Associated Press */
            copyrightNotice?: string | null;
            /** @description The part of the picture a crop keeps, each 0–1 from the top left; null for the centre. */
            focalPoint?: {
                x: number;
                y: number;
            } | null;
        };
        /** @description An upload: a `file` part and the metadata as text fields, in any order. Fields are taken as sent (an empty caption is an empty string); leave one out for null. Unknown fields are a 400 naming them; read-only ones (id, url, width…) are ignored. */
        ImageUpload: {
            /**
             * Format: binary
             * @description The picture: JPEG, PNG, WebP, GIF or AVIF, decided by its content (not its name or type).
             */
            file: string;
            /** @description Required; may be empty for a decorative picture. */
            altText: string;
            caption?: string;
            /** @example AP */
            credit?: string;
            creator?: string;
            copyrightNotice?: string;
            /** @description Where the picture came from (http or https), if anywhere. */
            sourceUrl?: string;
            /** @description JSON text: `{"x":0.3,"y":0.4}` (each 0–1 from the top left) or `null`. */
            focalPoint?: string;
        };
        ImportCounts: {
            articles: number;
            images: number;
            quotes: number;
        };
        /** @description A bundle with its pictures: the bundle in `bundle`, and one file part per picture, named by the `file` value that names it in the bundle (or whose filename is that value). A part no image names is a 400. */
        ImportForm: {
            /** @description The bundle as JSON text: a field, or a file part (e.g. `bundle=@kursk.json`). */
            bundle: string;
        } & {
            [key: string]: string;
        };
        /** @description What a load did (or, with dryRun, would do), in counts. */
        ImportResult: {
            /** @description Items that did not exist. */
            created: components["schemas"]["ImportCounts"];
            /** @description Items matched (by slug or key) and changed in place, keeping their ids. */
            updated: components["schemas"]["ImportCounts"];
            /** @description Items matched and already as the bundle says. */
            unchanged: components["schemas"]["ImportCounts"];
        };
        /** @description A JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/). */
        JsonFeed: {
            /** @constant */
            version: "https://jsonfeed.org/version/1.1";
            title: string;
            /** Format: uri */
            home_page_url: string;
            /** Format: uri */
            feed_url: string;
            description?: string;
            language?: string;
            items: ({
                id: string;
                /** Format: uri */
                url: string;
                title: string;
                summary?: string;
                content_html: string;
                date_published: string;
                date_modified: string;
                authors?: ({
                    name: string;
                } & {
                    [key: string]: unknown;
                })[];
                tags?: string[];
                /** Format: uri */
                image?: string;
            } & {
                [key: string]: unknown;
            })[];
        } & {
            [key: string]: unknown;
        };
        JsonLdCorrectionComment: {
            /** @constant */
            "@type": "CorrectionComment";
            text: string;
            datePublished: string;
        };
        JsonLdImageObject: {
            /** @constant */
            "@type": "ImageObject";
            /** @description Absolute: a crop rendition of this API, or an external picture as it is. */
            url: string;
            width?: components["schemas"]["JsonLdPixels"];
            height?: components["schemas"]["JsonLdPixels"];
            caption?: string;
            creditText?: string;
            /** @description The photographer (the image’s `creator`). */
            creator?: {
                /** @constant */
                "@type": "Person";
                name: string;
            };
            copyrightNotice?: string;
        };
        /** @description A size in pixels (schema.org takes a QuantitativeValue here, not a bare number; E37 is pixel). */
        JsonLdPixels: {
            /** @constant */
            "@type": "QuantitativeValue";
            value: number;
            /** @constant */
            unitCode: "E37";
            /** @constant */
            unitText: "px";
        };
        JsonLdQuotation: {
            /** @constant */
            "@type": "Quotation";
            text: string;
            /** @description A `Person`, or an `Organization` for a quote whose `speakerType` is `organisation`. */
            spokenByCharacter: {
                /** @constant */
                "@type": "Person";
                name: string;
                /** @description The quote’s `speakerRole`. */
                jobTitle?: string;
                /** @description The quote’s `organisation`. */
                affiliation?: {
                    /** @constant */
                    "@type": "Organization";
                    name: string;
                };
            } | {
                /** @constant */
                "@type": "Organization";
                name: string;
                /** @description The quote’s `speakerRole`. */
                description?: string;
                /** @description The quote’s `organisation`. */
                parentOrganization?: {
                    /** @constant */
                    "@type": "Organization";
                    name: string;
                };
            };
            /** @description The quote’s `sourceUrl`. */
            isBasedOn?: string;
            /** @description The quote’s `saidAt`. */
            dateCreated?: string;
        };
        ListMeta: {
            /** @description How many items match the filters, across all pages. */
            total: number;
            limit: number;
            /** @description Pass as `cursor` for the next page; null on the last. */
            nextCursor: string | null;
        };
        /** @description The article as a schema.org NewsArticle (JSON-LD), as Google’s article rich results read it. */
        NewsArticleJsonLd: {
            /** @constant */
            "@context": "https://schema.org";
            /** @constant */
            "@type": "NewsArticle";
            /** @description The article page’s URL (from ARTICLE_URL). */
            "@id": string;
            url: string;
            mainEntityOfPage: string;
            headline: string;
            /** @description The standfirst. */
            description?: string;
            /** @description SITE_LANGUAGE. */
            inLanguage: string;
            /** @description The lead image: for an upload of known size, its 16x9, 4x3 and 1x1 crops (1,200 px wide, or the largest crop of that shape the original holds); for an external picture (`sourceUrl`), which this API cannot crop, that picture alone. */
            image?: components["schemas"]["JsonLdImageObject"][];
            /** @description Absent for an article never published. */
            datePublished?: string;
            dateModified: string;
            author?: {
                /** @constant */
                "@type": "Person";
                name: string;
            }[];
            articleSection?: string;
            /** @description The tags. */
            keywords?: string[];
            /** @description The body as plain text. */
            articleBody: string;
            /** @description SITE_NAME and SITE_URL. */
            publisher: {
                /** @constant */
                "@type": "Organization";
                name: string;
                url: string;
            };
            /** @description The correction notices, oldest first. */
            correction?: components["schemas"]["JsonLdCorrectionComment"][];
            /** @description One Quotation per quote in the body, in the order of its first block. */
            citation?: components["schemas"]["JsonLdQuotation"][];
        };
        /** @description An IPTC ninjs 3.1 news object (the part of the standard this API emits; valid against ninjs-schema_3.1.json). */
        Ninjs: {
            /**
             * Format: uri
             * @description An absolute URI (JSON Schema `format: uri`).
             */
            uri: string;
            standard?: {
                name?: string;
                version?: string;
                /**
                 * Format: uri
                 * @description An absolute URI (JSON Schema `format: uri`).
                 */
                schema?: string;
            };
            /** @enum {string} */
            type?: "text" | "audio" | "video" | "picture" | "graphic" | "composite" | "component";
            language?: string;
            headlines?: {
                role?: string;
                contentType?: string;
                value: string;
            }[];
            descriptions?: {
                role?: string;
                contentType?: string;
                value: string;
            }[];
            bodies?: {
                role?: string;
                contentType?: string;
                value: string;
                charCount?: number;
                wordCount?: number;
            }[];
            by?: string;
            /**
             * Format: date-time
             * @description JSON Schema `format: date-time`.
             */
            firstCreated?: string;
            /**
             * Format: date-time
             * @description JSON Schema `format: date-time`.
             */
            versionCreated?: string;
            /**
             * Format: date-time
             * @description JSON Schema `format: date-time`.
             */
            contentCreated?: string;
            /**
             * Format: date-time
             * @description JSON Schema `format: date-time`.
             */
            embargoedUntil?: string;
            /** @enum {string} */
            pubStatus?: "usable" | "withheld" | "canceled";
            subjects?: {
                name?: string;
                rel?: string;
                /**
                 * Format: uri
                 * @description An absolute URI (JSON Schema `format: uri`).
                 */
                uri?: string;
                literal?: string;
            }[];
            people?: {
                name?: string;
                rel?: string;
                /**
                 * Format: uri
                 * @description An absolute URI (JSON Schema `format: uri`).
                 */
                uri?: string;
                literal?: string;
            }[];
            organisations?: {
                name?: string;
                rel?: string;
                /**
                 * Format: uri
                 * @description An absolute URI (JSON Schema `format: uri`).
                 */
                uri?: string;
                literal?: string;
            }[];
            associations?: components["schemas"]["NinjsAssociation"][];
        };
        NinjsAssociation: {
            name: string;
            rel?: string;
            /**
             * Format: uri
             * @description An absolute URI (JSON Schema `format: uri`).
             */
            uri: string;
            /** @enum {string} */
            type?: "text" | "audio" | "video" | "picture" | "graphic" | "composite" | "component";
            by?: string;
            copyrightNotice?: string;
            descriptions?: {
                role?: string;
                contentType?: string;
                value: string;
            }[];
            infoSources?: {
                name?: string;
                role?: string;
                /**
                 * Format: uri
                 * @description An absolute URI (JSON Schema `format: uri`).
                 */
                uri?: string;
                literal?: string;
            }[];
            renditions?: components["schemas"]["NinjsRendition"][];
        };
        NinjsRendition: {
            /** @description original, or the crop: 16x9, 4x3, 1x1. */
            name: string;
            /**
             * Format: uri
             * @description An absolute URI (JSON Schema `format: uri`).
             */
            href?: string;
            contentType?: string;
            width?: number;
            height?: number;
            sizeInBytes?: number;
            aspectRatio?: string;
        };
        ParagraphBlock: {
            /** @constant */
            type: "paragraph";
            text: string;
        };
        PreviewLink: {
            /** @description Shown once: only its hash is stored. */
            token: string;
            /** @description `/v1/preview/{token}`, relative to this server. */
            url: string;
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            expiresAt: string;
        };
        PreviewLinkCreate: {
            /**
             * @description Seconds the link works for: 60 to 2,592,000 (30 days); default 86,400 (a day).
             * @default 86400
             */
            expiresIn: number;
        };
        /** @description An RFC 9457 problem details object. */
        Problem: {
            /** @example about:blank */
            type: string;
            /** @example Bad Request */
            title: string;
            /** @example 400 */
            status: number;
            detail: string;
            /** @description A stable machine-readable code, e.g. VALIDATION_FAILED, SLUG_TAKEN. */
            code: string;
            instance?: string;
            requestId?: string;
            /** @description Every failing field, for validation errors. */
            errors?: components["schemas"]["FieldError"][];
            /** @description For a 409 on delete: the articles still using the resource. */
            articles?: {
                id: string;
                slug: string;
            }[];
            /** @description For a 409 on restore: the images and quotes the revision names that no longer exist. */
            missing?: {
                /** @enum {string} */
                type: "image" | "quote";
                id: string;
            }[];
        };
        /** @description A statement, with who said it, in what role, where and when. */
        Quote: {
            /** @example 01JGB1R6ZQ8K9V3M2N4P5Q6R7S */
            id: string;
            text: string;
            /** @example Volodymyr Zelensky */
            speaker: string;
            /**
             * @description Whether `speaker` is a person or an organisation (a Person or an Organization in JSON-LD).
             * @enum {string}
             */
            speakerType: "person" | "organisation";
            /** @example President of Ukraine */
            speakerRole: string | null;
            /** @example Ukraine */
            organisation: string | null;
            /** @example Telegram */
            channel: string | null;
            sourceUrl: string | null;
            saidAt: string | null;
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            updatedAt: string;
        };
        /** @description A quote block, with the whole quote it names (speaker, role, channel…). */
        QuoteBlock: {
            /** @constant */
            type: "quote";
            quoteId: string;
            quote: components["schemas"]["Quote"];
        };
        /** @description Read-only fields (id, createdAt, updatedAt) are accepted and ignored; any other unknown field is a 400. */
        QuoteCreate: {
            /** @description What was said, verbatim. */
            text: string;
            /**
             * @description The person or organisation quoted.
             * @example National Intelligence Service
             */
            speaker: string;
            /**
             * @description Whether `speaker` is a person or an organisation; `person` when not given.
             * @enum {string}
             */
            speakerType?: "person" | "organisation";
            /** @description Their role when they said it. */
            speakerRole?: string | null;
            organisation?: string | null;
            /** @description Where it was said: Telegram, statement, interview… */
            channel?: string | null;
            sourceUrl?: string | null;
            /** @description When it was said; any offset, stored in UTC. */
            saidAt?: string | null;
        };
        QuoteList: {
            data: components["schemas"]["Quote"][];
            meta: components["schemas"]["ListMeta"];
        };
        /** @description A partial update: only the fields sent are changed; null clears one. */
        QuoteUpdate: {
            /** @description What was said, verbatim. */
            text?: string;
            /**
             * @description The person or organisation quoted.
             * @example National Intelligence Service
             */
            speaker?: string;
            /**
             * @description Whether `speaker` is a person or an organisation; `person` when not given.
             * @enum {string}
             */
            speakerType?: "person" | "organisation";
            /** @description Their role when they said it. */
            speakerRole?: string | null;
            organisation?: string | null;
            /** @description Where it was said: Telegram, statement, interview… */
            channel?: string | null;
            sourceUrl?: string | null;
            /** @description When it was said; any offset, stored in UTC. */
            saidAt?: string | null;
        };
        /** @description One revision: never changes once written. */
        Revision: {
            revision: number;
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            createdAt: string;
            /** @description The name of the token that made the write; `cli` for the command line. */
            author: string;
            /** @description The fields whose value differs from the revision before; for revision 1, those that are not null or empty. */
            changed: ("slug" | "headline" | "standfirst" | "section" | "tags" | "byline" | "body" | "leadImageId" | "status" | "publishedAt" | "corrections")[];
            article: components["schemas"]["RevisionArticle"];
        };
        /** @description The article as it was, in the shape of a write body (blocks with their ids, nothing resolved), plus id, status, publishedAt and corrections as they then were. */
        RevisionArticle: {
            id: string;
            slug: string;
            headline: string;
            standfirst: string | null;
            section: string | null;
            tags: string[];
            byline: string | null;
            body: components["schemas"]["ArticleBlock"][];
            leadImageId: string | null;
            /** @enum {string} */
            status: "draft" | "published" | "archived";
            publishedAt: string | null;
            corrections: components["schemas"]["Correction"][];
        };
        /** @description What differs from revision a to revision b, field by field. */
        RevisionDiff: {
            /** @description Revision a. */
            from: number;
            /** @description Revision b. */
            to: number;
            /** @description Every field whose value differs between a and b. */
            changed: ("slug" | "headline" | "standfirst" | "section" | "tags" | "byline" | "body" | "leadImageId" | "status" | "publishedAt" | "corrections")[];
            /** @description Each changed field but body, with its two values. */
            fields: {
                /** @enum {string} */
                field: "slug" | "headline" | "standfirst" | "section" | "tags" | "byline" | "body" | "leadImageId" | "status" | "publishedAt" | "corrections";
                /** @description The value in revision a (as in the revision `article`). */
                from: unknown;
                /** @description The value in revision b. */
                to: unknown;
            }[];
            /** @description null when the body is the same; else every block of both, in reading order. */
            body: components["schemas"]["BlockChange"][] | null;
        };
        /** @description Newest first. */
        RevisionList: {
            data: components["schemas"]["RevisionListItem"][];
            meta: components["schemas"]["ListMeta"];
        };
        RevisionListItem: {
            revision: number;
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            createdAt: string;
            /** @description The name of the token that made the write; `cli` for the command line. */
            author: string;
            /** @description The fields whose value differs from the revision before; for revision 1, those that are not null or empty. */
            changed: ("slug" | "headline" | "standfirst" | "section" | "tags" | "byline" | "body" | "leadImageId" | "status" | "publishedAt" | "corrections")[];
        };
        /** @description Where events are sent. Its secret is shown only on create and rotation. */
        Webhook: {
            /** @example 01JGB1R6ZQ8K9V3M2N4P5Q6R7S */
            id: string;
            /** @example https://hooks.example.com/cms */
            url: string;
            /**
             * @example [
             *       "article.published",
             *       "article.unpublished"
             *     ]
             */
            events: string[];
            description: string | null;
            enabled: boolean;
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            updatedAt: string;
        };
        WebhookCreate: {
            /**
             * @description Where deliveries are POSTed: http or https.
             * @example https://hooks.example.com/cms
             */
            url: string;
            /** @description The events to receive: any of the names listed, or `*` for all of them. */
            events: ("article.created" | "article.updated" | "article.published" | "article.unpublished" | "article.deleted" | "image.created" | "image.updated" | "image.deleted" | "quote.created" | "quote.updated" | "quote.deleted" | "*")[];
            description?: string | null;
            /** @description true when not given. */
            enabled?: boolean;
        };
        WebhookList: {
            data: components["schemas"]["Webhook"][];
            meta: components["schemas"]["ListMeta"];
        };
        WebhookUpdate: {
            /**
             * @description Where deliveries are POSTed: http or https.
             * @example https://hooks.example.com/cms
             */
            url?: string;
            /** @description The events to receive: any of the names listed, or `*` for all of them. */
            events?: ("article.created" | "article.updated" | "article.published" | "article.unpublished" | "article.deleted" | "image.created" | "image.updated" | "image.deleted" | "quote.created" | "quote.updated" | "quote.deleted" | "*")[];
            description?: string | null;
            enabled?: boolean;
        };
        WebhookWithSecret: {
            /** @example 01JGB1R6ZQ8K9V3M2N4P5Q6R7S */
            id: string;
            /** @example https://hooks.example.com/cms */
            url: string;
            /**
             * @example [
             *       "article.published",
             *       "article.unpublished"
             *     ]
             */
            events: string[];
            description: string | null;
            enabled: boolean;
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2025-01-10T09:30:00.000Z
             */
            updatedAt: string;
            /**
             * @description The signing secret (`whsec_` + base64), shown only in this answer: store it now.
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
             */
            secret: string;
        };
    };
    responses: {
        /** @description Bad Request */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Conflict */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Content Too Large */
        ContentTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Forbidden */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Gone */
        Gone: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Internal Server Error */
        InternalServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Not Found */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Precondition Failed */
        PreconditionFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Range Not Satisfiable */
        RangeNotSatisfiable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Service Unavailable */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Too Many Requests */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description URI Too Long */
        URITooLong: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Unauthorized */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Unprocessable Content */
        UnprocessableContent: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Unsupported Media Type */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getReferencePage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getReferenceFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A file name from the page. */
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/css": string;
                    "application/javascript": string;
                    "text/html": string;
                    "image/png": string;
                    "image/svg+xml": string;
                    "application/json": string;
                };
            };
            /** @description Not Modified: the copy the client holds is current. No body. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    headReferenceFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A file name from the page. */
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/css": string;
                    "application/javascript": string;
                    "text/html": string;
                    "image/png": string;
                    "image/svg+xml": string;
                    "application/json": string;
                };
            };
            /** @description Not Modified: the copy the client holds is current. No body. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getMediaFile: {
        parameters: {
            query?: {
                /** @description The version in the image’s `url`; keep it as given. */
                v?: string;
                /** @description Resize to this width (16–4096), keeping the shape. Never upscaled: a larger width gives the original’s. */
                width?: number;
                /** @description With `width`: crop to width×height around the focal point (the centre when none). Needs `width`. */
                height?: number;
                /** @description Convert to this format; with or without `width`. */
                format?: "webp" | "avif" | "jpeg" | "png";
            };
            header?: {
                /** @description The `ETag` of the copy the client holds: answered with 304 and no body while it is current. */
                "If-None-Match"?: string;
                /** @description The `Last-Modified` of the copy the client holds (ignored when `If-None-Match` is sent). */
                "If-Modified-Since"?: string;
                /** @description One byte range (`bytes=0-1023`, `bytes=1024-`, `bytes=-512`): a 206 with those bytes; a start past the end is a 416. Several ranges, or a malformed one, get the whole file. */
                Range?: string;
                /** @description The `ETag` or `Last-Modified` of the part the client holds: the range applies only to that version. */
                "If-Range"?: string;
            };
            path: {
                /** @description The file name from the image’s `url`. */
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The picture. */
            200: {
                headers: {
                    /** @description The version of this representation: send it back as `If-None-Match` to revalidate (304 while unchanged). */
                    ETag: string;
                    /** @description When the file was stored: send it back as `If-Modified-Since` to revalidate. */
                    "Last-Modified": string;
                    /** @description `public, max-age=31536000, immutable`: a file’s URL names its content. A crop asked for with a stale `v` is `public, max-age=60`. */
                    "Cache-Control": string;
                    /** @description Byte ranges are served (`Range: bytes=…`). */
                    "Accept-Ranges"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": string;
                    "image/png": string;
                    "image/webp": string;
                    "image/gif": string;
                    "image/avif": string;
                };
            };
            /** @description The requested byte range. */
            206: {
                headers: {
                    /** @description The version of this representation: send it back as `If-None-Match` to revalidate (304 while unchanged). */
                    ETag: string;
                    /** @description When the file was stored: send it back as `If-Modified-Since` to revalidate. */
                    "Last-Modified": string;
                    /** @description `public, max-age=31536000, immutable`: a file’s URL names its content. A crop asked for with a stale `v` is `public, max-age=60`. */
                    "Cache-Control": string;
                    /** @description Byte ranges are served (`Range: bytes=…`). */
                    "Accept-Ranges"?: string;
                    /** @description The bytes sent, of the whole file. */
                    "Content-Range": string;
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": string;
                    "image/png": string;
                    "image/webp": string;
                    "image/gif": string;
                    "image/avif": string;
                };
            };
            /** @description Not Modified: the copy the client holds (If-None-Match, or If-Modified-Since) is current. No body. */
            304: {
                headers: {
                    /** @description The version of this representation: send it back as `If-None-Match` to revalidate (304 while unchanged). */
                    ETag: string;
                    /** @description When the file was stored: send it back as `If-Modified-Since` to revalidate. */
                    "Last-Modified": string;
                    /** @description `public, max-age=31536000, immutable`: a file’s URL names its content. A crop asked for with a stale `v` is `public, max-age=60`. */
                    "Cache-Control": string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            416: components["responses"]["RangeNotSatisfiable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    headMediaFile: {
        parameters: {
            query?: {
                /** @description The version in the image’s `url`; keep it as given. */
                v?: string;
                /** @description Resize to this width (16–4096), keeping the shape. Never upscaled: a larger width gives the original’s. */
                width?: number;
                /** @description With `width`: crop to width×height around the focal point (the centre when none). Needs `width`. */
                height?: number;
                /** @description Convert to this format; with or without `width`. */
                format?: "webp" | "avif" | "jpeg" | "png";
            };
            header?: {
                /** @description The `ETag` of the copy the client holds: answered with 304 and no body while it is current. */
                "If-None-Match"?: string;
                /** @description The `Last-Modified` of the copy the client holds (ignored when `If-None-Match` is sent). */
                "If-Modified-Since"?: string;
                /** @description One byte range (`bytes=0-1023`, `bytes=1024-`, `bytes=-512`): a 206 with those bytes; a start past the end is a 416. Several ranges, or a malformed one, get the whole file. */
                Range?: string;
                /** @description The `ETag` or `Last-Modified` of the part the client holds: the range applies only to that version. */
                "If-Range"?: string;
            };
            path: {
                /** @description The file name from the image’s `url`. */
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The picture. */
            200: {
                headers: {
                    /** @description The version of this representation: send it back as `If-None-Match` to revalidate (304 while unchanged). */
                    ETag: string;
                    /** @description When the file was stored: send it back as `If-Modified-Since` to revalidate. */
                    "Last-Modified": string;
                    /** @description `public, max-age=31536000, immutable`: a file’s URL names its content. A crop asked for with a stale `v` is `public, max-age=60`. */
                    "Cache-Control": string;
                    /** @description Byte ranges are served (`Range: bytes=…`). */
                    "Accept-Ranges"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": string;
                    "image/png": string;
                    "image/webp": string;
                    "image/gif": string;
                    "image/avif": string;
                };
            };
            /** @description The requested byte range. */
            206: {
                headers: {
                    /** @description The version of this representation: send it back as `If-None-Match` to revalidate (304 while unchanged). */
                    ETag: string;
                    /** @description When the file was stored: send it back as `If-Modified-Since` to revalidate. */
                    "Last-Modified": string;
                    /** @description `public, max-age=31536000, immutable`: a file’s URL names its content. A crop asked for with a stale `v` is `public, max-age=60`. */
                    "Cache-Control": string;
                    /** @description Byte ranges are served (`Range: bytes=…`). */
                    "Accept-Ranges"?: string;
                    /** @description The bytes sent, of the whole file. */
                    "Content-Range": string;
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": string;
                    "image/png": string;
                    "image/webp": string;
                    "image/gif": string;
                    "image/avif": string;
                };
            };
            /** @description Not Modified: the copy the client holds (If-None-Match, or If-Modified-Since) is current. No body. */
            304: {
                headers: {
                    /** @description The version of this representation: send it back as `If-None-Match` to revalidate (304 while unchanged). */
                    ETag: string;
                    /** @description When the file was stored: send it back as `If-Modified-Since` to revalidate. */
                    "Last-Modified": string;
                    /** @description `public, max-age=31536000, immutable`: a file’s URL names its content. A crop asked for with a stale `v` is `public, max-age=60`. */
                    "Cache-Control": string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            416: components["responses"]["RangeNotSatisfiable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listArticles: {
        parameters: {
            query?: {
                /** @description Items per page, 1 to 100 (default 20). */
                limit?: number;
                /** @description The `meta.nextCursor` of the previous page. */
                cursor?: string;
                /** @description published (default, public): published and due. With a token: draft, archived, scheduled (published with a future time), any. */
                status?: "published" | "draft" | "archived" | "scheduled" | "any";
                section?: string;
                tag?: string;
                /** @description Full-text search over headline, standfirst and body (all words must match). */
                q?: string;
                /** @description Default -publishedAt (newest first). `relevance` (best match first) needs `q`. */
                sort?: "publishedAt" | "-publishedAt" | "createdAt" | "-createdAt" | "updatedAt" | "-updatedAt" | "relevance";
                /** @description `body` adds resolved bodies. */
                include?: "body";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArticleList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createArticle: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ArticleCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getArticle: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` of the copy the client holds: answered with 304 and no body while it is current. */
                "If-None-Match"?: string;
            };
            path: {
                /** @description The article id, or its slug. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description The version of this representation: send it back as `If-None-Match` to revalidate (304 while unchanged). */
                    ETag: string;
                    /** @description A read without a token: `public, max-age=…` (PUBLIC_MAX_AGE seconds) with `stale-while-revalidate` and `stale-if-error`. With a token: `private, no-cache` (it may show drafts). */
                    "Cache-Control": string;
                    /** @description Keeps the public copy and a token holder’s copy apart in shared caches. */
                    Vary: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            /** @description Not Modified: the copy the client holds (If-None-Match) is current. No body. */
            304: {
                headers: {
                    /** @description The version of this representation: send it back as `If-None-Match` to revalidate (304 while unchanged). */
                    ETag: string;
                    /** @description A read without a token: `public, max-age=…` (PUBLIC_MAX_AGE seconds) with `stale-while-revalidate` and `stale-if-error`. With a token: `private, no-cache` (it may show drafts). */
                    "Cache-Control": string;
                    /** @description Keeps the public copy and a token holder’s copy apart in shared caches. */
                    Vary: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteArticle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The article id, or its slug. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateArticle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The article id, or its slug. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ArticleUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    addCorrection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The article id, or its slug. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CorrectionCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteCorrection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The article id, or its slug. */
                id: string;
                /** @description A correction id of this article. */
                correctionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateCorrection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The article id, or its slug. */
                id: string;
                /** @description A correction id of this article. */
                correctionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CorrectionUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getArticleJsonLd: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The article id, or its slug. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The NewsArticle. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/ld+json": components["schemas"]["NewsArticleJsonLd"];
                };
            };
            /** @description The copy the client holds (If-None-Match) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getArticleNinjs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The article id, or its slug. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ninjs document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ninjs"];
                };
            };
            /** @description The copy the client holds (If-None-Match) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createPreviewLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The article id, or its slug. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PreviewLinkCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreviewLink"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokePreviewLinks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The article id, or its slug. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listRevisions: {
        parameters: {
            query?: {
                /** @description Items per page, 1 to 100 (default 20). */
                limit?: number;
                /** @description The `meta.nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description The article id, or its slug. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevisionList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    diffRevisions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The article id, or its slug. */
                id: string;
                /** @description The revision to compare from. */
                a: number;
                /** @description The revision to compare to. */
                b: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevisionDiff"];
                };
            };
            /** @description Not modified. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getRevision: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The article id, or its slug. */
                id: string;
                revision: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Revision"];
                };
            };
            /** @description Not modified. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    restoreRevision: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The article id, or its slug. */
                id: string;
                revision: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    exportBundle: {
        parameters: {
            query?: {
                /** @description Only the articles of this section. */
                section?: string;
                /** @description Only the articles with this tag. */
                tag?: string;
                /** @description Only the articles changed at or after this time: their own update, or one of the images and quotes they show. */
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bundle, streamed as it is read. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Bundle"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getAtomFeed: {
        parameters: {
            query?: {
                /** @description Items, 1 to 100 (default 50). */
                limit?: number;
                /** @description Only articles of this section. */
                section?: string;
                /** @description Only articles with this tag. */
                tag?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Atom 1.0 feed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/atom+xml": string;
                };
            };
            /** @description The copy the client holds (If-None-Match) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getJsonFeed: {
        parameters: {
            query?: {
                /** @description Items, 1 to 100 (default 50). */
                limit?: number;
                /** @description Only articles of this section. */
                section?: string;
                /** @description Only articles with this tag. */
                tag?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON Feed 1.1 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/feed+json": components["schemas"]["JsonFeed"];
                };
            };
            /** @description The copy the client holds (If-None-Match) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getRssFeed: {
        parameters: {
            query?: {
                /** @description Items, 1 to 100 (default 50). */
                limit?: number;
                /** @description Only articles of this section. */
                section?: string;
                /** @description Only articles with this tag. */
                tag?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RSS 2.0 feed (with Media RSS) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/rss+xml": string;
                };
            };
            /** @description The copy the client holds (If-None-Match) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listImages: {
        parameters: {
            query?: {
                /** @description Items per page, 1 to 100 (default 20). */
                limit?: number;
                /** @description The `meta.nextCursor` of the previous page. */
                cursor?: string;
                /** @description Exact credit, e.g. `AP` (case-sensitive). */
                credit?: string;
                /** @description Full-text search over alt text, caption, credit, creator and copyright notice. */
                q?: string;
                /** @description Newest first by default. */
                sort?: "createdAt" | "-createdAt" | "updatedAt" | "-updatedAt";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createImage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImageCreate"];
                "multipart/form-data": components["schemas"]["ImageUpload"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Image"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getImage: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` of the copy the client holds: answered with 304 and no body while it is current. */
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description The version of this representation: send it back as `If-None-Match` to revalidate (304 while unchanged). */
                    ETag: string;
                    /** @description A read without a token: `public, max-age=…` (PUBLIC_MAX_AGE seconds) with `stale-while-revalidate` and `stale-if-error`. With a token: `private, no-cache` (it may show drafts). */
                    "Cache-Control": string;
                    /** @description Keeps the public copy and a token holder’s copy apart in shared caches. */
                    Vary: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Image"];
                };
            };
            /** @description Not Modified: the copy the client holds (If-None-Match) is current. No body. */
            304: {
                headers: {
                    /** @description The version of this representation: send it back as `If-None-Match` to revalidate (304 while unchanged). */
                    ETag: string;
                    /** @description A read without a token: `public, max-age=…` (PUBLIC_MAX_AGE seconds) with `stale-while-revalidate` and `stale-if-error`. With a token: `private, no-cache` (it may show drafts). */
                    "Cache-Control": string;
                    /** @description Keeps the public copy and a token holder’s copy apart in shared caches. */
                    Vary: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteImage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateImage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImageUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Image"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    importBundle: {
        parameters: {
            query?: {
                /** @description Validate and count what would change, without writing anything. */
                dryRun?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Bundle"];
                "multipart/form-data": components["schemas"]["ImportForm"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    readPreview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            410: components["responses"]["Gone"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listQuotes: {
        parameters: {
            query?: {
                /** @description Items per page, 1 to 100 (default 20). */
                limit?: number;
                /** @description The `meta.nextCursor` of the previous page. */
                cursor?: string;
                /** @description Exact speaker name, case-insensitive. */
                speaker?: string;
                /** @description Only the quotes this article (id or slug) uses. */
                articleId?: string;
                /** @description Full-text search over text, speaker and role. */
                q?: string;
                sort?: "createdAt" | "-createdAt" | "updatedAt" | "-updatedAt" | "saidAt" | "-saidAt";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuoteList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createQuote: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["QuoteCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Quote"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getQuote: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` of the copy the client holds: answered with 304 and no body while it is current. */
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description The version of this representation: send it back as `If-None-Match` to revalidate (304 while unchanged). */
                    ETag: string;
                    /** @description A read without a token: `public, max-age=…` (PUBLIC_MAX_AGE seconds) with `stale-while-revalidate` and `stale-if-error`. With a token: `private, no-cache` (it may show drafts). */
                    "Cache-Control": string;
                    /** @description Keeps the public copy and a token holder’s copy apart in shared caches. */
                    Vary: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Quote"];
                };
            };
            /** @description Not Modified: the copy the client holds (If-None-Match) is current. No body. */
            304: {
                headers: {
                    /** @description The version of this representation: send it back as `If-None-Match` to revalidate (304 while unchanged). */
                    ETag: string;
                    /** @description A read without a token: `public, max-age=…` (PUBLIC_MAX_AGE seconds) with `stale-while-revalidate` and `stale-if-error`. With a token: `private, no-cache` (it may show drafts). */
                    "Cache-Control": string;
                    /** @description Keeps the public copy and a token holder’s copy apart in shared caches. */
                    Vary: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteQuote: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateQuote: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["QuoteUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Quote"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getArticleSitemap: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The page, from 1. */
                n: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A sitemap (urlset with image:image). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/xml": string;
                };
            };
            /** @description The copy the client holds (If-None-Match) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getSitemapIndex: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A sitemap index. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/xml": string;
                };
            };
            /** @description The copy the client holds (If-None-Match) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getNewsSitemap: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A Google News sitemap (urlset with news:news). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/xml": string;
                };
            };
            /** @description The copy the client holds (If-None-Match) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listWebhooks: {
        parameters: {
            query?: {
                /** @description Items per page, 1 to 100 (default 20). */
                limit?: number;
                /** @description The `meta.nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Not modified. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description Items per page, 1 to 100 (default 20). */
                limit?: number;
                /** @description The `meta.nextCursor` of the previous page. */
                cursor?: string;
                /** @description Only deliveries in this state. */
                status?: "pending" | "succeeded" | "failed";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    retryWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryAccepted"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    testWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryAccepted"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
