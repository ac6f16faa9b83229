import { validate, type ValidationError } from 'class-validator';
import { getNamedType, type GraphQLResolveInfo } from 'graphql';
import type { ResolverData } from 'type-graphql';
import { badInput } from '../shared/errors';

/** The path and message of the first failed constraint, depth first ("address.location.latitude"). */
function firstProblem(errors: readonly ValidationError[], prefix: string): { field: string; message: string } | undefined {
  for (const error of errors) {
    const field = prefix
      ? `${prefix}${/^\d+$/.test(error.property) ? `[${error.property}]` : `.${error.property}`}`
      : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length) {
      // class-validator says "email must be an email"; the field is named in our prefix already.
      const message = messages[0]!
        .replace(new RegExp(`^${error.property}\\s+`), '')
        .replace(/^each value in \S+\s+/, 'each value ');
      return { field, message };
    }
    const nested = firstProblem(error.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

/** The name of the argument whose input type is `argType` (our input classes share their GraphQL names). */
function argumentName(info: GraphQLResolveInfo, argType: unknown): string | undefined {
  const field = info.parentType.getFields()[info.fieldName];
  const typeName = (argType as { name?: string }).name;
  return field?.args.find((arg) => getNamedType(arg.type).name === typeName)?.name;
}

/** The name of the scalar (or list) argument holding `value`; type-graphql hands it over without its name. */
function argumentNameByValue(value: unknown, { info, args }: ResolverData): string | undefined {
  const field = info.parentType.getFields()[info.fieldName];
  return field?.args.find((arg) => args[arg.name] === value)?.name;
}

/** Most nested values {@link findNul} looks into; inputs are bounded by the schema long before this. */
const MAX_WALK = 100_000;

/**
 * The path of the first string containing NUL (U+0000) inside `value`.
 * PostgreSQL cannot store NUL in text (nor compare with it), so such a string
 * would fail its statement: it is the client's mistake, answered as one.
 */
function findNul(value: unknown, path: string): string | undefined {
  const stack: Array<[unknown, string]> = [[value, path]];
  for (let seen = 0; stack.length && seen < MAX_WALK; seen += 1) {
    const [current, at] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return at;
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) stack.push([current[index], `${at}[${index}]`]);
    } else if (current !== null && typeof current === 'object' && !(current instanceof Date)) {
      for (const key of Object.keys(current).reverse()) stack.push([(current as Record<string, unknown>)[key], `${at}.${key}`]);
    }
  }
  return undefined;
}

/**
 * Checks every argument of every resolver (HTTP and websocket alike): no
 * string anywhere in it may contain NUL; then input-object arguments are
 * validated with class-validator (the decorators on the input classes).
 * Either answers BAD_USER_INPUT naming the exact field, e.g.
 * `input.address.location.latitude: must not be greater than 90`.
 */
export async function validateArgument(value: unknown, argType: unknown, data: ResolverData): Promise<void> {
  const { info } = data;
  if (value === null || value === undefined) return;
  const isObject = typeof value === 'object' && !Array.isArray(value);
  const name =
    (isObject ? argumentName(info, argType) : argumentNameByValue(value, data)) ?? argumentName(info, argType) ?? 'input';
  const nul = findNul(value, name);
  if (nul) throw badInput(nul, 'must not contain the NUL character (\\u0000).');
  if (typeof value !== 'object') return;
  const items = Array.isArray(value) ? value : [value];
  for (const [index, item] of items.entries()) {
    if (item === null || typeof item !== 'object') continue;
    const errors = await validate(item as object, { skipMissingProperties: true, forbidUnknownValues: false });
    const problem = firstProblem(errors, Array.isArray(value) ? `${name}[${index}]` : name);
    if (problem) throw badInput(problem.field, problem.message);
  }
}
