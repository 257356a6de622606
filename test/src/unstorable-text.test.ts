import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, type Stack, type SubgraphName, startStack } from '@taskgraph/stack';
import {
  buildClientSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  getIntrospectionQuery,
  getNamedType,
  type IntrospectionQuery,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { signUp, type TestUser } from './users.js';

const BAD_TEXT = { 'a NUL byte': 'before\u0000after', 'a lone surrogate': 'before\ud800after' };

/** A value the type accepts, for the arguments a probe must give but does not test. */
function sample(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return sample(type.ofType, depth);
  if (isListType(type)) return [sample(type.ofType, depth)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((field) => isNonNullType(field.type));
    return Object.fromEntries(required.map((field) => [field.name, sample(field.type, depth + 1)]));
  }
  const samples: Record<string, unknown> = { Int: 1, Float: 1, Boolean: true, DateTime: new Date().toISOString() };
  return samples[type.name] ?? 'text';
}

/** Every path to a String or ID inside an argument: the argument itself, input fields, list items. */
function textPaths(type: GraphQLInputType, depth = 0): (string | number)[][] {
  if (isNonNullType(type)) return textPaths(type.ofType, depth);
  if (isListType(type)) return textPaths(type.ofType, depth).map((path) => [0, ...path]);
  if (isScalarType(type)) return type.name === 'String' || type.name === 'ID' ? [[]] : [];
  if (isInputObjectType(type) && depth < 3) {
    return Object.values(type.getFields()).flatMap((field) => textPaths(field.type, depth + 1).map((path) => [field.name, ...path]));
  }
  return [];
}

function setPath(target: Record<string | number, unknown>, path: (string | number)[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (!rest.length) {
    target[head] = value;
    return;
  }
  target[head] ??= typeof rest[0] === 'number' ? [] : {};
  const next = target[head] as Record<string | number, unknown>;
  setPath(next, rest, value);
}

interface Probe {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  /** The key `extensions.fields` must name. */
  field: string;
}

/** One operation per text input of a root field, with `bad` in that input and plain values in the required others. */
function probesOf(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, bad: string): Probe[] {
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return field.args.flatMap((target: GraphQLArgument) =>
    textPaths(target.type).map((path) => {
      const given = field.args.filter((arg) => arg === target || isNonNullType(arg.type));
      const variables: Record<string, unknown> = Object.fromEntries(given.map((arg) => [arg.name, sample(arg.type)]));
      const holder = { value: variables[target.name] };
      setPath(holder, ['value', ...path], bad);
      variables[target.name] = holder.value;
      const inputObject = isInputObjectType(isNonNullType(target.type) ? target.type.ofType : target.type);
      const declarations = given.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
      const args = given.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
      return {
        name: `${field.name}(${[target.name, ...path].join('.')})`,
        query: `${kind} Probe(${declarations}) { ${field.name}(${args})${selection} }`,
        variables,
        field: (inputObject ? path : [target.name, ...path]).join('.'),
      };
    }),
  );
}

const SUBGRAPHS: SubgraphName[] = ['accounts', 'users', 'projects', 'tasks', 'notifications'];

describe('unstorable text (NUL bytes, lone surrogates) is BAD_USER_INPUT in every text input', () => {
  let stack: Stack;
  let ada: TestUser;
  before(async () => {
    stack = await startStack();
    ada = await signUp(stack, 'Ada');
  });
  after(() => stack.stop());

  /** Row counts of every table of every subgraph, once no event is left to handle. */
  async function footprint(): Promise<Record<string, number>> {
    await eventually(async () => {
      for (const name of SUBGRAPHS) {
        const { subgraphs } = stack;
        if ((await subgraphs[name].relay.backlog()).count) return undefined;
        if ((await subgraphs[name].bus.consumerLag()).some(({ pending }) => pending > 0)) return undefined;
      }
      return true;
    });
    const counts: Record<string, number> = {};
    for (const name of SUBGRAPHS) {
      const tables = await queryDatabase<{ table_name: string }>(
        stack.env,
        name,
        `select table_name from information_schema.tables where table_schema = 'public'`,
      );
      for (const { table_name: table } of tables) {
        const [row] = await queryDatabase<{ n: number }>(stack.env, name, `select count(*)::int as n from "${table}"`);
        counts[`${name}.${table}`] = row!.n;
      }
    }
    return counts;
  }

  it('answers every String and ID argument and input field of every query and mutation, and changes nothing', async () => {
    const introspection = await ada.client.data<IntrospectionQuery>(getIntrospectionQuery());
    const schema = buildClientSchema(introspection);
    const roots = [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
    ] as const;
    const before = await footprint();
    let probed = 0;
    for (const [label, bad] of Object.entries(BAD_TEXT)) {
      for (const [kind, type] of roots) {
        for (const field of Object.values(type!.getFields())) {
          for (const probe of probesOf(kind, field, bad)) {
            const result = await ada.client.request(probe.query, probe.variables);
            const what = `${probe.name} with ${label}: ${JSON.stringify(result.errors)}`;
            assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT'], what);
            assert.equal(typeof result.errors![0]!.extensions?.fields?.[probe.field], 'string', `${what} names ${probe.field}`);
            probed++;
          }
        }
      }
    }
    // Sanity: the sweep found the inputs it is about (register's, addComment's body, users' search…).
    assert.ok(probed > 40, `${probed} inputs probed`);
    assert.deepEqual(await footprint(), before, 'nothing was written');
  });

  // Last: it breaks the users database. The shared client fails on any SQL in a response.
  it('keeps SQL out of a database error in development too', async () => {
    await queryDatabase(stack.env, 'users', 'alter table users rename to users_gone');
    const result = await ada.client.request('{ me { id displayName } }');
    assert.deepEqual(errorCodes(result), ['INTERNAL_SERVER_ERROR']);
    assert.doesNotMatch(JSON.stringify(result.errors), /users_gone|relation/i);
  });
});
