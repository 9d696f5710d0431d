/** CPU time used during a phase, by the server's processes (the process and its workers), Redis, and the load generator: what each core went to. */
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** A process and its descendants (a cluster's workers), from /proc. */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    out.push(p);
    try {
      const children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      if (children) stack.push(...children.split(' ').map(Number));
    } catch {
      // It ended meanwhile.
    }
  }
  return out;
}

/** Seconds of CPU of a process and its children (cluster workers), from /proc. */
export function treeSeconds(pid: number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // The process ended during the read: its time is gone with it.
    }
  }
  return total;
}

/** Seconds of CPU Redis has used since it started (user + system), from its INFO. */
export async function redisSeconds(redis: Redis | undefined): Promise<number> {
  if (!redis) return 0;
  const info = await redis.info('cpu');
  const read = (field: string) => Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return read('used_cpu_user') + read('used_cpu_sys');
}

export function ownSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export interface CpuShare {
  /** Each as a percentage of one core over the phase. */
  server: number;
  redis: number;
  load: number;
}

export async function cpuSampler(serverPid: number, redisUrl?: string) {
  const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
  return {
    async measure<T>(work: () => Promise<T>): Promise<{ value: T; cpu: CpuShare }> {
      const [s0, r0, l0, t0] = [treeSeconds(serverPid), await redisSeconds(redis), ownSeconds(), performance.now()];
      const value = await work();
      const [s1, r1, l1, t1] = [treeSeconds(serverPid), await redisSeconds(redis), ownSeconds(), performance.now()];
      const wall = (t1 - t0) / 1000;
      const pct = (d: number) => Math.round((100 * d) / wall);
      return { value, cpu: { server: pct(s1 - s0), redis: pct(r1 - r0), load: pct(l1 - l0) } };
    },
    close: () => redis?.disconnect(),
  };
}
