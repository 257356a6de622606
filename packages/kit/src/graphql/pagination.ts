import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ArgsType, type ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { badUserInput } from '../errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput({ first: `must be between 0 and ${MAX_PAGE_SIZE}` });
  }
  return first;
}

export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor against the shape its query expects; anything else is BAD_USER_INPUT. */
export function decodeCursor<T extends z.ZodTypeAny>(cursor: string, shape: T): z.infer<T> {
  try {
    return shape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw badUserInput({ after: 'is not a valid cursor' });
  }
}

/**
 * Runs a query that compares rows with values from a cursor: a value the database cannot read
 * back as its column's type (a tampered cursor) is the client's mistake, not a server error.
 */
export async function withCursor<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    if (error instanceof Error && /invalid input (syntax|value)|out of range/.test(error.message)) {
      throw badUserInput({ after: 'is not a valid cursor' });
    }
    throw error;
  }
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** Builds a page from rows fetched with `limit + 1`, the extra row telling whether there is a next page. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => readonly unknown[]): Page<T> {
  const nodes = rows.slice(0, limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** `XConnection` and `XEdge` object types for a node type, shaped as the contract's connections. */
export function connectionTypes<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: Edge<T>[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }

  return { Edge: EdgeType, Connection: ConnectionType };
}

export type Connection<T> = Page<T> & { totalCount: number };

const idCursor = z.tuple([z.uuid()]);

/** Rows of one entity ordered by id (UUIDv7: the order they were created), as a connection pages them. */
export interface IdOrderedList<T extends { id: string }> {
  entity: EntityClass<T>;
  where: FilterQuery<T>;
  order: 'asc' | 'desc';
}

/** Fetches a page's rows, `limit + 1` of them, after the cursor's id. */
function idKeyset<T extends { id: string }>(em: EntityManager, { entity, where, order }: IdOrderedList<T>, { first, after }: PageArgs) {
  const limit = pageSize(first);
  const [afterId] = after ? decodeCursor(after, idCursor) : [];
  return {
    limit,
    rows(): Promise<T[]> {
      // A query builder, because MikroORM cannot type-check `{ id: … }` against a generic entity.
      const query = em.createQueryBuilder(entity).where(where);
      if (afterId) query.andWhere(`${query.alias}.id ${order === 'asc' ? '>' : '<'} ?`, [afterId]);
      return withCursor(
        query
          .orderBy({ id: order })
          .limit(limit + 1)
          .getResultList(),
      );
    },
  };
}

/** A page of the list, after the cursor's row. */
export async function idPage<T extends { id: string }>(em: EntityManager, list: IdOrderedList<T>, args: PageArgs): Promise<Page<T>> {
  const { limit, rows } = idKeyset(em, list, args);
  return toPage(await rows(), limit, (row) => [row.id]);
}

/** `idPage` with the count of every row of the list. */
export async function idConnection<T extends { id: string }>(
  em: EntityManager,
  list: IdOrderedList<T>,
  args: PageArgs,
): Promise<Connection<T>> {
  // The arguments are checked before any statement runs.
  const { limit, rows } = idKeyset(em, list, args);
  const [page, totalCount] = await Promise.all([rows(), em.count(list.entity, list.where)]);
  return { ...toPage(page, limit, (row) => [row.id]), totalCount };
}
