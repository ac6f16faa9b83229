import { badInput } from './errors';
import { type SqlParams, whereClause } from './sql';

/** `first` when the client gives none, and the most it may ask for. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Checks `first` (1..100) and applies the default. */
export function pageSize(first: number | null | undefined, field = 'first', max = MAX_PAGE_SIZE): number {
  if (first === undefined || first === null) return Math.min(DEFAULT_PAGE_SIZE, max);
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badInput(field, `must be between 1 and ${max}, got ${first}.`);
  }
  return first;
}

/** One sort key of a keyset-paginated list. The last key must make the order unique (the id). */
export interface SortKey {
  /** SQL expression; must never be NULL (wrap in coalesce). */
  expr: string;
  direction: 'ASC' | 'DESC';
  /** SQL type the cursor value is cast to when compared. */
  type: 'text' | 'float8' | 'timestamptz' | 'uuid' | 'int';
}

/**
 * A list query over one table: the rows matching `where`, ordered by `order`,
 * optionally grouped under parents (`partitionBy`, for nested lists such as
 * `Municipality.organisations`, fetched for all parents in one statement).
 */
export interface ListSpec {
  /** FROM clause with joins, e.g. `organisation o`. */
  from: string;
  /** Columns to return, e.g. `o.*`; a function when they bind parameters (built only for page queries, like `order`). */
  select: string | (() => string);
  where: string[];
  params: SqlParams;
  /** Built only for page queries (its expressions may bind parameters a count must not carry). */
  order: () => SortKey[];
  /** A name for the order, stored in cursors so a cursor of another order is refused. */
  orderName: string;
  /**
   * `select` names its columns (no `*`): the page query then goes as a
   * prepared statement (see `queryRows`) and, unless partitioned, answers
   * the whole page as one JSON value (see `pageQuery`); its rows are JSON
   * objects then, to be hydrated with `hydrateJson`.
   */
  namedColumns?: boolean;
  /** Nested lists: expression of the parent id and the parent ids to fetch. */
  partition?: { expr: string; ids: readonly string[] };
}

/** One item of a page with its cursor: a connection's edge. */
export interface PageEdge<Node> {
  readonly node: Node;
  readonly cursor: string;
}

export interface Page<Node> {
  edges: Array<PageEdge<Node>>;
  hasNextPage: boolean;
}

/**
 * An edge whose cursor is encoded on first read, from its sort-key values:
 * encoding costs a JSON and a base64 step per item, and most pages select no cursor.
 */
class LazyCursorEdge<Node> implements PageEdge<Node> {
  private encoded?: string;
  constructor(
    readonly node: Node,
    private readonly orderName: string,
    private readonly keys: unknown[],
  ) {}

  get cursor(): string {
    this.encoded ??= encodeCursor(this.orderName, this.keys.map(cursorValue));
    return this.encoded;
  }
}

interface CursorPayload {
  o: string;
  k: Array<string | number>;
}

export function encodeCursor(orderName: string, keys: Array<string | number>): string {
  return Buffer.from(JSON.stringify({ o: orderName, k: keys } satisfies CursorPayload)).toString('base64url');
}

/** The sort-key values inside a cursor, or BAD_USER_INPUT naming `field`. */
export function decodeCursor(
  cursor: string,
  orderName: string,
  order: readonly SortKey[],
  field = 'after',
): Array<string | number> {
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPayload;
  } catch {
    throw badInput(field, 'is not a cursor returned by this list.');
  }
  const valid =
    payload &&
    typeof payload === 'object' &&
    payload.o === orderName &&
    Array.isArray(payload.k) &&
    payload.k.length === order.length &&
    payload.k.every((k, i) => fitsSortKey(k, order[i]!.type));
  if (!valid) throw badInput(field, 'is not a cursor of this list and order; start again without `after`.');
  return payload.k;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// PostgreSQL's text output of timestamptz (what cursors carry), e.g. "2026-03-01 10:00:00.123456+00".
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-](0\d|1[0-5])(:?[0-5]\d){0,2}|Z)$/;

/** A real moment in PostgreSQL's timestamptz text form (no 31 February, no hour 25). */
function isTimestamp(value: string): boolean {
  const parts = TIMESTAMP.exec(value);
  if (!parts) return false;
  const [date, time] = value.split(/[ T]/) as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute, second] = time.slice(0, 8).split(':').map(Number) as [number, number, number];
  const moment = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    year >= 1 &&
    moment.getUTCFullYear() === year &&
    moment.getUTCMonth() === month - 1 &&
    moment.getUTCDate() === day &&
    moment.getUTCHours() === hour &&
    moment.getUTCMinutes() === minute &&
    moment.getUTCSeconds() === second
  );
}

/**
 * Whether a cursor value can stand for a sort key of this type. Cursors are
 * opaque but not trusted: a forged value that PostgreSQL cannot cast would
 * fail the statement, which must be the client's BAD_USER_INPUT, not ours.
 */
function fitsSortKey(value: unknown, type: SortKey['type']): boolean {
  switch (type) {
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'text':
      return typeof value === 'string' && value.length <= 1_000 && !value.includes('\u0000');
    case 'timestamptz':
      return typeof value === 'string' && isTimestamp(value);
    case 'float8':
      return typeof value === 'number' && Number.isFinite(value);
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value) && Math.abs(value) <= 2_147_483_647;
  }
}

