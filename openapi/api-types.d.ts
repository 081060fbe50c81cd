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
        /** Liveness */
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
        /** Readiness: the database answers */
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
        /** @description Read-only fields (id, createdAt, updatedAt, leadImage, and the resolved `image` / `quote` of blocks) are accepted and ignored; any other unknown field is a 400. */
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
        /** @description A partial update: only the fields sent change. Read-only fields (id, createdAt, updatedAt, leadImage, and the resolved `image` / `quote` of blocks) are accepted and ignored; any other unknown field is a 400. */
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
        /** @description A fixture bundle. Loading is all or nothing and idempotent: articles are matched by slug, images and quotes by key, and a matched item is updated in place, keeping its id. A bad bundle changes nothing; every bad item is reported with its place (`articles[3].body[2].quote`). */
        Bundle: {
            images?: components["schemas"]["BundleImage"][];
            quotes?: components["schemas"]["BundleQuote"][];
            articles?: components["schemas"]["BundleArticle"][];
        };
        /** @description An article, as POST /v1/articles takes it (a missing `slug` is made from the headline), with images and quotes named by bundle key or by id. Loaded again, it takes the bundle's values: a field left out takes its create default (null, [], draft), except publishedAt, which is then kept. Read-only fields (id, createdAt, updatedAt) are accepted and ignored. */
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
        ListMeta: {
            /** @description How many items match the filters, across all pages. */
            total: number;
            limit: number;
            /** @description Pass as `cursor` for the next page; null on the last. */
            nextCursor: string | null;
        };
        ParagraphBlock: {
            /** @constant */
            type: "paragraph";
            text: string;
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
        };
        /** @description A statement, with who said it, in what role, where and when. */
        Quote: {
            /** @example 01JGB1R6ZQ8K9V3M2N4P5Q6R7S */
            id: string;
            text: string;
            /** @example Volodymyr Zelensky */
            speaker: string;
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
            /** @description Their role when they said it. */
            speakerRole?: string | null;
            organisation?: string | null;
            /** @description Where it was said: Telegram, statement, interview… */
            channel?: string | null;
            sourceUrl?: string | null;
            /** @description When it was said; any offset, stored in UTC. */
            saidAt?: string | null;
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
}
