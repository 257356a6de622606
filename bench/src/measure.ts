/**
 * One timed slice of load on one endpoint with autocannon: a fixed number of connections, each
 * request carrying the next user's token (and that user's variables), every latency kept, any
 * response that is not a 200 without GraphQL errors counted as an error, and the serving
 * process's CPU time and peak resident memory read meanwhile.
 */
import autocannon from 'autocannon';
import type { ServiceProcess } from './processes.js';
import { difference, readSubgraphs, type SubgraphReading, settledReadings } from './subgraph-cost.js';

export interface SliceRequest {
  token: string;
  body: string;
}

export interface Slice {
  requests: number;
  seconds: number;
  errors: number;
  latencies: number[];
  cpuSeconds: number;
  peakRssMiB: number;
  /** What each subgraph behind the endpoint spent meanwhile (when given). */
  subgraphs: Record<string, SubgraphReading>;
}

const RSS_EVERY_MS = 250;

/** `next()` gives the request to send next; it is called once per request, so tokens rotate across requests. */
export async function runSlice(
  url: string,
  connections: number,
  seconds: number,
  next: () => SliceRequest,
  process?: ServiceProcess,
  subgraphs: Record<string, ServiceProcess> = {},
): Promise<Slice> {
  const latencies: number[] = [];
  let errors = 0;
  let peakRssMiB = 0;
  const watch = async () => {
    if (process) peakRssMiB = Math.max(peakRssMiB, (await process.sample()).rssMiB);
  };
  const before = process ? await process.sample() : null;
  const subgraphsBefore = await readSubgraphs(subgraphs);
  const timer = setInterval(() => void watch(), RSS_EVERY_MS);
  const started = Date.now();
  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url,
      connections,
      duration: seconds,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const { token, body } = next();
            return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` }, body };
          },
        },
      ],
      // A 200 can still carry errors: GraphQL reports them in the body.
      verifyBody: (body) => !String(body ?? '').includes('"errors"'),
    },
    (error, result) => (error ? fail(error instanceof Error ? error : new Error(String(error))) : finish(result)),
  );
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    if (status !== 200) errors += 1;
  });
  instance.on('reqError', () => (errors += 1));
  const result = await finished;
  clearInterval(timer);
  await watch();
  const after = process ? await process.sample() : null;
  const elapsed = (Date.now() - started) / 1000;
  const subgraphsAfter = await settledReadings(subgraphs);
  return {
    requests: latencies.length,
    seconds: elapsed,
    errors: errors + result.mismatches + result.timeouts,
    latencies,
    cpuSeconds: before && after ? after.cpuSeconds - before.cpuSeconds : 0,
    peakRssMiB,
    subgraphs: Object.fromEntries(
      Object.entries(subgraphsAfter).map(([name, reading]) => [name, difference(reading, subgraphsBefore[name]!)]),
    ),
  };
}
