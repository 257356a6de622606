import { styleText } from 'node:util';
import { services } from './services.js';

type Style = Parameters<typeof styleText>[0];

// Node 20's styleText colours even when the output is a file or a pipe, so we decide ourselves.
export const useColor = process.stdout.isTTY === true && process.stdout.hasColors();

export const paint = (style: Style, text: string): string => (useColor ? styleText(style, text) : text);

/** A failure the person running `npm start` can act on: shown without a stack trace, with the (labelled) log lines that explain it. */
export class Failure extends Error {
  override name = 'Failure';
  constructor(
    message: string,
    readonly logLines: string[] = [],
  ) {
    super(message);
  }
}

const labelWidth = Math.max(...['start', 'postgres', 'nats', ...services.map((service) => service.name)].map((name) => name.length)) + 2;
const palette: Style[] = ['cyan', 'magenta', 'blue', 'yellow', 'green'];
const labelStyles = new Map<string, Style>([
  ['start', 'bold'],
  ['postgres', 'gray'],
  ['nats', 'gray'],
]);

/** `[name]` padded so that every process's lines start in the same column, one colour per process. */
export function label(name: string): string {
  let style = labelStyles.get(name);
  if (!style) {
    style = palette[labelStyles.size % palette.length] ?? 'cyan';
    labelStyles.set(name, style);
  }
  return paint(style, `[${name}]`.padEnd(labelWidth));
}

export function say(message: string): void {
  console.log(`${label('start')} ${message}`);
}

export function warn(message: string): void {
  console.warn(`${label('start')} ${paint('yellow', `Warning: ${message}`)}`);
}

export function fail(error: unknown): void {
  const message = error instanceof Failure ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  const [headline = '', ...details] = message.split('\n');
  for (const line of [paint('red', headline), ...details]) console.error(`${label('start')} ${line}`);
  if (error instanceof Failure && error.logLines.length) {
    console.error(`${label('start')} Its last log lines:`);
    for (const line of error.logLines) console.error(line);
  }
}
