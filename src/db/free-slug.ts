import type { EntityManager } from 'typeorm';
import { slugOf } from '../shared/slug';
import { queryRows } from './query-rows';

/**
 * A free slug for `name` in `table` ("moschee-vellmar", "moschee-vellmar-2",
 * ...), `fallback` when the name has none; a row `selfId` keeps its own.
 * Writers of the same slug take turns until commit (a transaction-scoped
 * advisory lock), so each sees the slugs chosen before it: without the lock,
 * two concurrent creates chose the same slug and one failed as if the client
 * had given it.
 */
export async function freeSlug(
  manager: EntityManager,
  table: 'organisation' | 'campaign',
  name: string,
  fallback: string,
  selfId?: string,
): Promise<string> {
  const base = slugOf(name).slice(0, 70).replace(/-+$/, '') || fallback;
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('wir-hub:${table}-slug:' || $1))`, [base]);
  const rows = await queryRows<{ slug: string }>(
    manager,
    `SELECT slug FROM ${table} WHERE (slug = $1 OR slug LIKE $1 || '-%') AND id IS DISTINCT FROM $2::uuid`,
    [base, selfId ?? null],
  );
  const taken = new Set(rows.map((row) => row.slug));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}
