// Scaffolding while the PostgreSQL stores are written in parallel (each *.pg.ts file replaces its use of this):
// a store whose every method rejects. Deleted once no store uses it; nothing may ship with it.
export function unbuilt<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) =>
      property === 'then'
        ? undefined
        : () => Promise.reject(new Error(`${name}.${String(property)}: not built on PostgreSQL yet`)),
  });
}
