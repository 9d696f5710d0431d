/**
 * `yeyak simulate`: the seed's night replayed against the real server (a child process, with the
 * product's default settings) over real HTTP, by default at one tenth of its scale. The people
 * (crowd.ts) run on an undici client in this process, whose CPU is reported beside the server's.
 * With --places fewer than people, the night sells out. Writes a report and a chart.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seoulDate, seoulTime } from '../../../shared/time';
import type { HeadView } from '../../../shared/waiting';
import { openStorage } from '../../db/open';
import { loadDemo, SLOT_TIMES } from '../../demo/load';
import { verifyStorage } from '../../verify';
import { rssMb, spawnServer } from '../processes';
import { ownSeconds, processTree, redisSeconds, treeSeconds } from '../cpu';
import { lineChart } from './chart';
import { WireClient } from './client';
import { person, type Crowd, type Outcome } from './crowd';
import { figures, percentile, type Sample } from './report';
import { Redis } from 'ioredis';
import type Database from 'better-sqlite3';

export const COHORT_SIZE = 1_505_074;

export interface SimulateOptions {
  people: number;
  /** Places in all (first doses); default a fifth more than people. */
  places?: number;
  /** A ceiling passed to the server; default: none given (the product's default). */
  admitRate?: number;
  prequeueSeconds: number;
  arrivalMeanSeconds: number;
  /** Connections of the crowd's pool (the people whose turn came and the CDN have their own). */
  connections: number;
  /** Where the report and chart go (default bench/results/). */
  outDir?: string;
  /** Extra `serve` arguments, such as --redis URL --workers 2. */
  serveArgs?: string[];
  redis?: string;
}

