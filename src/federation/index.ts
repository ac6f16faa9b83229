/**
 * Federation: the hub as an Apollo Federation 2 subgraph. The slice sits
 * above the domain slices (it resolves their Node types as entities) and below
 * the server (which serves the subgraph schema).
 *
 * Two more entry points serve the tools around the hub, not the hub itself,
 * and stay out of its process: `./supergraph` (composition, for
 * `npm run supergraph:compose`) and `./gateway` (Hive Gateway, for
 * `npm run gateway`).
 */
export { buildHubSubgraph, FEDERATION_VERSION, serviceSdl, SHAREABLE_TYPES } from './subgraph';
export { MAX_REPRESENTATIONS } from './entities';
