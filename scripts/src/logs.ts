import { prettyFactory } from 'pino-pretty';
import { useColor } from './output.js';

const prettify = prettyFactory({
  colorize: useColor,
  // The [service] label already says who logged it.
  ignore: 'pid,hostname,service',
  translateTime: 'SYS:HH:MM:ss.l',
});

/** One line a process printed, as we show it: pino's JSON prettified (possibly into several lines), anything else as it is. */
export function formatLogLine(line: string): string[] {
  const record = parsePinoRecord(line);
  return record ? prettify(record).trimEnd().split('\n') : [line];
}

function parsePinoRecord(line: string): object | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && 'level' in value && typeof value.level === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}
