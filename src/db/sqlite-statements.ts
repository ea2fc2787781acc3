// better-sqlite3 compiles a statement on every prepare(), and Kysely's SQLite driver calls
// prepare() for every query it runs, so each query paid for its compilation again (a sixth of
// the webhook ingest profile). Statements are kept by their SQL text instead; Kysely builds the
// same text for the same query shape, with values as parameters.
import type { Database, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

// Enough for every query shape Baton has; shapes that vary with a list's length (IN lists,
// multi-row inserts) come and go, oldest first.
const MAX_STATEMENTS = 500;

export function withStatementCache(handle: Database, max = MAX_STATEMENTS): SqliteDatabase & { readonly size: number } {
  const statements = new Map<string, Statement>();
  return {
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = handle.prepare(sql);
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      handle.close();
    },
    get size() {
      return statements.size;
    },
  };
}
