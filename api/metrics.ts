/**
 * Prometheus metrics (GET /metrics on the metrics listener): the waiting room read at scrape time,
 * calls counted by procedure and outcome, booking latency, commit batch sizes, connections refused,
 * and Node's process figures. One registry per app, so several apps in one test process do not
 * collide. With workers, the primary sums the workers' registries (api/cli/clusterMetrics.ts): the
 * per-campaign gauges say so (`aggregator: 'max'`), since every worker reads the same store.
 */
import type Database from 'better-sqlite3';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HeadView } from '../shared/waiting';
import type { LoadMonitor } from './http/load';

export interface MetricsSources {
  sqlite: Database.Database;
  heads: () => HeadView[];
  /** Tickets and admissions in flight per campaign, from the waiting room's store. */
  queueCounts: (now: number) => Promise<Array<{ campaignId: string; tickets: number; inFlight: number }>>;
  /** The app's clock (tests move it). */
  now: () => number;
  /** This process under load. */
  load: LoadMonitor;
  /** The admission controllers as of the last tick. */
  controls: () => Array<{ campaignId: string; pace: number; drain: number; window: number }>;
}

export class Metrics {
  readonly registry = new Registry();
  readonly #calls: Counter<'procedure' | 'outcome'>;
  readonly #bookingSeconds: Histogram;
  readonly #batchSize: Histogram;
  readonly #refusedConnections: Counter<'cap'>;

