/** One data directory opened for serving: storage, secrets, clock and the services built on them. Tests and the CLI open it the same way. */
import { AvailabilityCache } from './catalog/availability';
import { prepareBandAvailability, prepareFreeTimes } from './catalog/bandAvailability';
import { clinicsSince } from './catalog/clinics';
import { BookingService } from './booking/service';
import { Checkpointer, truncateWal } from './db/checkpointer';
import { RemoteWriter } from './booking/writer';
import { Accounts, CLINIC_ACCOUNTS, OPERATOR_ACCOUNTS } from './auth/accounts';
import { clinicDay } from './clinic/day';
import { GroupCommitter } from './db/groupCommit';
import { DEFAULT_LOAD_LIMITS, LoadMonitor } from './http/load';
import { createLogger, type Logger } from './log';
import { Metrics } from './metrics';
import { campaignProblems, storedProblems } from './operator/campaigns';
import { DashboardSource } from './operator/dashboard';
import { putCampaign } from './schedule/write';
import type { Campaign } from '../shared/schedule';
import { databasePath, openStorage, type Storage } from './db/open';
import { RateLimiter } from './rateLimit';
import { WaitingRoom, type WaitingRoomOptions } from './queue/room';
import { RedisQueueStore, redisPrefix } from './queue/redisStore';
import { SqliteQueueStore } from './queue/sqliteStore';
import { ScheduleStore } from './schedule/store';
import { loadSecrets, type Secrets } from './secrets';
import type { Services } from './services';
import { IdentityGate } from './phone/gate';
import { PhoneCheck } from './phone/check';
import { PlaceAlerts } from './alerts/placeAlerts';
import { OutboxSender, type SenderOptions } from './outbox/sender';
import { fileTransport, httpTransport } from './outbox/transports';

export interface AppOptions {
  dataDir: string;
  /** Epoch milliseconds; tests pass a controllable clock. */
  clock?: () => number;
  /** Lookups and cancels per address per minute: stops guessing booking codes. */
  lookupsPerMinute?: number;
  /** identity.start and identity.confirm per address per minute. */
  identityChecksPerMinute?: number;
  /** Queue joins per address per minute. Generous: mobile carriers put many phones behind one address. */
  joinsPerMinute?: number;
  room?: Partial<WaitingRoomOptions>;
  /** A Redis URL: the waiting room's state lives there (shared by every API process), not in SQLite. */
  redis?: string;
  /** A cluster worker: check bookings here, and send their transactions and cancels to the primary, the one booking writer. */
  bookingsViaPrimary?: boolean;
  /** false: every write commits (and fsyncs) on its own. Default true. */
  groupCommit?: boolean;
  /** How often a thread of its own checkpoints the WAL (default 500 ms; 0 in a worker whose bookings go to the primary); 0 leaves it to SQLite, inside commits. */
  checkpointEveryMs?: number;
  /** Default: silent (tests); `serve` passes a real one. */
  logger?: Logger;
  /** Proxies in front whose X-Forwarded-For and -Proto to believe; 0 (default) believes none. */
  trustProxyHops?: number;
  /** Event-loop delay (ms) above which new joins are shed (default 50). */
  shedLagMs?: number;
  /** Where the outbox delivers: an SMS/알림톡 provider's URL (http, with secrets.json's outboxToken), else <data dir>/outbox.jsonl. */
  outboxUrl?: string;
  /** false: no sender in this process (a one-shot CLI command); default true. */
  sendOutbox?: boolean;
  /** The sender's retry timing (tests shorten it). */
  outboxRetry?: Partial<SenderOptions>;
}

export interface App extends Storage, Services {
  dataDir: string;
  secrets: Secrets;
  now: () => number;
  schedule: ScheduleStore;
  booking: BookingService;
  queue: WaitingRoom;
  committer: GroupCommitter;
  /** The WAL's checkpoints off the event loop (absent with checkpointEveryMs 0). */
  checkpointer?: Checkpointer;
  metrics: Metrics;
  /** This process under load: what it sheds, and the booking path's pressure for the admission controller. */
  load: LoadMonitor;
  log: Logger;
  trustProxyHops: number;
  lookupLimiter: RateLimiter;
  codeLimiter: RateLimiter;
  identityLimiter: RateLimiter;
  joinLimiter: RateLimiter;
  phone: PhoneCheck;
  /** "Text me when a place comes back" (alerts.subscribe), told as cancellations free places. */
  alerts: PlaceAlerts;
  outbox: OutboxSender;
  /** Resolves once the waiting room has read its queues from its store; serve after it. */
  ready: Promise<void>;
  /** Closes everything; resolves once background threads and senders have stopped writing to the data directory. */
  close(): Promise<void>;
}

