/**
 * A winston logger that keeps its lines in memory, so tests can check what the integrations log
 * (INT-030, INT-031) exactly as winston receives it, before any redaction could hide a mistake.
 */
import { Writable } from 'node:stream';
import winston from 'winston';
import type { Logger } from '../http/logger.js';

export interface MemoryLogger {
  logger: Logger;
  lines: Record<string, unknown>[];
}

export function createMemoryLogger(level: 'error' | 'warn' | 'info' | 'debug' = 'debug'): MemoryLogger {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    objectMode: true,
    write(chunk: Record<string, unknown>, _encoding, done) {
      lines.push({ ...chunk });
      done();
    },
  });
  const logger = winston.createLogger({ level, transports: [new winston.transports.Stream({ stream })] });
  return { logger, lines };
}
