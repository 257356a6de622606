import { defaultFieldResolver, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { badUserInput } from '../errors.js';

/**
 * Text Postgres cannot store: a NUL byte, or half of a UTF-16 surrogate pair (no UTF-8 for it).
 * Left to the database, either is a driver error naming the statement.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL byte is exactly what Postgres cannot store in text.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MESSAGE = 'must not contain NUL characters or unpaired surrogates';

/** Every string in an argument value, by its path: inside an input object from its fields, a scalar argument by its name. */
function collectUnstorable(value: unknown, path: string, fields: Record<string, string>): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) fields[path] ??= MESSAGE;
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) collectUnstorable(item, `${path}.${index}`, fields);
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) collectUnstorable(item, path ? `${path}.${key}` : key, fields);
  }
}

function checkArguments(args: Record<string, unknown>): void {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(args)) {
    const isInputObject = typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
    collectUnstorable(value, isInputObject ? '' : name, fields);
  }
  if (Object.keys(fields).length) throw badUserInput(fields);
}

/**
 * Refuses unstorable text in any argument of any field, before its resolver runs: one check for
 * every input of every subgraph (ids, plain strings, input objects, lists), so none reaches SQL.
 * Only fields that take arguments are wrapped; the others resolve as fast as before.
 */
export function rejectUnstorableText(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.length) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        checkArguments(args);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
