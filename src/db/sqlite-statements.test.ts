import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { withStatementCache } from './sqlite-statements.ts';

describe('SQLite statement cache', () => {
  it('prepares each SQL text once and runs it with new parameters each time', () => {
    const handle = new SqliteDatabase(':memory:');
    const prepare = vi.spyOn(handle, 'prepare');
    const db = withStatementCache(handle);
    db.prepare('create table t (n integer)').run([]);
    for (let n = 1; n <= 3; n++) db.prepare('insert into t (n) values (?)').run([n]);
    expect(db.prepare('select sum(n) as total from t where n > ?').all([1])).toEqual([{ total: 5 }]);
    expect(db.prepare('select sum(n) as total from t where n > ?').all([2])).toEqual([{ total: 3 }]);
    expect(prepare).toHaveBeenCalledTimes(3);
    db.close();
  });

  it('keeps at most `max` statements, dropping the oldest', () => {
    const handle = new SqliteDatabase(':memory:');
    const prepare = vi.spyOn(handle, 'prepare');
    const db = withStatementCache(handle, 2);
    for (const n of [1, 2, 3]) db.prepare(`select ${n}`);
    expect(db.size).toBe(2);
    db.prepare('select 3');
    db.prepare('select 1');
    expect(prepare.mock.calls.map(([sql]) => sql)).toEqual(['select 1', 'select 2', 'select 3', 'select 1']);
    db.close();
  });
});
