import fs from 'node:fs';
import path from 'node:path';
import winston from 'winston';
import { redact } from '../lib/redact.js';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level: 'error' | 'warn' | 'info' | 'debug';
  /** Folder for app.log (everything) and error.log (errors only); omitted means console only. */
  dir?: string | undefined;
  console?: boolean;
  /** Console lines for people (development) instead of JSON; the files always hold JSON. */
  pretty?: boolean;
}

/** `19:46:55 info  GET /api/health 200 5.5ms` for requests, `time level message {fields}` otherwise. */
const humanLine = winston.format.printf((info) => {
  const { level, message, timestamp, ...fields } = info as Record<string, unknown>;
  const time = typeof timestamp === 'string' ? timestamp.slice(11, 19) : '';
  if (message === 'request') {
    return `${time} ${String(level).padEnd(5)} ${String(fields.method)} ${String(fields.path)} ${String(fields.status)} ${String(fields.duration_ms)}ms`;
  }
  const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return `${time} ${String(level).padEnd(5)} ${String(message)}${rest}`;
});

/** Every field of every line passes through the same redaction, whoever logs it. */
const redactFields = winston.format((info) => {
  const cleaned = redact({ ...info }) as Record<string, unknown>;
  for (const key of Object.keys(info)) {
    if (!(key in cleaned)) delete (info as Record<string, unknown>)[key];
  }
  Object.assign(info, cleaned);
  return info;
});

const baseFormats = () => [
  winston.format.errors({ stack: true }),
  redactFields(),
  winston.format.timestamp(),
];

export function createLogger(options: LoggerOptions): Logger {
  const format = winston.format.combine(...baseFormats(), winston.format.json());
  const transports: winston.transport[] = [];
  if (options.dir) {
    fs.mkdirSync(options.dir, { recursive: true });
    transports.push(
      new winston.transports.File({ filename: path.join(options.dir, 'app.log') }),
      new winston.transports.File({ filename: path.join(options.dir, 'error.log'), level: 'error' }),
    );
  }
  if (options.console !== false) {
    transports.push(
      new winston.transports.Console(
        options.pretty ? { format: winston.format.combine(...baseFormats(), humanLine) } : {},
      ),
    );
  }
  return winston.createLogger({
    level: options.level,
    format,
    transports,
    // A logger with nowhere to write must still accept calls (tests that only care about responses).
    silent: transports.length === 0,
  });
}

/** Resolves once every transport has flushed what it was given. */
export function closeLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    if (logger.transports.length === 0) {
      resolve();
      return;
    }
    logger.on('finish', () => resolve());
    logger.end();
  });
}
