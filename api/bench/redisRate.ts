/** The Redis store on its own, in process: how many places a second its Lua join takes, and the memory each ticket costs in Redis. */
import { randomBytes, randomUUID } from 'node:crypto';
import { RedisQueueStore } from '../queue/redisStore';
import { redisSeconds } from './cpu';

export interface RedisRate {
  tickets: number;
  inFlight: number;
  perSecond: number;
  bytesPerTicket: number;
  /** Joins per second of Redis's own CPU (user + system): what one Redis core could take. */
  perRedisCpuSecond: number;
}

async function usedMemory(store: RedisQueueStore): Promise<number> {
  return Number(/^used_memory:(\d+)/m.exec(await store.redis.info('memory'))?.[1] ?? NaN);
}

export async function measureRedisPlaces(url: string, tickets: number, inFlight: number): Promise<RedisRate> {
  // Its own key prefix, removed afterwards: the Redis may be serving something else.
  const prefix = `yeyak-bench:${randomBytes(6).toString('hex')}:`;
  const store = new RedisQueueStore(url, prefix);
  try {
    const before = await usedMemory(store);
    const cpuBefore = await redisSeconds(store.redis);
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < tickets; i = next++) {
        const placed = await store.place({
          campaignId: 'bench', cohortId: 'bench-cohort', personKey: randomBytes(32).toString('base64url'),
          expected: null, id: randomUUID().replace(/-/g, ''), prequeue: false, now: Date.now(),
        });
        if (placed === null) throw new Error('a new person was refused a place');
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    const cpu = (await redisSeconds(store.redis)) - cpuBefore;
    const after = await usedMemory(store);
    return { tickets, inFlight, perSecond: tickets / seconds, bytesPerTicket: Math.round((after - before) / tickets), perRedisCpuSecond: tickets / cpu };
  } finally {
    await store.dropAll();
    await store.close();
  }
}
