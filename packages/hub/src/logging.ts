import pino, { type Logger } from 'pino';

/** Paths that may hold secrets anywhere they are logged; pino replaces them before writing. */
const redact = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.secret',
  '*.token',
  '*.userSecret',
  '*.organizationSecret',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: redact, censor: '********' }, base: undefined });
}
