/**
 * `yeyak simulate`: the seed's night replayed against the real server (a child process) over
 * real HTTP, by default at one tenth of its scale. 20% of people arrive during the pre-queue,
 * the rest over the first minutes after opening; 30% open 2 to 10 tabs (each joins); some
 * refresh; everyone has their details and three clinics ready and books the moment the head
 * passes them. Waiting clients read queue.head through a one-second cache, as a CDN would serve
 * it, so the origin sees one head request a second. Reports the figures of issue 6 and a chart.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { seoulDate, seoulTime } from '../../../shared/time';
import { etaSeconds, pollAfterMs, type HeadView, type TicketStatus } from '../../../shared/waiting';
import { openStorage } from '../../db/open';
import { loadDemo, SLOT_TIMES } from '../../demo/load';
import { verifyStorage } from '../../verify';
import { personNo } from '../people';
import { rssMb, spawnServer } from '../processes';
import { processTree } from '../cpu';
import { lineChart } from './chart';
import { WireClient } from './client';

export const COHORT_SIZE = 1_505_074;

export interface SimulateOptions {
  people: number;
  admitRate: number;
  maxInFlight: number;
  prequeueSeconds: number;
  arrivalMeanSeconds: number;
  sockets: number;
  /** Where the report and chart go (default bench/results/). */
  outDir?: string;
  /** Extra `serve` arguments, such as --redis URL --workers 2. */
  serveArgs?: string[];
}

interface Outcome {
  position: number;
  etaShown: number | null;
  shownAt: number;
  bookedAt: number | null;
  submitMs: number | null;
  refusal: string | null;
}

interface Sample {
  t: number;
  admitted: number;
  queue: number;
  prequeue: number;
  booked: number;
}

