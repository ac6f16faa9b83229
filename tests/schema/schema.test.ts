import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, GraphQLSchema } from 'graphql';
import { hubSchema } from '../../src/schema';
import { missingDescriptions, printSortedSchema, schemaDrift } from '../../scripts/schema-sdl';

const file = path.join(__dirname, '..', '..', 'schema', 'schema.graphql');

test('schema/schema.graphql matches the schema built from the code', async () => {
  const current = printSortedSchema(await hubSchema());
  const checkedIn = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const drift = schemaDrift(checkedIn, current);
  if (drift.length) {
    throw new Error(
      `schema/schema.graphql has drifted from the code — run npm run schema:print and commit it:\n${drift.join('\n')}`,
    );
  }
  expect(checkedIn).toBe(current);
});

test('every type, field, argument, input field and enum value has a description', async () => {
  const missing = missingDescriptions(await hubSchema());
  if (missing.length) {
    throw new Error(`${missing.length} schema element(s) without a description:\n  ${missing.join('\n  ')}`);
  }
  expect(missing).toEqual([]);
});

describe('the checks themselves', () => {
  const sdl = `
    """Root."""
    type Query {
      """Greets."""
      hello(
        """Whom."""
        name: String
        loud: Boolean
      ): String
      bare: Kind
    }
    enum Kind {
      """One."""
      ONE
      TWO
    }
    input Filter {
      """Described."""
      a: Int
      b: Int
    }
    type Undescribed {
      """x"""
      x(f: Filter): Int
    }
  `;

  test('find every undescribed element', () => {
    expect(missingDescriptions(buildSchema(sdl))).toEqual([
      'Filter',
      'Filter.b',
      'Kind',
      'Kind.TWO',
      'Query.bare',
      'Query.hello(loud)',
      'Undescribed',
      'Undescribed.x(f)',
    ]);
  });

  test('summarise drift by type', () => {
    const before = printSortedSchema(buildSchema(sdl));
    const after = printSortedSchema(buildSchema(sdl.replace('bare: Kind', 'bare: Kind\n renamed: Int').replace('TWO', 'THREE')));
    expect(schemaDrift(before, before)).toEqual([]);
    expect(schemaDrift(before, after)).toEqual([
      '~ type Kind changed:',
      '    - TWO',
      '    + THREE',
      '~ type Query changed:',
      '    + renamed: Int',
    ]);
    expect(schemaDrift('', after)).toEqual(['the checked-in file is missing or empty']);
    expect(schemaDrift('type Query { a: Int }', after)).toContain('+ type Kind (new in the code)');
    expect(schemaDrift('type {', after)[0]).toMatch(/not a valid schema/);
  });

  test('the sorted print does not depend on declaration order', () => {
    const a = buildSchema('type Query { b: Int a: Int }');
    const b = buildSchema('type Query { a: Int b: Int }');
    expect(printSortedSchema(a)).toBe(printSortedSchema(b));
    expect(a).toBeInstanceOf(GraphQLSchema);
  });
});
