import { GraphQLScalarType } from 'graphql';
import { DateTimeISOResolver } from 'graphql-scalars';

/** ISO-8601 with timezone, named as the contract names it. */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeISOResolver.toConfig(),
  name: 'DateTime',
  description: 'An ISO-8601 date-time string with timezone, e.g. 2026-11-21T10:00:00.000Z',
});
