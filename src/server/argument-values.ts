/* eslint-disable @typescript-eslint/no-require-imports */
import type { FieldNode, DirectiveNode, GraphQLField, GraphQLDirective } from 'graphql';

/**
 * graphql-js (16) coerces the arguments of every field it resolves, for each
 * object anew: two dictionary-mode objects (`Object.create(null)`) per field,
 * whether the field takes arguments or not. On a page of 50 events with their
 * organisers that was about a quarter of all the memory a request allocated
 * (heap sampling, issue 9). graphql-js itself notes the fix ("TODO: find a way
 * to memoize, in case this field is within a List type"): the coerced values
 * depend only on the field's definition, its node in the (cached, shared)
 * document and the request's variables, so they are remembered per node and
 * definition (one node of an interface's selection meets the fields of
 * several types) — for a node without arguments once, otherwise for the
 * variables object of the request that asked last (one entry: concurrent
 * requests with other variables only miss, never share). The remembered
 * values are frozen: a resolver that changed its arguments would otherwise
 * change them for the next object; none does, and one that tried would fail
 * loudly instead.
 */
type Definition = GraphQLField<unknown, unknown> | GraphQLDirective;
type Node = FieldNode | DirectiveNode;
type Coerce = (def: Definition, node: Node, variables?: Record<string, unknown> | null) => Record<string, unknown>;

interface Remembered {
  variables: Record<string, unknown> | null | undefined;
  values: Record<string, unknown>;
}

let installed = false;

/** Replaces graphql-js's `getArgumentValues` with the memoised one (idempotent). */
export function installArgumentValuesMemo(): void {
  if (installed) return;
  installed = true;
  const values = require('graphql/execution/values') as { getArgumentValues: Coerce };
  const coerce = values.getArgumentValues;
  const remembered = new WeakMap<Node, Map<Definition, Remembered>>();
  values.getArgumentValues = function getArgumentValues(def, node, variables) {
    // Without arguments in the document the answer does not depend on the variables (only defaults apply).
    const independent = !node.arguments?.length;
    let byDefinition = remembered.get(node);
    const known = byDefinition?.get(def);
    if (known && (independent || known.variables === variables)) return known.values;
    const coerced = Object.freeze(coerce(def, node, variables));
    if (!byDefinition) remembered.set(node, (byDefinition = new Map()));
    byDefinition.set(def, { variables, values: coerced });
    return coerced;
  };
}
