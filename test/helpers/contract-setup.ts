import diagnostics from 'node:diagnostics_channel';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll } from 'vitest';
import {
  type CheckedResponse,
  type Contract,
  contractFor,
  isUnlisted,
  mediaTypeOf,
  type OpenApiDocument,
  referenceContract,
} from './contract.js';

// Registered in vitest.config.ts (setupFiles): every response a test receives is checked against the OpenAPI
// document of the server that sent it (test/helpers/contract.ts), and a mismatch fails that test.
// - app.inject: Fastify publishes each instance it creates on the `fastify.initialization` diagnostics channel,
//   so every app, however a test builds it, gets an inject that checks against that app's own app.swagger(), the
//   document GET /openapi.json serves.
// - fetch: answers from an app listening in this process are checked against its document; from a child server
//   process (test/server/child-server.ts), against the document an app built from the same source serves.
// A request sent on purpose where the document lists nothing is marked with unlisted() (test/helpers/contract.ts).

type Inject = FastifyInstance['inject'];
type Documented = FastifyInstance & { swagger?: () => OpenApiDocument };

const apps = new Set<Documented>();
const contracts = new WeakMap<object, Contract>();

function contractOf(app: Documented): Contract | undefined {
  // An app without @fastify/swagger serves no document: nothing to check against.
  if (typeof app.swagger !== 'function') return undefined;
  let contract = contracts.get(app);
  if (!contract) {
    contract = contractFor(app.swagger());
    contracts.set(app, contract);
  }
  return contract;
}

/** Runs the check; a mismatch is thrown with the stack of the test's call, so the failure points at that line. */
function checkAt(callSite: Error, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof Error)
      error.stack = `${error.name}: ${error.message}\n${callSite.stack?.split('\n').slice(2).join('\n')}`;
    throw error;
  }
}

function injectTarget(options: InjectOptions | string): { method: string; url: string } {
  if (typeof options === 'string') return { method: 'GET', url: options };
  const target = options.url ?? options.path;
  const url = typeof target === 'string' ? target : ((target as { pathname?: string } | undefined)?.pathname ?? '/');
  return { method: String(options.method ?? 'GET'), url };
}

function wrapInject(app: Documented): void {
  const inject = app.inject.bind(app) as (...args: unknown[]) => unknown;
  const checked = async (options: InjectOptions | string, callSite: Error) => {
    const response = await (inject(options) as ReturnType<Inject>);
    checkAt(callSite, () =>
      contractOf(app)?.check(
        injectTarget(options),
        { status: response.statusCode, headers: response.headers, body: response.payload },
        { unlisted: isUnlisted(options) },
      ),
    );
    return response;
  };
  app.inject = ((...args: unknown[]) => {
    // Only the promise form is checked; the callback and chain forms would slip past it, so they are refused.
    if (args.length !== 1 || args[0] === undefined) {
      throw new Error(
        'Tests call app.inject(options) and await it, so that the answer is checked against the document',
      );
    }
    return checked(args[0] as InjectOptions | string, new Error());
  }) as Inject;
}

function onInitialization(message: unknown): void {
  const app = (message as { fastify: Documented }).fastify;
  wrapInject(app);
  apps.add(app);
  app.addHook('onClose', async () => {
    apps.delete(app);
  });
}

function contractOfOrigin(url: URL): Contract | Promise<Contract> | undefined {
  for (const app of apps) {
    const address = app.server.listening ? app.server.address() : null;
    if (address && typeof address === 'object' && String(address.port) === url.port) return contractOf(app);
  }
  return referenceContract();
}

const originalFetch = globalThis.fetch;

async function checkedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const callSite = new Error();
  const response = await originalFetch(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') return response;
  const contract = await contractOfOrigin(url);
  if (!contract) return response;
  const type = mediaTypeOf(response.headers.get('content-type'));
  // Pictures are not read here (only their status and type are checked); anything JSON, or untyped, is.
  const body = type === undefined || type === 'application/json' || type.endsWith('+json');
  const checked: CheckedResponse = {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: body ? await response.clone().text() : undefined,
  };
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  checkAt(callSite, () =>
    contract.check({ method, url: `${url.pathname}${url.search}` }, checked, { unlisted: isUnlisted(init) }),
  );
  return response;
}

const channel = diagnostics.channel('fastify.initialization');
channel.subscribe(onInitialization);
globalThis.fetch = checkedFetch as typeof fetch;

afterAll(() => {
  channel.unsubscribe(onInitialization);
  globalThis.fetch = originalFetch;
});
