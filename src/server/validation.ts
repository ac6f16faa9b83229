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

/**
 * Validates input-object arguments with class-validator (the decorators on
 * the input classes) and answers BAD_USER_INPUT naming the exact field, e.g.
 * `input.address.location.latitude: must not be greater than 90`.
 */
export async function validateArgument(value: unknown, argType: unknown, { info }: ResolverData): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  const items = Array.isArray(value) ? value : [value];
  const name = argumentName(info, argType) ?? 'input';
  for (const [index, item] of items.entries()) {
    if (item === null || typeof item !== 'object') continue;
    const errors = await validate(item as object, { skipMissingProperties: true, forbidUnknownValues: false });
    const problem = firstProblem(errors, Array.isArray(value) ? `${name}[${index}]` : name);
    if (problem) throw badInput(problem.field, problem.message);
  }
}
