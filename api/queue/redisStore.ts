/**
 * The waiting room in Redis, shared by every API process on every machine: each join, shuffle,
 * tick, claim and booking mark is one Lua script (api/queue/redisScripts.ts), so it is atomic
 * across processes. Durable as Redis is: run it with appendonly yes and appendfsync always, and an
 * acknowledged place survives a Redis restart (load() refuses a Redis without the AOF).
 */
import { createHmac } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Secrets } from '../secrets';
import type { ControlState } from './controller';
import { ADMIT, BOOKED, CLAIM, PLACE, RELEASE, SHUFFLE, TICK_INPUTS, TICKET_OF, type Script } from './redisScripts';
import type { Admit, Placement, PlaceResult, QueueFigures, QueueStore, ShuffleRecord, TickFigures, TicketRow } from './store';

/**
 * Each data directory's keys apart: its tickets hold person keys made with its own secret, so they
 * mean nothing to another one (a benchmark's fresh directory, a second campaign night) on the same Redis.
 */
export function redisPrefix(secrets: Secrets): string {
  return `yeyak:${createHmac('sha256', secrets.identityKey).update('redis key prefix').digest('hex').slice(0, 12)}:`;
}

export class RedisQueueStore implements QueueStore {
  readonly kind = 'redis';
  readonly placeFirst = true;
  readonly redis: Redis;

  constructor(url: string, private readonly prefix: string) {
    // A request waits for a reconnect a little, then fails with an error the client sees and retries.
    this.redis = new Redis(url, { maxRetriesPerRequest: 3, connectTimeout: 5_000 });
  }

