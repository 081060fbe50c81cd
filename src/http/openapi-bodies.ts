import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { z } from 'zod';

export type SwaggerDocument = Parameters<typeof jsonSchemaTransform>[0];
export type Transformed = { schema: Record<string, unknown>; url: string };

/**
 * A route's `swaggerTransform` for a POST that takes JSON or multipart/form-data. Fastify validates the JSON body
 * (the route's body schema lists only that content type, so a multipart request reaches the handler, which reads
 * its parts itself); this documents both bodies in OpenAPI, each with its own schema.
 */
export function jsonOrMultipartBody(json: z.ZodType, form: z.ZodType) {
  return (document: SwaggerDocument) => {
    const jsonDoc = jsonSchemaTransform({ ...document, schema: { ...document.schema, body: json } }) as Transformed;
    const formDoc = jsonSchemaTransform({ ...document, schema: { body: form } }) as Transformed;
    return {
      ...jsonDoc,
      schema: {
        ...jsonDoc.schema,
        body: {
          content: {
            'application/json': { schema: jsonDoc.schema.body },
            'multipart/form-data': { schema: formDoc.schema.body },
          },
        },
      },
    };
  };
}