  constructor(private readonly sources: MetricsSources) {
    const registry = this.registry;
    collectDefaultMetrics({ register: registry, prefix: 'yeyak_' });
    const perCampaign = (name: string, help: string, pick: (h: HeadView) => number | null) =>
      new Gauge({
        name, help, labelNames: ['campaign'], registers: [registry], aggregator: 'max',
        collect() {
          this.reset();
          for (const h of sources.heads()) this.set({ campaign: h.campaignId }, pick(h) ?? 0);
        },
      });
    perCampaign('yeyak_queue_length', 'People with a position, not yet let in', (h) => h.queueLength);
    perCampaign('yeyak_queue_prequeue', 'People in the pre-queue, waiting for the shuffle', (h) => h.prequeueLength);
    perCampaign('yeyak_queue_head', 'Every position up to this one has been let in', (h) => h.admittedUpTo);
    perCampaign('yeyak_admit_rate', 'People let in per second, the forecast the ETA uses (0 while estimating, paused or sold out)', (h) => h.admitRate);
    perCampaign('yeyak_admit_rate_target', "The operator's ceiling on the admission rate", (h) => h.targetRate);
    perCampaign('yeyak_places_left', 'Places the campaign can still book', (h) => h.placesLeft);
    const perControl = (name: string, help: string, pick: (c: { pace: number; drain: number; window: number }) => number) =>
      new Gauge({
        name, help, labelNames: ['campaign'], registers: [registry],
        collect() {
          this.reset();
          for (const c of sources.controls()) this.set({ campaign: c.campaignId }, pick(c));
        },
      });
    perControl('yeyak_admit_pace', 'The admission controller\'s pace, people per second (before the ceiling)', (c) => c.pace);
    perControl('yeyak_drain_rate', 'People done per second (booked, refused or lapsed), smoothed', (c) => c.drain);
    perControl('yeyak_admit_window', 'The admission controller\'s target of people in flight', (c) => c.window);
    const load = sources.load;
    new Gauge({ name: 'yeyak_event_loop_delay_seconds', help: 'Event-loop delay, mean over the last quarter second', registers: [registry], collect() { this.set(load.lagMs / 1000); } });
    new Gauge({ name: 'yeyak_http_in_flight', help: 'HTTP requests accepted and not yet answered', registers: [registry], collect() { this.set(load.inFlight); } });
    new Gauge({ name: 'yeyak_overloaded', help: '1 while this process sheds load', registers: [registry], collect() { this.set(load.saturated ? 1 : 0); } });
    new Gauge({ name: 'yeyak_join_accept_share', help: 'Share of new joins accepted (1: none shed)', registers: [registry], collect() { this.set(load.accept); } });
    new Counter({
      name: 'yeyak_shed_total', help: 'Calls refused to shed load (503 + Retry-After), by procedure', labelNames: ['procedure'], registers: [registry],
      collect() {
        this.reset();
        for (const [procedure, n] of load.shed) this.inc({ procedure }, n);
      },
    });
    /** A per-campaign count read from SQLite at scrape time (named parameter :now where it matters). */
    const count = (name: string, help: string, sql: string) => {
      const statement = sources.sqlite.prepare(sql);
      return new Gauge({
        name, help, labelNames: ['campaign'], registers: [registry], aggregator: 'max',
        collect() {
          this.reset();
          for (const r of statement.all({ now: sources.now() }) as Array<{ campaign: string; n: number }>) this.set({ campaign: r.campaign }, r.n);
        },
      });
    };
    /** Read from the waiting room's store (SQLite or Redis) at scrape time. */
    const fromStore = (name: string, help: string, pick: (c: { tickets: number; inFlight: number }) => number) =>
      new Gauge({
        name, help, labelNames: ['campaign'], registers: [registry], aggregator: 'max',
        async collect() {
          const counts = await sources.queueCounts(sources.now());
          this.reset();
          for (const c of counts) this.set({ campaign: c.campaignId }, pick(c));
        },
      });
    fromStore('yeyak_tickets', 'Waiting-room tickets handed out', (c) => c.tickets);
    fromStore('yeyak_admissions_in_flight', 'Turns let in and still held: neither booked, refused nor lapsed', (c) => c.inFlight);
    count('yeyak_bookings_active', 'Active bookings',
      "SELECT campaign_id AS campaign, count(*) AS n FROM bookings WHERE status = 'active' GROUP BY campaign_id");
    this.#calls = new Counter({
      name: 'yeyak_calls_total', help: 'API calls by procedure and outcome (ok, or the refusal reason); queue.head answers served from the per-tick cache are not counted',
      labelNames: ['procedure', 'outcome'], registers: [registry],
    });
    this.#bookingSeconds = new Histogram({
      name: 'yeyak_booking_seconds', help: 'booking.submit, from call to durable answer',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
    });
    this.#batchSize = new Histogram({
      name: 'yeyak_commit_batch_size', help: 'Writes sharing one commit (one fsync)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024], registers: [registry],
    });
    this.#refusedConnections = new Counter({
      name: 'yeyak_connections_refused_total', help: 'Connections closed on arrival: over the cap of the process (total) or of one address',
      labelNames: ['cap'], registers: [registry],
    });
  }

  refusedConnection(cap: 'total' | 'address'): void {
    this.#refusedConnections.inc({ cap });
  }

  /** One call of a procedure: its outcome (null = answered) and how long it took. */
  observe(procedure: string, reason: string | null, seconds: number): void {
    this.#calls.inc({ procedure, outcome: reason ?? 'ok' });
    if (procedure === 'booking.submit') {
      this.#bookingSeconds.observe(seconds);
      this.sources.load.booking(seconds);
    }
  }

  /** Citizens' refused calls so far (waiting room and booking), by reason: the operator's dashboard. Sign-in refusals of staff are not the night's. */
  async refusals(): Promise<Array<{ reason: string; count: number }>> {
    const totals = new Map<string, number>();
    for (const v of (await this.#calls.get()).values) {
      const outcome = String(v.labels.outcome);
      const citizens = /^(queue|booking)\./.test(String(v.labels.procedure));
      if (outcome !== 'ok' && citizens) totals.set(outcome, (totals.get(outcome) ?? 0) + v.value);
    }
    return [...totals].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
  }

  batch(size: number): void {
    this.#batchSize.observe(size);
  }
}
