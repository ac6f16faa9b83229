import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from './context';
import { badInput } from '../shared/errors';
import { parseAnyGlobalId } from '../shared/global-id';
import { Node, nodeFetcher } from './node';

const MAX_NODES = 100;

/** Fetches objects of any type by global ID, one batch per type. Unknown or invisible IDs answer null. */
async function fetchNodes(ctx: Context, ids: readonly string[]): Promise<Array<object | null>> {
  const byType = new Map<string, Array<{ index: number; id: string }>>();
  ids.forEach((id, index) => {
    const parsed = parseAnyGlobalId(id);
    if (!parsed || !nodeFetcher(parsed.type)) return;
    const list = byType.get(parsed.type) ?? [];
    list.push({ index, id: parsed.id });
    byType.set(parsed.type, list);
  });
  const results: Array<object | null> = ids.map(() => null);
  await Promise.all(
    [...byType].map(async ([type, entries]) => {
      const found = await nodeFetcher(type)!(
        ctx,
        entries.map((entry) => entry.id),
      );
      entries.forEach((entry, i) => (results[entry.index] = found[i] ?? null));
    }),
  );
  return results;
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description:
      "Any object by its global ID; null when it does not exist or the viewer may not see it. Answered by the hub alone: behind a federation gateway it finds only the hub's objects (Apollo Federation has no agreed way to share `node` across subgraphs); other subgraphs reach our objects through `_entities`.",
  })
  async node(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global ID.' }) id: string): Promise<object | null> {
    const [found] = await fetchNodes(ctx, [id]);
    return found ?? null;
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `Objects by global IDs (at most ${MAX_NODES}), in the same order; null for each that does not exist or is not visible.`,
  })
  nodes(
    @Ctx() ctx: Context,
    @Arg('ids', () => [ID], { description: 'Global IDs.' }) ids: string[],
  ): Promise<Array<object | null>> {
    if (ids.length > MAX_NODES) throw badInput('ids', `at most ${MAX_NODES} IDs per request, got ${ids.length}.`);
    return fetchNodes(ctx, ids);
  }
}
