import type { DocumentNode, ValidationContext } from 'graphql';

/**
 * What an operation costs, from graphql-armor's cost analysis (the one that
 * enforces GRAPHQL_MAX_COST: objects 2, scalars 1, ×1.5 per level, lists
 * multiplied by their `first`/`last`). Armor reports the figure to
 * `onAccept` while it validates a document; it is kept here per document, so
 * a document Apollo has cached (and does not validate again) keeps its cost.
 */
const costs = new WeakMap<DocumentNode, number>();

/** graphql-armor's `costLimit.onAccept` callback. */
export function recordCost(context: ValidationContext | null, details: { n: number }): void {
  const document = context?.getDocument();
  if (!document) return;
  // A document with several operations: charge the dearest (only one runs, the client picks which).
  costs.set(document, Math.max(costs.get(document) ?? 0, details.n));
}

/** The requested cost of `document`, at least 1 (introspection is free in armor's count, not here). */
export function requestedCost(document: DocumentNode | undefined): number {
  return Math.max(1, Math.ceil((document && costs.get(document)) || 1));
}

/**
 * The cost of what was actually answered, by the same weights over the
 * result instead of the document: lists count their real length instead of
 * `first`. Reported in `extensions.cost.actual`; the budget is charged the
 * requested cost, as GitHub and Shopify do before they run a query.
 */
export function actualCost(data: unknown): number {
  const walk = (value: unknown): number => {
    if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + walk(item), 0);
    if (value && typeof value === 'object') {
      let children = 0;
      for (const child of Object.values(value)) children += walk(child);
      return 2 + 1.5 * children;
    }
    return 1;
  };
  if (!data || typeof data !== 'object') return 0;
  let total = 0;
  for (const child of Object.values(data)) total += walk(child);
  return Math.ceil(total);
}