/** `(k1, k2, ...) > (c1, c2, ...)` for keys with mixed directions. */
function keysetCondition(order: readonly SortKey[], values: ReadonlyArray<string | number>, params: SqlParams): string {
  const placeholders = order.map((key, i) => params.add(values[i], key.type));
  const disjuncts = order.map((key, i) => {
    const equal = order.slice(0, i).map((previous, j) => `${previous.expr} = ${placeholders[j]}`);
    const step = `${key.expr} ${key.direction === 'ASC' ? '>' : '<'} ${placeholders[i]}`;
    return [...equal, step].join(' AND ');
  });
  return disjuncts.map((d) => `(${d})`).join(' OR ');
}

function cursorValue(value: unknown): string | number {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return value;
  return String(value);
}

/**
 * The SQL for one page: keyset after `after`, `first + 1` rows (to know
 * whether there is a next page), per parent when partitioned.
 */
export function pageQuery(
  spec: ListSpec,
  first: number,
  after?: string | null,
): { sql: string; params: unknown[]; order: SortKey[]; json: boolean } {
  const where = [...spec.where];
  const order = spec.order();
  if (after) where.push(keysetCondition(order, decodeCursor(after, spec.orderName, order), spec.params));
  const orderBy = order.map((key) => `${key.expr} ${key.direction}`).join(', ');
  // Timestamps travel as text: a JS Date would cut PostgreSQL's microseconds and break ties.
  const sortColumns = order
    .map((key, i) => `${key.type === 'timestamptz' ? `(${key.expr})::text` : key.expr} AS "_sort${i}"`)
    .join(', ');
  // A literal, not a parameter: with `LIMIT $n` PostgreSQL's generic plan of a prepared page estimates a tenth
  // of the matching rows and looks dearer than a custom plan, so it planned the statement again at every run
  // (with the event table's indexes, as long as running it: issue 9). `first` is a checked integer.
  if (!Number.isSafeInteger(first) || first < 0) throw new RangeError(`page size must be a non-negative integer, not ${first}`);
  const limit = String(first + 1);
  const select = typeof spec.select === 'function' ? spec.select() : spec.select;
  if (!spec.partition) {
    const page = `SELECT ${select}, ${sortColumns} FROM ${spec.from} ${whereClause(where)} ORDER BY ${orderBy} LIMIT ${limit}`;
    // One JSON value for the page: the driver then parses one string instead of every column of every row with
    // its type's parser, which was about a third of the CPU time of a page (as PostGraphile does; json_agg takes
    // the rows in the order the limited subquery delivers them).
    if (spec.namedColumns) {
      return {
        sql: `SELECT coalesce(json_agg(page), '[]') AS page FROM (${page}) page`,
        params: spec.params.values,
        order,
        json: true,
      };
    }
    return { sql: page, params: spec.params.values, order, json: false };
  }
  where.push(`${spec.partition.expr} = ANY(${spec.params.add(spec.partition.ids, 'uuid[]')})`);
  return {
    sql: `SELECT * FROM (
        SELECT ${select}, ${sortColumns}, ${spec.partition.expr} AS "_parent",
               row_number() OVER (PARTITION BY ${spec.partition.expr} ORDER BY ${orderBy}) AS "_rank"
        FROM ${spec.from} ${whereClause(where)}
      ) ranked WHERE "_rank" <= ${limit} ORDER BY "_parent", "_rank"`,
    params: spec.params.values,
    order,
    json: false,
  };
}

/** Splits the rows of {@link pageQuery} into pages (one per parent when partitioned). */
export function toPages<Row>(
  spec: ListSpec,
  order: readonly SortKey[],
  first: number,
  rawRows: Array<Record<string, unknown>>,
  hydrate: (raw: Record<string, unknown>) => Row,
): Map<string, Page<Row>> {
  const grouped = new Map<string, Array<Record<string, unknown>>>();
  for (const raw of rawRows) {
    const parent = spec.partition ? String(raw._parent) : '';
    const list = grouped.get(parent) ?? [];
    list.push(raw);
    grouped.set(parent, list);
  }
  const pages = new Map<string, Page<Row>>();
  for (const parent of spec.partition ? spec.partition.ids : ['']) {
    const raws = grouped.get(parent) ?? [];
    pages.set(parent, {
      hasNextPage: raws.length > first,
      edges: raws.slice(0, first).map(
        (raw) =>
          new LazyCursorEdge(
            hydrate(raw),
            spec.orderName,
            order.map((_, i) => raw[`_sort${i}`]),
          ),
      ),
    });
  }
  return pages;
}

/** COUNT of the matching rows, per parent when partitioned (cursor ignored). */
export function countQuery(spec: ListSpec): { sql: string; params: unknown[] } {
  const where = [...spec.where];
  if (!spec.partition) {
    return { sql: `SELECT count(*)::int AS count FROM ${spec.from} ${whereClause(where)}`, params: spec.params.values };
  }
  where.push(`${spec.partition.expr} = ANY(${spec.params.add(spec.partition.ids, 'uuid[]')})`);
  return {
    sql: `SELECT ${spec.partition.expr} AS "_parent", count(*)::int AS count FROM ${spec.from} ${whereClause(where)} GROUP BY 1`,
    params: spec.params.values,
  };
}
