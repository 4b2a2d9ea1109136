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
}

/** Every field of every line passes through the same redaction, whoever logs it. */
const redactFields = winston.format((info) => {
  const cleaned = redact({ ...info }) as Record<string, unknown>;
  for (const key of Object.keys(info)) {
    if (!(key in cleaned)) delete (info as Record<string, unknown>)[key];
  }
  Object.assign(info, cleaned);
  return info;
});

export function createLogger(options: LoggerOptions): Logger {
  const format = winston.format.combine(
    winston.format.errors({ stack: true }),
    redactFields(),
    winston.format.timestamp(),
    winston.format.json(),
  );
  const transports: winston.transport[] = [];
  if (options.dir) {
    fs.mkdirSync(options.dir, { recursive: true });
    transports.push(
      new winston.transports.File({ filename: path.join(options.dir, 'app.log') }),
      new winston.transports.File({ filename: path.join(options.dir, 'error.log'), level: 'error' }),
    );
  }
  if (options.console !== false) {
    transports.push(new winston.transports.Console());
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
