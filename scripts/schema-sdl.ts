import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  lexicographicSortSchema,
  printSchema,
  printType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/** The schema file path, from the project root whether running from src (ts-jest) or dist. */
export function schemaFile(root = projectRoot()): string {
  return path.join(root, 'schema', 'schema.graphql');
}

/** The hub's federation SDL, as `_service { sdl }` answers it. */
export function subgraphFile(root = projectRoot()): string {
  return path.join(root, 'schema', 'subgraph.graphql');
}

/** The project root: the nearest folder above this file that holds package.json. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/**
 * The schema as SDL, sorted by name so that the printed file does not change
 * when resolvers are registered in another order.
 */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** Named types a partner sees: not the introspection types and not the built-in scalars. */
function ownTypes(schema: GraphQLSchema): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter((type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type));
}

/**
 * Everything in the schema that lacks a description, as readable paths:
 * `Type`, `Type.field`, `Type.field(arg)`, `Input.field`, `Enum.VALUE`.
 */
export function missingDescriptions(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const blank = (text: string | null | undefined) => !text || !text.trim();
  for (const type of ownTypes(schema)) {
    if (blank(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) {
          if (blank(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
      }
    }
  }
  return missing.sort();
}

/**
 * A short, readable summary of how the checked-in SDL differs from the code's:
 * types added, removed or changed, and for changed types the lines that differ.
 * Empty when they are the same.
 */
export function schemaDrift(checkedIn: string, current: string): string[] {
  if (checkedIn === current) return [];
  if (!checkedIn.trim()) return ['the checked-in file is missing or empty'];
  let before: GraphQLSchema;
  try {
    before = buildSchema(checkedIn, { assumeValid: true });
  } catch (error) {
    return [`the checked-in file is not a valid schema (${(error as Error).message})`];
  }
  const after = buildSchema(current, { assumeValid: true });
  const printed = (schema: GraphQLSchema) => new Map(ownTypes(schema).map((type) => [type.name, printType(type)] as const));
  const old = printed(before);
  const now = printed(after);
  const summary: string[] = [];
  for (const name of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(name);
    const b = now.get(name);
    if (a === b) continue;
    if (a === undefined) summary.push(`+ type ${name} (new in the code)`);
    else if (b === undefined) summary.push(`- type ${name} (gone from the code)`);
    else {
      summary.push(`~ type ${name} changed:`);
      const aLines = new Set(a.split('\n'));
      const bLines = new Set(b.split('\n'));
      for (const line of a.split('\n')) if (!bLines.has(line)) summary.push(`    - ${line.trim()}`);
      for (const line of b.split('\n')) if (!aLines.has(line)) summary.push(`    + ${line.trim()}`);
    }
  }
  // Same types, but the file differs (e.g. edited by hand, order or whitespace).
  if (!summary.length) summary.push('the file differs from the printed schema in order or formatting');
  return summary;
}