const RESULTS = fileURLToPath(new URL('../../../bench/results', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const percentile = (xs: number[], p: number) => (xs.length === 0 ? NaN : xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!);

export async function runSimulation(opts: SimulateOptions): Promise<string> {
  const N = opts.people;
  const dataDir = mkdtempSync(join(tmpdir(), 'yeyak-simulate-'));
  const storage = openStorage(dataDir);
  const clinicCount = 250;
  const days = 14;
  const capacity = Math.max(10, Math.ceil((N * 1.2) / (clinicCount * days * SLOT_TIMES.length)));
  const demo = loadDemo(storage, { now: Date.now(), opensInSeconds: opts.prequeueSeconds, clinics: clinicCount, days, capacity });
  // People live where clinics are: a first choice drawn over all clinics, two more in the same 시·군·구 or 시·도.
  const clinics = storage.sqlite.prepare('SELECT id, region, district FROM clinics ORDER BY id').all() as Array<{ id: string; region: string; district: string }>;
  storage.sqlite.close();
  const choicesFor = (i: number) => {
    const first = clinics[(i * 7919) % clinics.length]!;
    const near = clinics.filter((c) => c.id !== first.id && c.region === first.region)
      .sort((a, b) => Number(b.district === first.district) - Number(a.district === first.district));
    const picks = [first, ...near.slice(0, 4).sort(() => Math.random() - 0.5).slice(0, 2)];
    return picks.map((c) => ({ clinicId: c.id }));
  };
  const campaignId = demo.campaign.id;
  const cohort = demo.campaign.cohorts[0]!;
  const opensAt = Date.parse(cohort.opensAt);
  const year = Number(cohort.birthFrom.slice(0, 4));

  // The whole crowd comes from 127.0.0.1: no per-address limit on joins or connections.
  const server = await spawnServer(dataDir, ['--admit-rate', String(opts.admitRate), '--max-in-flight', String(opts.maxInFlight), '--join-limit', String(1e9), '--max-connections-per-address', '0', ...(opts.serveArgs ?? [])], [], false);
  const client = new WireClient(new URL(server.url), opts.sockets);
  // People whose turn has come (admit, submit) have connections of their own, as separate phones
  // do: in one shared pool their bookings would queue inside the simulator behind the crowd's joins.
  const turns = new WireClient(new URL(server.url), Math.max(1, Math.round(opts.sockets / 4)));
  // The CDN has its own connection to the origin, not a place in the crowd's queue.
  const cdn = new WireClient(new URL(server.url), 2);
  const pid = server.child.pid!;
  console.log(`simulate: ${N.toLocaleString('en')} people, pre-queue ${opts.prequeueSeconds} s, admitting ${opts.admitRate}/s, ${capacity} places a slot`);

  // The CDN: one origin request a second for queue.head; everyone reads the cached copy.
  let head: HeadView = (await cdn.query('queue.head', { campaignId })).body.result.data;
  let cdnHits = 0;
  let booked = 0;
  const samples: Sample[] = [];
  let peakRss = 0;
  let rssAtLongestQueue = 0;
  /** What an operator's Prometheus would have scraped when the queue was longest. */
  let metricsAtLongest = '';
  let scraping = false;
  // Every process of the server: with --workers, the primary and its workers.
  const rss = () => processTree(pid).reduce((sum, p) => sum + (existsSync(`/proc/${p}`) ? rssMb(p) : 0), 0);
  const sampler = setInterval(() => {
    cdn.query('queue.head', { campaignId }).then((r) => {
      head = r.body.result.data;
      const mb = rss();
      peakRss = Math.max(peakRss, mb);
      if (samples.every((s) => s.queue <= head.queueLength)) {
        rssAtLongestQueue = mb;
        if (!scraping) {
          scraping = true;
          fetch(server.metricsUrl).then((r) => r.text()).then((text) => { metricsAtLongest = text; }, () => undefined).finally(() => { scraping = false; });
        }
      }
      samples.push({ t: Date.now(), admitted: head.admittedUpTo, queue: head.queueLength, prequeue: head.prequeueLength, booked });
    }, () => undefined);
  }, 1000);

  const start = Date.now();
  const outcomes: Outcome[] = new Array(N);
  let lastArrival = 0;
  let nextLog = start + 5000;

  const person = async (i: number): Promise<void> => {
    const p = personNo(i, year);
    const inPrequeue = i % 5 === 0; // 20%
    const arrival = inPrequeue
      ? start + Math.random() * (opensAt - start - 500)
      : opensAt + Math.min(-Math.log(1 - Math.random()) * opts.arrivalMeanSeconds * 1000, 6 * opts.arrivalMeanSeconds * 1000);
    await sleep(arrival - Date.now());
    lastArrival = Math.max(lastArrival, Date.now());
    const tabs = Math.random() < 0.3 ? 2 + Math.floor(Math.random() * 9) : 1;
    for (let k = 1; k < tabs; k++) setTimeout(() => client.fire('queue.join', { campaignId, person: p }), Math.random() * 3000);
    let s: TicketStatus = (await client.mutate('queue.join', { campaignId, person: p })).body.result.data;
    while (s.state === 'prequeue') {
      await sleep(s.pollAfterMs ?? 1000);
      s = (await client.query('queue.status', { ticketId: s.ticketId })).body.result.data;
    }
    const outcome: Outcome = { position: s.position!, etaShown: s.etaSeconds, shownAt: Date.now(), bookedAt: null, submitMs: null, refusal: null };
    outcomes[i] = outcome;
    let refreshAt = Math.random() < 0.1 ? Date.now() + Math.random() * 20_000 : Infinity; // some refresh, once
    while (head.admittedUpTo < outcome.position) {
      const ahead = outcome.position - head.admittedUpTo - 1;
      await sleep(Math.min(pollAfterMs(etaSeconds(ahead, head.admitRate), Math.random), Math.max(0, refreshAt - Date.now())));
      if (Date.now() >= refreshAt) {
        refreshAt = Infinity;
        client.fire('queue.join', { campaignId, person: p });
      }
      cdnHits++;
    }
    const admission = await turns.mutate('queue.admit', { ticketId: s.ticketId });
    if (admission.status !== 200) {
      outcome.refusal = admission.body.error.data.reason;
      return;
    }
    const token = admission.body.result.data.admissionToken;
    const sent = Date.now();
    let reply = await turns.mutate('booking.submit', { admissionToken: token, idempotencyKey: randomUUID(), person: p, preferences: choicesFor(i) });
    outcome.submitMs = Date.now() - sent;
    const alternative = reply.status === 409 ? reply.body.error.data.details?.alternatives?.[0] : undefined;
    if (alternative) {
      // As the app offers: the first alternative, with the same admission.
      reply = await turns.mutate('booking.submit', { admissionToken: token, idempotencyKey: randomUUID(), person: p, preferences: [{ clinicId: alternative.clinicId }] });
    }
    if (reply.status === 200) {
      outcome.bookedAt = Date.now();
      booked++;
    } else outcome.refusal = reply.body.error.data.reason;
    if (Date.now() > nextLog) {
      nextLog = Date.now() + 5000;
      console.log(`  +${Math.round((Date.now() - opensAt) / 1000)} s: ${booked.toLocaleString('en')} booked, queue ${head.queueLength.toLocaleString('en')}`);
    }
  };

  await Promise.all(Array.from({ length: N }, (_, i) => person(i)));
  clearInterval(sampler);
  await sleep(1100);
  server.child.kill('SIGINT');
  await new Promise((r) => server.child.once('exit', r));
  client.close();
  turns.close();
  cdn.close();
  const check = openStorage(dataDir, { readonly: true });
  const checks = verifyStorage(check.sqlite);
  const overbooked = (check.sqlite.prepare('SELECT count(*) AS n FROM slots WHERE booked > capacity').get() as { n: number }).n;
  check.sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });

  // Figures.
  const done = outcomes.filter((o) => o?.bookedAt);
  const lastBooking = done.reduce((m, o) => Math.max(m, o.bookedAt!), 0);
  const admittedAt = (position: number) => samples.find((s) => s.admitted >= position)?.t;
  const etaErrors: number[] = [];
  const relErrors: number[] = [];
  for (const o of outcomes) {
    if (!o || o.etaShown === null) continue;
    const at = admittedAt(o.position);
    if (at === undefined) continue;
    const waited = Math.max(0, (at - o.shownAt) / 1000);
    etaErrors.push(Math.abs(o.etaShown - waited));
    if (waited >= 10) relErrors.push(Math.abs(o.etaShown - waited) / waited);
  }
  const refusals = new Map<string, number>();
  for (const o of outcomes) if (o?.refusal) refusals.set(o.refusal, (refusals.get(o.refusal) ?? 0) + 1);
  const submitMs = done.map((o) => o.submitMs!);
  const longest = samples.reduce((m, s) => Math.max(m, s.queue + s.prequeue), 0);
  const seconds = (lastBooking - opensAt) / 1000;
  const stamp = `${seoulDate(Date.now())}-${seoulTime(Date.now()).replace(':', '')}`;
  const outDir = opts.outDir ?? RESULTS;
  mkdirSync(outDir, { recursive: true });
  const chartFile = `${stamp}-simulate.svg`;
  writeFileSync(join(outDir, chartFile), lineChart(`yeyak simulate: ${N.toLocaleString('en')} people (${(N / COHORT_SIZE).toFixed(2)} of the seed's cohort)`, [
    { label: 'waiting (queue)', colour: '#c0392b', points: samples.map((s) => [(s.t - opensAt) / 1000, s.queue + s.prequeue]) },
    { label: 'admitted (head)', colour: '#2471a3', points: samples.map((s) => [(s.t - opensAt) / 1000, s.admitted]) },
    { label: 'booked', colour: '#1e8449', points: samples.map((s) => [(s.t - opensAt) / 1000, s.booked]) },
  ], 'seconds since the opening (20:00)'));
  // Capacity, not arrivals: the best booking rate held over five seconds.
  let sustained = 0;
  for (let k = 5; k < samples.length; k++) {
    sustained = Math.max(sustained, (samples[k]!.booked - samples[k - 5]!.booked) / ((samples[k]!.t - samples[k - 5]!.t) / 1000));
  }
  const extrapolated = COHORT_SIZE / sustained;
  const totalRequests = client.requests + turns.requests + cdn.requests;
  const failed = checks.filter((c) => !c.ok);
  const rows: Array<[string, string]> = [
    ['people', N.toLocaleString('en')],
    ['booked', `${done.length.toLocaleString('en')}${refusals.size ? ` (refused: ${[...refusals].map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`],
    ['time from opening to the last booking', `${seconds.toFixed(1)} s (the last person arrived at +${((lastArrival - opensAt) / 1000).toFixed(1)} s and was booked ${((lastBooking - lastArrival) / 1000).toFixed(1)} s later)`],
    ['bookings per second, best 5-second window', Math.round(sustained).toLocaleString('en')],
    ['booking.submit latency p50 / p99 (client)', `${percentile(submitMs, 0.5)} / ${percentile(submitMs, 0.99)} ms`],
    ['longest queue (waiting + pre-queue)', longest.toLocaleString('en')],
    ['ETA error, absolute, p50 / p90 / p99', `${percentile(etaErrors, 0.5).toFixed(1)} / ${percentile(etaErrors, 0.9).toFixed(1)} / ${percentile(etaErrors, 0.99).toFixed(1)} s (${etaErrors.length.toLocaleString('en')} people)`],
    ['ETA error, relative, p50 / p90 (waits of 10 s or more)', `${(100 * percentile(relErrors, 0.5)).toFixed(0)}% / ${(100 * percentile(relErrors, 0.9)).toFixed(0)}% (${relErrors.length.toLocaleString('en')} people)`],
    ['origin requests per person', (totalRequests / N).toFixed(2)],
    ['requests per person incl. head polls served by the cache', ((totalRequests + cdnHits) / N).toFixed(2)],
    ['server memory (RSS), peak / at the longest queue', `${peakRss.toFixed(0)} / ${rssAtLongestQueue.toFixed(0)} MB`],
    ['overbooked slots', String(overbooked)],
    ['verify', failed.length === 0 ? 'all invariants hold' : `BROKEN: ${failed.map((c) => c.name).join('; ')}`],
  ];
  const report = [
    `# yeyak simulate, ${new Date().toISOString()}`,
    '',
    `The seed's night at ${(N / COHORT_SIZE).toFixed(3)} of its scale, against \`yeyak serve --admit-rate ${opts.admitRate} --max-in-flight ${opts.maxInFlight}${opts.serveArgs?.length ? ` ${opts.serveArgs.join(' ')}` : ''}\` (${opts.serveArgs?.includes('--workers') ? 'several processes' : 'one process'}) on loopback; the simulated people run in the simulate process on the same 2 cores. Pre-queue ${opts.prequeueSeconds} s with 20% of people; the rest arrive after opening, exponentially, mean ${opts.arrivalMeanSeconds} s; 30% open 2–10 tabs; 10% refresh once.`,
    '',
    '| figure | value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    `The whole cohort (${COHORT_SIZE.toLocaleString('en')}) at the best sustained booking rate: about ${(extrapolated / 60).toFixed(1)} minutes of booking (an extrapolation, not a run).`,
    '',
    `![queue, admissions and bookings over time](${chartFile})`,
    '',
    'What `/metrics` showed when the queue was longest (yeyak series, histogram buckets left out):',
    '',
    '```',
    ...metricsAtLongest.split('\n').filter((l) => /^yeyak_(queue|admit|tickets|admissions|bookings|calls|booking_seconds_(sum|count)|commit_batch_size_(sum|count)|resident|process_cpu)/.test(l)),
    '```',
    '',
  ].join('\n');
  const file = join(outDir, `${stamp}-simulate.md`);
  writeFileSync(file, report);
  console.log(`\n${report}\nwritten to ${file}`);
  if (failed.length > 0 || overbooked > 0) process.exitCode = 1;
  return file;
}