  async load(): Promise<{ queues: QueueFigures[]; shuffled: string[] }> {
    await this.#requireAof();
    const campaigns = await this.redis.smembers(this.#key('campaigns'));
    const queues: QueueFigures[] = [];
    const shuffled: string[] = [];
    for (const campaignId of campaigns) {
      const [head, tail, prequeue] = await this.redis.hmget(this.#key(`q:${campaignId}`), 'head', 'tail', 'prequeue');
      queues.push({ campaignId, head: Number(head ?? 0), tail: Number(tail ?? 0), prequeue: Number(prequeue ?? 0) });
      for (const cohort of await this.redis.hkeys(this.#key(`shuffled:${campaignId}`))) shuffled.push(`${campaignId}/${cohort}`);
    }
    return { queues, shuffled };
  }

  async ticket(id: string): Promise<TicketRow | undefined> {
    return ticketRow(await this.redis.hgetall(this.#key(`t:${id}`)));
  }

  async ticketOf(campaignId: string, personKey: string): Promise<TicketRow | undefined> {
    return ticketRow(pairs(await this.#run(TICKET_OF, [campaignId, personKey]) as string[]));
  }

  async place(p: Placement): Promise<PlaceResult> {
    const { expected: e } = p;
    const placed = (await this.#run(PLACE, [
      p.campaignId, p.personKey, e?.id ?? '', e ? String(e.joinedAt) : '', e?.admissionId ?? '', e?.bookedAt == null ? '' : String(e.bookedAt),
      p.id, p.cohortId, p.prequeue ? '1' : '0', String(p.now),
    ])) as [number, string[]];
    const ticket = ticketRow(pairs(placed[1]));
    if (placed[0] === 1) return { placed: true, ticket: ticket! };
    return { placed: false, held: ticket };
  }

  async claim(ticketId: string, joinedAt: number, admissionId: string, now: number, expiresAt: number): Promise<TicketRow> {
    const row = ticketRow(pairs(await this.#run(CLAIM, [ticketId, String(joinedAt), admissionId, String(now), String(expiresAt)]) as string[]));
    if (!row) throw new Error(`ticket ${ticketId} vanished from Redis while being claimed`);
    return row;
  }

  async passedAt(campaignId: string, position: number): Promise<number> {
    const [mark] = await this.redis.zrangebyscore(this.#key(`marks:${campaignId}`), position, '+inf', 'LIMIT', 0, 1);
    return mark ? Number(mark.slice(mark.indexOf(':') + 1)) : 0;
  }

  prequeue(campaignId: string, cohortId: string): Promise<string[]> {
    return this.redis.lrange(this.#key(`pre:${campaignId}:${cohortId}`), 0, -1);
  }

  async applyShuffle(s: { campaignId: string; cohortId: string; seed: string; now: number; order: string[] }): Promise<'done' | 'already' | 'changed'> {
    return (await this.#run(SHUFFLE, [s.campaignId, s.cohortId, s.seed, String(s.now), ...s.order])) as 'done' | 'already' | 'changed';
  }

  async shuffleRecord(campaignId: string, cohortId: string): Promise<ShuffleRecord | undefined> {
    const stored = await this.redis.hget(this.#key(`shuffled:${campaignId}`), cohortId);
    if (!stored) return undefined;
    const { seed, tickets, firstPosition } = JSON.parse(stored) as ShuffleRecord;
    return { seed, tickets, firstPosition };
  }

  async head(campaignId: string): Promise<number> {
    return Number((await this.redis.hget(this.#key(`q:${campaignId}`), 'head')) ?? 0);
  }

  async tickInputs(campaignId: string, now: number, pressure: boolean): Promise<TickFigures> {
    const r = (await this.#run(TICK_INPUTS, [campaignId, String(now), pressure ? '1' : '0'])) as Array<number | string>;
    const [head, tail, prequeue, inFlight, done, lapsed, version, control, anyPressure] = r;
    return {
      campaignId,
      head: Number(head),
      tail: Number(tail),
      prequeue: Number(prequeue),
      inFlight: Number(inFlight),
      done: Number(done),
      lapsed: Number(lapsed),
      version: Number(version),
      control: control ? (JSON.parse(String(control)) as ControlState) : null,
      pressure: Number(anyPressure) === 1,
      ...bookTimes(r.slice(9).map(String)),
    };
  }

  async admitNext(a: Admit): Promise<QueueFigures & { applied: boolean }> {
    const [applied, head, tail, prequeue] = (await this.#run(ADMIT, [
      a.campaignId, String(a.now), String(a.admit), String(a.holdUntil), JSON.stringify(a.control), String(a.version),
    ])) as number[];
    return { campaignId: a.campaignId, head: head!, tail: tail!, prequeue: prequeue!, applied: applied === 1 };
  }

  async booked(campaignId: string, personKey: string, admissionId: string, now: number): Promise<void> {
    await this.#run(BOOKED, [campaignId, personKey, admissionId, String(now)]);
  }

  async release(campaignId: string, personKey: string, admissionId: string, now: number): Promise<void> {
    await this.#run(RELEASE, [campaignId, personKey, admissionId, String(now)]);
  }

  async counts(now: number): Promise<Array<{ campaignId: string; tickets: number; inFlight: number }>> {
    const out = [];
    for (const campaignId of await this.redis.smembers(this.#key('campaigns'))) {
      const [tickets, inFlight] = await Promise.all([
        this.redis.hlen(this.#key(`who:${campaignId}`)),
        this.redis.zcount(this.#key(`inflight:${campaignId}`), `(${now}`, '+inf'),
      ]);
      out.push({ campaignId, tickets, inFlight });
    }
    return out;
  }


  /** Deletes every key of this data directory's waiting room (benchmarks clean up with it). */
  async dropAll(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await this.redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  /** Nothing is held in this process's memory. */
  reload(): void {}

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  #key(name: string): string {
    return this.prefix + name;
  }

  /** EVALSHA, and EVAL once when Redis does not know the script yet (after a restart, say). */
  async #run(s: Script, args: string[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(s.sha, 0, this.prefix, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return this.redis.eval(s.source, 0, this.prefix, ...args);
    }
  }

  /**
   * An acknowledged place must survive a crash of Redis: refuse one that keeps no append-only file,
   * or fsyncs it less often than every write (everysec loses up to a second of acknowledged places).
   */
  async #requireAof(): Promise<void> {
    let settings: string[];
    try {
      settings = (await this.redis.config('GET', 'append*')) as string[];
    } catch {
      return; // CONFIG is disabled on some managed Redis services: their durability is theirs to state.
    }
    const setting = (name: string) => settings[settings.indexOf(name) + 1];
    if (setting('appendonly') !== 'yes' || setting('appendfsync') !== 'always') {
      throw new Error(`Redis has appendonly ${setting('appendonly')}, appendfsync ${setting('appendfsync')}: acknowledged places could be lost in a crash. Start it with --appendonly yes --appendfsync always.`);
    }
  }
}

/** The books list's entries ('turn seconds,claim seconds', -1 for a turn never claimed) as the two samples. */
function bookTimes(entries: string[]): { bookSeconds: number[]; claimSeconds: number[] } {
  const bookSeconds: number[] = [];
  const claimSeconds: number[] = [];
  for (const e of entries) {
    const [turn, claim] = e.split(',').map(Number);
    if (Number.isFinite(turn)) bookSeconds.push(turn!);
    if (claim !== undefined && Number.isFinite(claim) && claim >= 0) claimSeconds.push(claim);
  }
  return { bookSeconds, claimSeconds };
}

function pairs(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

function ticketRow(h: Record<string, string>): TicketRow | undefined {
  if (!h.id) return undefined;
  const num = (v: string | undefined) => (v === undefined ? null : Number(v));
  return {
    id: h.id,
    campaignId: h.campaignId!,
    cohortId: h.cohortId!,
    personKey: h.personKey!,
    joinedAt: Number(h.joinedAt),
    position: num(h.position),
    admissionId: h.admissionId ?? null,
    admittedAt: num(h.admittedAt),
    admissionExpiresAt: num(h.admissionExpiresAt),
    bookedAt: num(h.bookedAt),
    turnAt: num(h.turnAt),
    holdUntil: num(h.holdUntil),
    releasedAt: num(h.releasedAt),
  };
}
