// DATABASE_URL carries a password: every message that shows the URL shows it through redactDatabaseUrl, so neither
// a refused setting, a failed connection nor a failed migration ever prints it.

/** Whether the value selects PostgreSQL: a postgres:// or postgresql:// URL that parses. */
export function isPostgresUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'postgres:' || protocol === 'postgresql:';
}

/**
 * The URL with its password (in the user-info part or as a `password=` parameter, both of which libpq and pg
 * accept) replaced by `***`. A value that does not parse as a URL is not shown at all: where a password would sit
 * in it cannot be known.
 */
export function redactDatabaseUrl(value: string): string {
  if (!URL.canParse(value)) return '(a value that is not a URL)';
  const url = new URL(value);
  if (url.password) url.password = '***';
  if (url.searchParams.has('password')) url.searchParams.set('password', '***');
  return url.toString().replace('password=%2A%2A%2A', 'password=***');
}

/** `text` with every occurrence of the URL's password replaced by `***` (driver messages may quote the URL). */
export function withoutPassword(text: string, databaseUrl: string): string {
  if (!URL.canParse(databaseUrl)) return text;
  const url = new URL(databaseUrl);
  const secrets = [url.password, decodeURIComponent(url.password), url.searchParams.get('password') ?? '']
    .filter((secret) => secret.length > 0)
    .sort((a, b) => b.length - a.length);
  return secrets.reduce((result, secret) => result.split(secret).join('***'), text);
}
