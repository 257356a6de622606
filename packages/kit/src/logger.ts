import { type Logger, pino } from 'pino';
import { traceIds } from './tracing.js';

export type { Logger };

export function createLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    // Every line written while a request or an event is handled names its trace.
    mixin: traceIds,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['*.password', '*.newPassword', '*.currentPassword', '*.refreshToken', '*.authorization'], censor: '[redacted]' },
  });
}