export function openApp(opts: AppOptions): App {
  const storage = openStorage(opts.dataDir);
  const holdsPeople = storage.sqlite.prepare('SELECT EXISTS (SELECT 1 FROM bookings) OR EXISTS (SELECT 1 FROM tickets)').pluck().get() === 1;
  let secrets: Secrets;
  try {
    secrets = loadSecrets(opts.dataDir, holdsPeople);
  } catch (err) {
    storage.sqlite.close();
    throw err;
  }
  const schedule = new ScheduleStore(storage.db);
  const availability = new AvailabilityCache(storage.sqlite);
  const now = opts.clock ?? Date.now;
  const log = opts.logger ?? createLogger(false);
  let queue: WaitingRoom | undefined;
  const load = new LoadMonitor({ ...DEFAULT_LOAD_LIMITS, ...(opts.shedLagMs === undefined ? {} : { enterLagMs: opts.shedLagMs }) }).start();
  const metrics = new Metrics({
    sqlite: storage.sqlite, heads: () => queue?.heads() ?? [], now, load,
    queueCounts: async (at) => (queue ? queue.store.counts(at) : []),
    controls: () => queue?.controls() ?? [],
  });
  const committer = new GroupCommitter(storage.sqlite, {
    grouped: opts.groupCommit ?? true,
    maxBatch: 1024,
    onBatch: (n) => metrics.batch(n),
    onFailure: () => queue?.reload(),
  });
  const gate = new IdentityGate(storage.sqlite, secrets.credentialKey);
  if (opts.outboxUrl && !secrets.outboxToken) {
    storage.sqlite.close();
    throw new Error(`an outbox URL needs the provider's token: add "outboxToken": "…" to ${opts.dataDir}/secrets.json`);
  }
  const transport = opts.outboxUrl ? httpTransport(opts.outboxUrl, secrets.outboxToken!) : fileTransport(opts.dataDir);
  const outbox = new OutboxSender(storage.sqlite, transport, now, log, opts.outboxRetry);
  const phone = new PhoneCheck(storage.sqlite, secrets, schedule, committer, gate, () => outbox.wake());
  const alerts = new PlaceAlerts(storage.sqlite, secrets.identityKey, schedule, gate, () => outbox.wake());
  const store = opts.redis ? new RedisQueueStore(opts.redis, redisPrefix(secrets)) : new SqliteQueueStore(storage.sqlite, committer, now());
  queue = new WaitingRoom(storage.sqlite, secrets, schedule, store, opts.room ?? {}, now(), {
    pressure: () => load.pressure(),
    backoff: () => load.backoff(),
    placesLeft: (campaignId, at) => {
      const campaign = schedule.get(campaignId);
      return campaign ? availability.placesLeft(campaignId, campaign.doses, at) : null;
    },
  }, gate);
  // The process that writes bookings checkpoints; a worker whose bookings go to the primary writes little.
  const everyMs = opts.checkpointEveryMs ?? (opts.bookingsViaPrimary ? 0 : 500);
  const checkpointer = everyMs > 0
    ? new Checkpointer(storage.sqlite, databasePath(opts.dataDir), everyMs, (message) => log.warn({ err: { message } }, 'WAL checkpoint failed; SQLite checkpoints inside commits meanwhile'))
    : undefined;
  const room = queue;
  const onBooked = (campaignId: string, key: string, admissionId: string, at: number) => room.booked(campaignId, key, admissionId, at).catch((err: Error) => {
    // The booking is committed and stands; once the admission lapses the ticket reads as booked (from SQLite).
    log.error({ err: { message: err.message } }, 'booking committed, but the waiting room could not be told');
  });
  // A refused booking frees its turn in flight at once; if telling the room fails, the turn lapses by itself.
  const onRefused = (campaignId: string, key: string, admissionId: string, at: number) => room.release(campaignId, key, admissionId, at).catch((err: Error) => {
    log.warn({ err: { message: err.message } }, 'a refused booking could not free its turn; it lapses by itself');
  });
  const dashboard = new DashboardSource(storage.sqlite, () => queue!.heads(), () => metrics.refusals());
  return {
    ...storage,
    dataDir: opts.dataDir,
    secrets,
    now,
    schedule,
    catalog: {
      clinics: (since) => clinicsSince(storage.db, since),
      availability: (campaignId, now) => availability.get(campaignId, now),
      bandAvailability: prepareBandAvailability(storage.sqlite),
      freeTimes: prepareFreeTimes(storage.sqlite),
    },
    committer,
    booking: new BookingService(storage.sqlite, secrets, schedule, committer, onBooked, opts.bookingsViaPrimary ? new RemoteWriter() : undefined, onRefused, gate, alerts),
    identity: {
      start: (campaignId, person, at) => phone.start(campaignId, person, at),
      confirm: (challengeId, code, at) => phone.confirm(challengeId, code, at),
    },
    phone,
    alerts,
    outbox: opts.sendOutbox === false ? outbox : outbox.start(),
    queue,
    clinic: Object.assign(new Accounts(storage.sqlite, CLINIC_ACCOUNTS, { log }), { day: (clinicId: string, date: string) => clinicDay(storage.sqlite, clinicId, date) }),
    operator: Object.assign(new Accounts(storage.sqlite, OPERATOR_ACCOUNTS, { log }), {
      dashboard: (at: number) => dashboard.get(at),
      setAdmitRate: (perSecond: number) => queue!.setRate(perSecond),
      putCampaign: (campaign: Campaign) => {
        const problems = [...campaignProblems(campaign), ...storedProblems(storage.sqlite, campaign)];
        if (problems.length > 0) return problems;
        putCampaign(storage.db, campaign);
        schedule.invalidate();
        return [];
      },
    }),
    metrics,
    load,
    log,
    trustProxyHops: opts.trustProxyHops ?? 0,
    lookupLimiter: new RateLimiter(opts.lookupsPerMinute ?? 30),
    // A code's owner looks it up a few times; a guesser of birth dates for one code gets 10 an hour.
    codeLimiter: new RateLimiter(10 / 60, 10),
    identityLimiter: new RateLimiter(opts.identityChecksPerMinute ?? 20),
    joinLimiter: new RateLimiter(opts.joinsPerMinute ?? 120),
    ready: queue.ready,
    checkpointer,
    close: () => {
      load.stop();
      const stopped = [outbox.stop(), checkpointer?.stop()];
      void store.close();
      // Leave no WAL behind (as SQLite does when the last connection closes): a restore that copies
      // only the database file must not meet old frames. If a reader elsewhere holds it, it stays.
      if (storage.sqlite.open) truncateWal(storage.sqlite, 500);
      storage.sqlite.close();
      return Promise.all(stopped).then(() => undefined);
    },
  };
}
