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

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'A page backwards, ending right before `before` (or at the end of the list).' })
  last?: number | null;

  @Field(() => String, { nullable: true })
  before?: string | null;
}

function pageSize(size: number | null | undefined, field: 'first' | 'last'): number {
  if (size === null || size === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badUserInput({ [field]: `must be between 0 and ${MAX_PAGE_SIZE}` });
  }
  return size;
}

/**
 * Which page of a list a connection's arguments ask for: `limit` rows from `cursor` on, forwards
 * (`first`/`after`) or backwards (`last`/`before`). A backward page is fetched in the reverse
 * order and turned around by `toPage`, so every keyset query has one shape for both directions.
 */
export interface PageWindow {
  limit: number;
  backward: boolean;
  /** The cursor the page starts after (forwards) or ends before (backwards). */
  cursor: string | null;
  /** The argument the cursor came in, for errors. */
  cursorField: 'after' | 'before';
}

export function pageWindow({ first, after, last, before }: PageArgs): PageWindow {
  const backward = (last !== null && last !== undefined) || (before !== null && before !== undefined);
  const forward = (first !== null && first !== undefined) || (after !== null && after !== undefined);
  if (backward && forward) throw badUserInput({ last: 'cannot be given with first or after' });
  return backward
    ? { limit: pageSize(last, 'last'), backward, cursor: before ?? null, cursorField: 'before' }
    : { limit: pageSize(first, 'first'), backward, cursor: after ?? null, cursorField: 'after' };
}

/** The order to scan the rows in for a window: the list's own order, or its reverse for a backward page. */
export function scanOrder(order: 'asc' | 'desc', window: PageWindow): 'asc' | 'desc' {
  return window.backward === (order === 'asc') ? 'desc' : 'asc';
}

/** The keyset comparison that finds the rows past the cursor in a scan of that order. */
export const pastCursor = (scan: 'asc' | 'desc'): '>' | '<' => (scan === 'asc' ? '>' : '<');

export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor against the shape its query expects; anything else is BAD_USER_INPUT. */
export function decodeCursor<T extends z.ZodTypeAny>(cursor: string, shape: T, field: 'after' | 'before' = 'after'): z.infer<T> {
  try {
    return shape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw badUserInput({ [field]: 'is not a valid cursor' });
  }
}

/** The window's cursor decoded against the shape its query expects, or null when the page starts at an end of the list. */
export function windowCursor<T extends z.ZodTypeAny>(window: PageWindow, shape: T): z.infer<T> | null {
  return window.cursor === null ? null : decodeCursor(window.cursor, shape, window.cursorField);
}

/**
 * Runs a query that compares rows with values from a cursor: a value the database cannot read
 * back as its column's type (a tampered cursor) is the client's mistake, not a server error.
 */
export async function withCursor<T>(query: Promise<T>, field: 'after' | 'before' = 'after'): Promise<T> {
  try {
    return await query;
  } catch (error) {
    if (error instanceof Error && /invalid input (syntax|value)|out of range/.test(error.message)) {
      throw badUserInput({ [field]: 'is not a valid cursor' });
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

/**
 * Builds a page from rows fetched in scan order with `limit + 1`, the extra row telling whether
 * the list goes on past the page; a backward page is turned back into the list's order. The side
 * the page was entered from has more rows exactly when a cursor was given.
 */
export function toPage<T>(rows: T[], window: PageWindow, cursorOf: (row: T) => readonly unknown[]): Page<T> {
  const nodes = rows.slice(0, window.limit);
  if (window.backward) nodes.reverse();
  const edges = nodes.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  const beyond = rows.length > window.limit;
  const entered = window.cursor !== null;
  return {
    edges,
    pageInfo: {
      hasNextPage: window.backward ? entered : beyond,
      hasPreviousPage: window.backward ? beyond : entered,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
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

/** Fetches a page's rows, `limit + 1` of them, past the cursor's id in scan order. */
function idKeyset<T extends { id: string }>(em: EntityManager, { entity, where, order }: IdOrderedList<T>, args: PageArgs) {
  const window = pageWindow(args);
  const [cursorId] = windowCursor(window, idCursor) ?? [];
  const scan = scanOrder(order, window);
  return {
    window,
    rows(): Promise<T[]> {
      // A query builder, because MikroORM cannot type-check `{ id: … }` against a generic entity.
      const query = em.createQueryBuilder(entity).where(where);
      if (cursorId) query.andWhere(`${query.alias}.id ${pastCursor(scan)} ?`, [cursorId]);
      return withCursor(
        query
          .orderBy({ id: scan })
          .limit(window.limit + 1)
          .getResultList(),
        window.cursorField,
      );
    },
  };
}

/** A page of the list, past the cursor's row, with the count of every row of the list. */
export async function idConnection<T extends { id: string }>(
  em: EntityManager,
  list: IdOrderedList<T>,
  args: PageArgs,
): Promise<Connection<T>> {
  // The arguments are checked before any statement runs.
  const { window, rows } = idKeyset(em, list, args);
  const [page, totalCount] = await Promise.all([rows(), em.count(list.entity, list.where)]);
  return { ...toPage(page, window, (row) => [row.id]), totalCount };
}
