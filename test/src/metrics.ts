/** A service's Prometheus metrics, as text. */
export const metricsOf = async (url: string): Promise<string> => (await fetch(new URL('/metrics', url))).text();

/** The value of one sample of a Prometheus text exposition, e.g. `graphql_operations_total{operation="Me",…}`. */
export const sample = (text: string, name: string, labels: Record<string, string>): number | undefined => {
  const line = text
    .split('\n')
    .find(
      (candidate) =>
        candidate.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`)),
    );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : undefined;
};

/** The sum of every sample of a metric, whatever its labels, e.g. all `subgraph_fetch_duration_seconds_count`. */
export const total = (text: string, name: string): number =>
  text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
