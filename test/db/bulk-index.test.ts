// Unit: every trigger that a bulk load catches up in one statement (bulk-index.ts CATCH_UP) is, in a database
// migrated to the latest schema, the trigger that statement was written for: a migration that changes one makes
// this fail until its statement is brought up to date (until then the trigger simply keeps running row by row).
import { describe, expect, it } from 'vitest';
import { CATCH_UP, triggerFingerprint } from '../../src/db/bulk-index.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { tempDataDir } from '../helpers/app.js';

describe('bulk catch-up statements', () => {
  it('match the triggers of the migrated schema', () => {
    const db = openDatabase({ dataDir: tempDataDir() });
    try {
      const triggers = db.$client
        .prepare<[], { name: string; tbl_name: string; sql: string }>(
          "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'",
        )
        .all();
      for (const [name, catchUp] of Object.entries(CATCH_UP)) {
        const trigger = triggers.find((row) => row.name === name);
        expect(trigger, name).toBeDefined();
        expect(trigger!.tbl_name, name).toBe(catchUp.table);
        expect(triggerFingerprint(trigger!.sql), `${name}: its SQL changed; update its CATCH_UP statement`).toBe(
          catchUp.fingerprint,
        );
        // Each statement compiles against the schema.
        expect(() => db.$client.prepare(catchUp.sql)).not.toThrow();
      }
    } finally {
      closeDatabase(db);
    }
  });
});