const RESULTS = fileURLToPath(new URL('../../../bench/results', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const CLINICS = 250;
/** Seconds the server keeps an idle connection open: above a proxy's upstream idle timeout (nginx: 60 s). */
const PROXY_KEEP_ALIVE_S = 75;
const DAYS = 14;

/** Leaves exactly `places` first-dose places (and their second doses), the first slots in order. */
function trimPlaces(sqlite: Database.Database, campaignId: string, intervalDays: number, places: number): void {
  const firsts = sqlite.prepare('SELECT id, clinic_id AS clinicId, starts_at AS startsAt, capacity FROM slots WHERE campaign_id = ? AND dose = 1 ORDER BY starts_at, clinic_id')
    .all(campaignId) as Array<{ id: number; clinicId: string; startsAt: number; capacity: number }>;
  const setFirst = sqlite.prepare('UPDATE slots SET capacity = ? WHERE id = ?');
  const setSecond = sqlite.prepare('UPDATE slots SET capacity = ? WHERE campaign_id = ? AND dose = 2 AND clinic_id = ? AND starts_at = ?');
  let left = places;
  sqlite.transaction(() => {
    for (const f of firsts) {
      const capacity = Math.min(f.capacity, left);
      left -= capacity;
      setFirst.run(capacity, f.id);
      setSecond.run(capacity, campaignId, f.clinicId, f.startsAt + intervalDays * 86_400_000);
    }
  })();
}

/** From the server's /metrics: the share of booking.submit calls it answered in over 1 s and over 2.5 s (its histogram's buckets). */
function bookingShares(metrics: string): { count: number; over1: number; over2_5: number } | null {
  const bucket = (le: string) => Number(new RegExp(`^yeyak_booking_seconds_bucket\\{[^}]*le="${le.replace('.', '\\.')}"[^}]*\\} (\\S+)`, 'm').exec(metrics)?.[1] ?? NaN);
  const count = Number(/^yeyak_booking_seconds_count(?:\{[^}]*\})? (\S+)/m.exec(metrics)?.[1] ?? NaN);
  if (!(count > 0)) return null;
  return { count, over1: (100 * (count - bucket('1'))) / count, over2_5: (100 * (count - bucket('2.5'))) / count };
}

export async function runSimulation(opts: SimulateOptions): Promise<string> {
  const N = opts.people;
  const places = opts.places ?? Math.ceil(N * 1.2);
  const dataDir = mkdtempSync(join(tmpdir(), 'yeyak-simulate-'));
  const storage = openStorage(dataDir);
  const capacity = Math.max(1, Math.ceil(Math.max(N * 1.2, places) / (CLINICS * DAYS * SLOT_TIMES.length)));
  const demo = loadDemo(storage, { identity: 'declared', now: Date.now(), opensInSeconds: opts.prequeueSeconds, clinics: CLINICS, days: DAYS, capacity });
  if (opts.places !== undefined) trimPlaces(storage.sqlite, demo.campaign.id, demo.campaign.intervalDays, places);
  // People live where clinics are: a first choice drawn over all clinics, two more in the same 시·군·구 or 시·도.
  const clinics = storage.sqlite.prepare('SELECT id, region, district FROM clinics ORDER BY id').all() as Array<{ id: string; region: string; district: string }>;
  storage.sqlite.close();
  const choicesFor = (i: number) => {
    const first = clinics[(i * 7919) % clinics.length]!;
    const near = clinics.filter((c) => c.id !== first.id && c.region === first.region)
      .sort((a, b) => Number(b.district === first.district) - Number(a.district === first.district));
    return [first, ...near.slice(0, 4).sort(() => Math.random() - 0.5).slice(0, 2)].map((c) => ({ clinicId: c.id }));
  };
  const campaignId = demo.campaign.id;
  const cohort = demo.campaign.cohorts[0]!;
  const opensAt = Date.parse(cohort.opensAt);

  // The replay comes from one address: the per-address limits (joins, connections) are for phones behind a carrier's NAT, not for it.
  // The people reach the server as through a proxy in front (docs/SCALING.md): over connections it
  // opened before the night and keeps open (a busy Node process takes in about ten new connections a
  // second: see ACCEPTS in api/http/connections.ts), so the server keeps them longer than the proxy.
  const serveArgs = ['--join-limit', String(1e9), '--max-connections-per-address', '0', '--keep-alive', String(PROXY_KEEP_ALIVE_S), ...(opts.admitRate === undefined ? [] : ['--admit-rate', String(opts.admitRate)]), ...(opts.serveArgs ?? [])];
  const server = await spawnServer(dataDir, serveArgs, [], false);
  // Stopped from outside (Ctrl-C, a timeout): the server goes too, not left running on its own.
  const stopServer = () => { server.child.kill('SIGKILL'); process.exit(130); };
  process.once('SIGINT', stopServer);
  process.once('SIGTERM', stopServer);
  const killOnExit = () => server.child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const base = new URL(server.url);
  const client = new WireClient(base, opts.connections);
  // As many as phones would open: a shared pool would queue their bookings here, where the server's
  // answer times (the admission controller's pressure) cannot see it.
  const turns = new WireClient(base, 2 * opts.connections);
  const cdn = new WireClient(base, 2);
  const pid = server.child.pid!;
  const redis = opts.redis ? new Redis(opts.redis, { maxRetriesPerRequest: 1 }) : undefined;
  console.log(`simulate: ${N.toLocaleString('en')} people, ${places.toLocaleString('en')} places, pre-queue ${opts.prequeueSeconds} s, serve ${serveArgs.join(' ')}`);

  // The CDN: one origin request a second for queue.head; everyone reads the cached copy.
  let head: HeadView = (await cdn.query('queue.head', { campaignId })).body.result.data;
  // The proxy's pools are open before the night, as its upstream connections would be.
  for (const [pool, n] of [[client, opts.connections], [turns, 2 * opts.connections], [cdn, 2]] as const) await pool.open(n, `/trpc/queue.head?input=${encodeURIComponent(JSON.stringify({ campaignId }))}`);
  const samples: Sample[] = [];
  const outcomes: Outcome[] = new Array(N);
  let peakRss = 0;
  const rss = () => processTree(pid).reduce((sum, p) => sum + (existsSync(`/proc/${p}`) ? rssMb(p) : 0), 0);
  const booked = () => outcomes.reduce((n, o) => n + (o?.answer === 'booked' ? 1 : 0), 0);
  let nextLog = Date.now() + 5000;
  const sampler = setInterval(() => {
    cdn.query('queue.head', { campaignId }).then((r) => {
      if (r.status !== 200) return;
      head = r.body.result.data;
      peakRss = Math.max(peakRss, rss());
      samples.push({ t: Date.now(), admitted: head.admittedUpTo, queue: head.queueLength, prequeue: head.prequeueLength, booked: booked(), soldOut: head.soldOut, paused: head.targetRate === 0, rate: head.admitRate, inFlight: head.inFlight, backoff: head.backoff });
      if (Date.now() > nextLog) {
        nextLog = Date.now() + 5000;
        console.log(`  +${Math.round((Date.now() - opensAt) / 1000)} s: ${samples.at(-1)!.booked.toLocaleString('en')} booked, head ${head.admittedUpTo.toLocaleString('en')}, queue ${head.queueLength.toLocaleString('en')}, in flight ${head.inFlight}, ${head.admitRate ?? '?'}/s${head.backoff > 1 ? ', shedding' : ''}`);
      }
    }, () => undefined);
  }, 1000);

  // The simulator's own loop: a late loop here adds to every latency it measures.
  const selfLag = monitorEventLoopDelay({ resolution: 10 });
  selfLag.enable();
  const start = Date.now();
  const crowd: Crowd = { client, turns, head: () => head, campaignId, birthYear: Number(cohort.birthFrom.slice(0, 4)), start, opensAt, arrivalMeanSeconds: opts.arrivalMeanSeconds, choicesFor };
  const [cpuServer0, cpuSelf0, cpuRedis0] = [treeSeconds(pid), ownSeconds(), await redisSeconds(redis)];
  await Promise.all(Array.from({ length: N }, (_, i) => person(crowd, i, outcomes)));
  const [cpuServer1, cpuSelf1, cpuRedis1] = [treeSeconds(pid), ownSeconds(), await redisSeconds(redis)];
  const wall = (Date.now() - start) / 1000;
  selfLag.disable();
  // The server's own timing of booking.submit (from the call to its durable answer), beside the client's.
  const serverBookings = server.metricsUrl ? await fetch(server.metricsUrl).then((r) => r.text()).then(bookingShares, () => null) : null;
  clearInterval(sampler);
  await sleep(1100);
  process.off('SIGINT', stopServer);
  process.off('SIGTERM', stopServer);
  process.off('exit', killOnExit);
  server.child.kill('SIGINT');
  await new Promise((r) => server.child.once('exit', r));
  redis?.disconnect();
  await Promise.all([client.close(), turns.close(), cdn.close()]);
  const check = openStorage(dataDir, { readonly: true });
  const checks = verifyStorage(check.sqlite);
  const overbooked = (check.sqlite.prepare('SELECT count(*) AS n FROM slots WHERE booked > capacity').get() as { n: number }).n;
  check.sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });

  const f = figures(outcomes, samples);
  const since = (t: number) => ((t - opensAt) / 1000).toFixed(1);
  const stamp = `${seoulDate(Date.now())}-${seoulTime(Date.now()).replace(':', '')}`;
  const outDir = opts.outDir ?? RESULTS;
  mkdirSync(outDir, { recursive: true });
  const setup = opts.serveArgs?.includes('--workers') ? 'several processes' : 'one process';
  const chartFile = `${stamp}-simulate${opts.places === undefined ? '' : '-soldout'}.svg`;
  writeFileSync(join(outDir, chartFile), lineChart(`yeyak simulate: ${N.toLocaleString('en')} people, ${places.toLocaleString('en')} places (${setup})`, [
    { label: 'waiting (queue + pre-queue)', colour: '#c0392b', points: samples.map((s) => [(s.t - opensAt) / 1000, s.queue + s.prequeue]) },
    { label: 'let in (head)', colour: '#2471a3', points: samples.map((s) => [(s.t - opensAt) / 1000, s.admitted]) },
    { label: 'booked', colour: '#1e8449', points: samples.map((s) => [(s.t - opensAt) / 1000, s.booked]) },
  ], 'seconds since the opening (20:00)', 'people'));
  let sustained = 0;
  for (let k = 5; k < samples.length; k++) {
    sustained = Math.max(sustained, (samples[k]!.booked - samples[k - 5]!.booked) / ((samples[k]!.t - samples[k - 5]!.t) / 1000));
  }
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const cpu = (d: number) => `${((100 * d) / wall).toFixed(0)}% of a core`;
  const shed = new Map<string, number>();
  for (const c of [client, turns, cdn]) for (const [k, v] of c.shed) shed.set(k, (shed.get(k) ?? 0) + v);
  const failed = checks.filter((c) => !c.ok);
  const rows: Array<[string, string]> = [
    ['people / places', `${N.toLocaleString('en')} / ${places.toLocaleString('en')}`],
    ['answers', [...f.answers].map(([a, n]) => `${a} ${n.toLocaleString('en')}`).join(', ')],
    ['ETA error (middle), p50 / p90, waits of 10 s or more', `${pct(percentile(f.etaErrors, 0.5))} / ${pct(percentile(f.etaErrors, 0.9))} (${f.etaErrors.length.toLocaleString('en')} people)`],
    ['let in inside the range first shown', `${pct(f.insideRange / Math.max(1, f.shownRange))} (${f.insideRange.toLocaleString('en')} of ${f.shownRange.toLocaleString('en')}; ${f.neverShown.toLocaleString('en')} let in before a range was known)`],
    ['longest stall (nobody let in while people waited and places remained)', `${f.longestStall.toFixed(1)} s${f.stallAt === null ? '' : ` (from +${since(f.stallAt)} s)`}`],
    ['booking.submit latency p50 / p99 (client)', `${percentile(f.submitMs, 0.5)} / ${percentile(f.submitMs, 0.99)} ms (${f.submitMs.length.toLocaleString('en')} calls)`],
    ['last arrival → last booking', `+${since(f.lastArrival)} s → +${since(f.lastBooking)} s: ${((f.lastBooking - f.lastArrival) / 1000).toFixed(1)} s`],
    ['sold out → last waiting person answered', f.soldOutAt === null ? 'not sold out' : `+${since(f.soldOutAt)} s → ${f.lastAnswerAfterSoldOut === null ? 'nobody was waiting' : `+${since(f.lastAnswerAfterSoldOut)} s: ${((f.lastAnswerAfterSoldOut - f.soldOutAt) / 1000).toFixed(1)} s`}`],
    ['requests shed (503 + Retry-After), by procedure', shed.size ? [...shed].map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ') : 'none'],
    ['booking.submit at the server (call to durable answer): over 1 s / over 2.5 s', serverBookings ? `${serverBookings.over1.toFixed(2)}% / ${serverBookings.over2_5.toFixed(2)}% of ${serverBookings.count.toLocaleString('en')}` : 'not read'],
    ['bookings per second, best 5-second window', Math.round(sustained).toLocaleString('en')],
    ['origin requests per person (calls with no answer, retried)', `${((client.requests + turns.requests + cdn.requests) / N).toFixed(2)} (${(client.failures + turns.failures + cdn.failures).toLocaleString('en')})`],
    ['CPU over the run: server / simulator / Redis', `${cpu(cpuServer1 - cpuServer0)} / ${cpu(cpuSelf1 - cpuSelf0)} / ${redis ? cpu(cpuRedis1 - cpuRedis0) : '-'} (${wall.toFixed(0)} s)`],
    ['simulator event-loop delay p50 / p99 / max (adds to its latencies)', `${(selfLag.percentile(50) / 1e6).toFixed(0)} / ${(selfLag.percentile(99) / 1e6).toFixed(0)} / ${(selfLag.max / 1e6).toFixed(0)} ms`],
    ['server memory (RSS), peak', `${peakRss.toFixed(0)} MB`],
    ['overbooked slots', String(overbooked)],
    ['verify', failed.length === 0 ? 'all invariants hold' : `BROKEN: ${failed.map((c) => c.name).join('; ')}`],
  ];
  const report = [
    `# yeyak simulate, ${new Date().toISOString()}`,
    '',
    `The seed's night at ${(N / COHORT_SIZE).toFixed(3)} of its scale, against \`yeyak serve ${serveArgs.join(' ')}\` (${setup}, otherwise the product's defaults) on loopback; the simulated people run in the simulate process (undici) on the same 2 cores, and reach the server over pools of connections opened before the night and kept open, as a proxy in front holds them. Pre-queue ${opts.prequeueSeconds} s with 20% of people; the rest arrive after opening, exponentially, mean ${opts.arrivalMeanSeconds} s (capped at ${6 * opts.arrivalMeanSeconds} s); 30% open 2–10 tabs; 10% refresh once; everyone books the moment they are let in; a shed call comes back when Retry-After says.`,
    '',
    '| figure | value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    `![people waiting, let in and booked over time](${chartFile})`,
    '',
  ].join('\n');
  const file = join(outDir, `${stamp}-simulate${opts.places === undefined ? '' : '-soldout'}.md`);
  writeFileSync(file, report);
  console.log(`\n${report}\nwritten to ${file}`);
  if (failed.length > 0 || overbooked > 0) process.exitCode = 1;
  return file;
}
