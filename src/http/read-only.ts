import type { preValidationHookHandler } from 'fastify';

/**
 * The contract lets a client send back what it read: read-only fields (id, createdAt, …) are accepted and
 * ignored. Removing them before validation keeps the input schemas strict, so any other unknown field (an
 * editor's typo) is still a 400 that names it.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function dropKeys(value: unknown, keys: readonly string[]): void {
  if (!isPlainObject(value)) return;
  for (const key of keys) delete value[key];
}

export function stripReadOnly(keys: readonly string[]): preValidationHookHandler {
  return async (request) => {
    dropKeys(request.body, keys);
  };
}
