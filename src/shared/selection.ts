import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

type Fragments = GraphQLResolveInfo['fragments'];

function collect(fragments: Fragments, set: SelectionSetNode | undefined, into: Map<string, FieldNode[]>): void {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === 'Field') {
      const name = selection.name.value;
      into.set(name, [...(into.get(name) ?? []), selection]);
    } else if (selection.kind === 'InlineFragment') {
      // Every type condition counts: fetching a column that one type does not use costs nothing.
      collect(fragments, selection.selectionSet, into);
    } else {
      collect(fragments, fragments[selection.name.value]?.selectionSet, into);
    }
  }
}

/**
 * Look-ahead on a request's selection: the fields selected under some field
 * nodes, by field name (aliases, fragments and inline fragments of every type
 * condition merged), so a list can fetch what is selected under it in the
 * same SQL statement (see `prefetch.ts`).
 */
export class Selection {
  private constructor(
    private readonly fields: Map<string, FieldNode[]>,
    private readonly fragments: Fragments,
  ) {}

  /** The selection under the field being resolved, or at `path` below it (e.g. `['edges', 'node']`). */
  static of(info: GraphQLResolveInfo, path: readonly string[] = []): Selection {
    const fields = new Map<string, FieldNode[]>();
    for (const node of info.fieldNodes) collect(info.fragments, node.selectionSet, fields);
    let selection = new Selection(fields, info.fragments);
    for (const name of path) selection = selection.under(name);
    return selection;
  }

  has(field: string): boolean {
    return this.fields.has(field);
  }

  /** Names of the selected fields. */
  names(): IterableIterator<string> {
    return this.fields.keys();
  }

  /** The selection under `field`. */
  under(field: string): Selection {
    const fields = new Map<string, FieldNode[]>();
    for (const node of this.fields.get(field) ?? []) collect(this.fragments, node.selectionSet, fields);
    return new Selection(fields, this.fragments);
  }
}

/**
 * The table columns a selection needs: a field named like an entity property
 * reads that column; `needs` names what other fields read (`[]`: only what is
 * always fetched; `null`: they may read anything, so every column). Answers
 * null when every column is needed, or the database names otherwise (`always`
 * included).
 */
export function columnsFor(
  columnOf: (field: string) => string | undefined,
  selection: Selection,
  needs: Readonly<Record<string, readonly string[] | null>>,
  always: readonly string[],
): string[] | null {
  const columns = new Set(always);
  for (const field of selection.names()) {
    if (field === '__typename') continue;
    if (Object.hasOwn(needs, field)) {
      const needed = needs[field];
      if (!needed) return null;
      for (const column of needed) columns.add(column);
      continue;
    }
    const column = columnOf(field);
    if (!column) return null;
    columns.add(column);
  }
  return [...columns];
}
