import type { ApolloServerPlugin } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import type { Router } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Viewer } from './auth.js';
import type { Logger } from './logger.js';
import { settingTypes } from './settings.js';

export const metricsSettings = {
  /** Distinct operation names that become labels; later ones are counted as `other`, so clients cannot grow the series without bound. */
  METRICS_MAX_OPERATION_NAMES: settingTypes.positiveInt(200),
};

/** A service's Prometheus metrics, served at GET /metrics. */
export class Metrics {
  readonly registry = new Registry();
  readonly operations: Counter<'operation' | 'type' | 'outcome'>;
  readonly operationSeconds: Histogram<'operation' | 'type'>;
  readonly eventsHandled: Counter<'consumer' | 'outcome'>;
  private readonly operationNames = new Set<string>();

  constructor(
    service: string,
    private readonly maxOperationNames: number,
  ) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.operations = new Counter({
      name: 'graphql_operations_total',
      help: 'GraphQL operations by name, type and outcome (ok, error)',
      labelNames: ['operation', 'type', 'outcome'],
      registers: [this.registry],
    });
    this.operationSeconds = new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'GraphQL operation latency',
      labelNames: ['operation', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.eventsHandled = new Counter({
      name: 'events_handled_total',
      help: 'Events handled by durable consumers, by outcome (ok, retry, dead_letter)',
      labelNames: ['consumer', 'outcome'],
      registers: [this.registry],
    });
  }

  /** A gauge read when Prometheus scrapes, from the function given (a query, a pool's state…). */
  gauge(name: string, help: string, read: () => Promise<number> | number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  /** A gauge with labels, read at scrape time as a list of (labels, value). */
  labelledGauge<L extends string>(name: string, help: string, labelNames: L[], read: () => Promise<[Record<L, string>, number][]>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [labels, value] of await read()) this.set(labels as Partial<Record<L, string>>, value);
      },
    });
  }

  /** The label of an operation: its name while names are few, else `other`; no name, or a strange one, is `anonymous`. */
  private operationLabel(name: string | null | undefined): string {
    if (!name || !/^[A-Za-z_]\w{0,63}$/.test(name)) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= this.maxOperationNames) return 'other';
    this.operationNames.add(name);
    return name;
  }

  route(router: Router): void {
    router.get('/metrics', async (_req, res) => {
      res.setHeader('content-type', this.registry.contentType);
      res.end(await this.registry.metrics());
    });
  }

  /**
   * Counts and times every operation, and logs one line per operation with its request id,
   * user id and operation name, so that a request can be followed through every service.
   */
  plugin<C extends { viewer: Viewer | null; requestId: string }>(logger: Logger): ApolloServerPlugin<C> {
    const { operations, operationSeconds } = this;
    const label = (name: string | null | undefined) => this.operationLabel(name);
    return {
      async requestDidStart({ contextValue }) {
        const started = process.hrtime.bigint();
        return {
          async willSendResponse({ operationName: name, operation, errors }) {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            const labels = { operation: label(name), type: operation?.operation ?? 'unknown' };
            const codes = (errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
            operations.inc({ ...labels, outcome: codes.length ? 'error' : 'ok' });
            operationSeconds.observe(labels, seconds);
            trace
              .getActiveSpan()
              ?.updateName(`${labels.type} ${labels.operation}`)
              .setAttributes({ 'graphql.operation.name': labels.operation, 'graphql.operation.type': labels.type });
            logger.info(
              {
                requestId: contextValue.requestId,
                userId: contextValue.viewer?.userId ?? null,
                ...labels,
                durationMs: Math.round(seconds * 1000),
                errors: codes,
              },
              'graphql operation',
            );
          },
        };
      },
    };
  }
}
