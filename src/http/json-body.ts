import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { formatPath } from './errors.js';
import { problems } from './problems.js';

// JSON bodies are text an editor wrote: they are stored and served back verbatim, so what cannot be stored
// verbatim is refused here with a 400 instead of being silently altered. Fastify's own parser decodes invalid
// UTF-8 as U+FFFD and lets lone surrogates (`"\ud800"`) through, which SQLite would then store as U+FFFD:
// either way the text read back would not be the text sent.

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Matches a UTF-16 surrogate that is not half of a pair (with the `u` flag, pairs are whole code points). */
const LONE_SURROGATE = /\p{Cs}/u;

/** A JSON escape of a surrogate (`\uD800` to `\uDFFF`): only such an escape can put one in strict UTF-8 JSON. */
export const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** `charset` from a Content-Type header, lower-cased; undefined when there is none. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

type Node = { value: unknown; segment?: PropertyKey; parent?: Node };

function pathOf(node: Node, last?: PropertyKey): string {
  const segments: PropertyKey[] = last === undefined ? [] : [last];
  for (let at: Node | undefined = node; at?.segment !== undefined; at = at.parent) segments.unshift(at.segment);
  return formatPath(segments) || '(body)';
}

/**
 * Paths (`body[2].text`) of the strings or keys holding a lone surrogate. Iterative, with parent links rather than
 * copied paths: a hostile body nested a hundred thousand levels deep must neither overflow the stack nor take
 * quadratic time.
 */
export function unpairedSurrogatePaths(value: unknown, limit = 20): string[] {
  const found: string[] = [];
  const stack: Node[] = [{ value }];
  while (stack.length > 0 && found.length < limit) {
    const node = stack.pop()!;
    const current = node.value;
    if (typeof current === 'string') {
      if (LONE_SURROGATE.test(current)) found.push(pathOf(node));
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        stack.push({ value: current[index], segment: index, parent: node });
      }
    } else if (typeof current === 'object' && current !== null) {
      const keys = Object.keys(current);
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index]!;
        if (LONE_SURROGATE.test(key)) found.push(pathOf(node, key));
        else stack.push({ value: (current as Record<string, unknown>)[key], segment: key, parent: node });
      }
    }
  }
  return found;
}

type ParserDone = (error: Error | null, value?: unknown) => void;

/**
 * The JSON body parser every route uses (the bytes as received): also used by a route that parses its body
 * elsewhere (import.routes.ts) to answer text it cannot load exactly as any other JSON body is answered.
 */
export function strictJsonParser(app: FastifyInstance) {
  // The same __proto__ / constructor poisoning guards Fastify's default parser applies (both refused with a 400).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, body: Buffer, done: ParserDone): void => {
    const charset = charsetOf(request.headers['content-type']);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      done(problems.unsupportedCharset(charset));
      return;
    }
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      done(problems.invalidUtf8());
      return;
    }
    parseJson(request, text, (error, value) => {
      if (error) {
        done(error);
        return;
      }
      // Strict UTF-8 cannot carry a surrogate, so only a `\uD800`-`\uDFFF` escape can make one: most bodies
      // have none and skip the walk.
      const paths = SURROGATE_ESCAPE.test(text) ? unpairedSurrogatePaths(value) : [];
      if (paths.length > 0) done(problems.unpairedSurrogates(paths));
      else done(null, value);
    });
  };
}

async function jsonBodyPlugin(app: FastifyInstance) {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, strictJsonParser(app));
}

export default fp(jsonBodyPlugin, { name: 'json-body' });
