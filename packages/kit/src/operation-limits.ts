import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { z } from 'zod';
import { settingTypes } from './settings.js';

/**
 * Limits on the shape of an operation, checked before anything is planned, fetched or resolved:
 * by the gateway for clients, and by every subgraph again, for a call that reaches one directly.
 */
export const operationShapeSettings = {
  MAX_DEPTH: settingTypes.positiveInt(12),
  MAX_ALIASES: settingTypes.positiveInt(30),
  MAX_TOKENS: settingTypes.positiveInt(5000),
  MAX_DIRECTIVES: settingTypes.positiveInt(20),
};

/**
 * The gateway's estimate of what an operation costs. Subgraphs do not apply it: the fetches the
 * query planner sends them add keys and `__typename`, so a subgraph would reckon an accepted
 * operation dearer than the gateway did, and refuse part of it.
 */
export const operationCostSettings = {
  /** graphql-armor's estimate: every object 2, every scalar 1, times 1.5 per level of depth. */
  MAX_COST: settingTypes.positiveInt(100_000),
};

type OperationLimits = z.infer<z.ZodObject<typeof operationShapeSettings>> & { MAX_COST?: number };

export interface Protections {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  /** For graphql-js's parser: an operation of more tokens is a syntax error, refused before validation. */
  parseOptions: { maxTokens: number };
}

/**
 * graphql-armor's protections, so that a hostile operation is refused after parsing and
 * validation, cheaply, with a GRAPHQL_VALIDATION_FAILED error that names the limit. Field
 * suggestions ("did you mean …") are withheld in production: they map the schema for an attacker.
 */
export function operationProtections(limits: OperationLimits, production: boolean): Protections {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.MAX_DEPTH, flattenFragments: true },
    maxAliases: { n: limits.MAX_ALIASES },
    // Counted by graphql-js while parsing instead (ApolloServer's parseOptions): armor's plugin answers 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.MAX_DIRECTIVES },
    costLimit: limits.MAX_COST === undefined ? { enabled: false } : { maxCost: limits.MAX_COST, flattenFragments: true },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  // graphql-armor is typed against @apollo/server's CommonJS declarations, this project
  // against its ES module ones: the same plugins, described twice.
  return { plugins: plugins as unknown as ApolloServerPlugin[], validationRules, parseOptions: { maxTokens: limits.MAX_TOKENS } };
}
