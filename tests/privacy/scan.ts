import type { TestHub } from '../helpers/hub';

/**
 * The test's own search of the whole database, independent of src/privacy:
 * every column of every table whose type can hold text (text, varchar,
 * arrays, json, jsonb, tsvector and any other type castable to text:
 * every column is cast), counted per table and column.
 */
export async function copiesOf(hub: TestHub, value: string): Promise<Record<string, number>> {
  const columns: Array<{ table_name: string; column_name: string }> = await hub.db.query(
    `SELECT c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      ORDER BY 1, 2`,
  );
  const copies: Record<string, number> = {};
  for (const { table_name: table, column_name: column } of columns) {
    const [row] = await hub.db.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}"::text ILIKE $1`, [
      `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    ]);
    if (Number(row.n)) copies[`${table}.${column}`] = Number(row.n);
  }
  return copies;
}

/** Records per table (a record counted once however many of its columns hold the value). */
export async function recordsPerTable(hub: TestHub, value: string): Promise<Record<string, number>> {
  const tables: Array<{ table_name: string }> = await hub.db.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = await hub.db.query(`SELECT count(*)::int AS n FROM "${table}" t WHERE t::text ILIKE $1`, [
      `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    ]);
    if (Number(row.n)) counts[table] = Number(row.n);
  }
  return counts;
}
