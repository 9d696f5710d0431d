/** The messages the outbox's file transport has delivered so far (DATA_DIR/outbox.jsonl), as a test reads them. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTBOX_FILE } from '../api/outbox/transports';

export interface Delivered {
  at: string;
  to: string;
  kind: string;
  text: string;
}

export function delivered(dataDir: string): Delivered[] {
  const file = join(dataDir, OUTBOX_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Delivered) : [];
}
