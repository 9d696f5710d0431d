/** A real pino logger whose lines a test can read back (what `serve` writes to stdout, kept in memory). */
import { pino } from 'pino';
import type { Logger } from '../api/log';

export interface MemoryLog {
  logger: Logger;
  lines: () => Array<Record<string, any>>;
  /** Every line as written, to search for what must never be there. */
  text: () => string;
}

export function memoryLog(): MemoryLog {
  const written: string[] = [];
  const logger = pino({ base: { service: 'yeyak' } }, { write: (line: string) => void written.push(line) });
  return { logger, lines: () => written.map((l) => JSON.parse(l)), text: () => written.join('') };
}
