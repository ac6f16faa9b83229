/**
 * Values a list statement fetched for a nested field of its rows (a
 * municipality, organisers, federations), attached to the row so that the
 * nested resolver reads them instead of asking its DataLoader. A symbol
 * property, so copies made with `Object.assign` (e.g. organisers stripped of
 * their messages) keep it, and no GraphQL field can reach it.
 */
const PREFETCHED = Symbol('prefetched');

type Carrier = { [PREFETCHED]?: Record<string, unknown> };

/** Attaches what was fetched for `field` of `row`. */
export function attachPrefetched(row: object, field: string, value: unknown): void {
  const carrier = row as Carrier;
  (carrier[PREFETCHED] ??= {})[field] = value;
}

/** What was fetched for `field` of `row`, or undefined when nothing was (ask the loader then). */
export function prefetched<T>(row: object, field: string): T | undefined {
  return (row as Carrier)[PREFETCHED]?.[field] as T | undefined;
}
