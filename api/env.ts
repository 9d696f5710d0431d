/** The environment, read once and validated: PORT, HOST, METRICS_PORT, DATA_DIR, OUTBOX_URL. */
import { resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Unset: every interface (IPv4 and IPv6), so localhost works whichever way it resolves. */
  HOST: z.string().min(1).optional(),
  /** The Prometheus listener's port; unset: PORT + 1 (or a free port when PORT is 0). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  /** The first operator's password; without it one is made at first start and printed. */
  YEYAK_ADMIN_PASSWORD: z.string().min(10, 'YEYAK_ADMIN_PASSWORD needs at least 10 characters').optional(),
  /** The SMS/알림톡 provider the outbox POSTs to (serve --outbox-url overrides); unset: <data dir>/outbox.jsonl. */
  OUTBOX_URL: z.string().url().optional(),
});

export type Env = z.output<typeof envSchema> & { dataDir: string };

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`bad environment: ${problems}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.DATA_DIR) };
}
