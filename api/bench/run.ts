/**
 * `yeyak bench`: in one run, on loopback, a bare Node HTTP server and then the real server (a child
 * process) through the real wire format: queue.head, queue.join (a new person per request),
 * booking.submit (admitted people, varied preferences); with --redis, again with the waiting room in
 * Redis, in one process and in --workers N; then the in-process commit rate with and without group
 * commit. Each phase also records the CPU the server, Redis and the load generator used. Prints a
 * table and writes it to bench/results/.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { personSchema } from '../../shared/person';
import { seoulDate, seoulTime } from '../../shared/time';
import { mintAdmissionToken } from '../admission/token';
import { openStorage } from '../db/open';
import { loadDemo, SLOT_TIMES } from '../demo/load';
import { COHORT_SIZE } from './simulate/run';
import { personKey } from '../identity';
import { loadSecrets } from '../secrets';
import { measureCommitRate, type CommitRate } from './commitRate';
import { addVerifiedCampaign, verifiedJoin } from './verified';
import { measureRosterImport, type RosterRate } from './rosterRate';
import { runLoad, type LoadResult } from './load';
import { personNo } from './people';
import { cpuSampler, type CpuShare } from './cpu';
import { measureRedisPlaces, type RedisRate } from './redisRate';
import { RedisQueueStore, redisPrefix } from '../queue/redisStore';
import { killHard, rssMb, spawnBareServer, spawnFloorServer, spawnServer } from './processes';

export interface BenchOptions {
  durationSeconds: number;
  connections: number;
  /** Extra arguments for every `yeyak serve`. */
  serveArgs?: string[];
  /** Where the table goes (default bench/results/). */
  outDir?: string;
  /** How many waiting people to hold when the server's memory is read (default 150,000). */
  waiting?: number;
  /** A Redis URL: also measure the waiting room in Redis, in one process and in `workers` processes. */
  redis?: string;
  workers?: number;
  /** Tickets for the in-process Redis measurement (default 300,000). */
  redisTickets?: number;
  /** Rows of the roster import measured first (default: the whole cohort, 1,505,074; 0: none). */
  roster?: number;
  /** Also book this many people in process, with slots sized for them (the whole cohort: 1,505,074): the writer's rate as its tables fill. */
  cohort?: number;
}

export interface MemoryFigure {
  waiting: number;
  rssMb: number;
}

/** One way of running the server. */
interface Setup {
  label: string;
  args: string[];
  redis?: string;
  /** Fill the queue and read the memory (the first setup only: it takes a while). */
  memory: boolean;
}

interface Row {
  setup: string;
  result: LoadResult;
  cpu?: CpuShare;
}

/** The floor's row: queue.join's input through tRPC's caller, answered with a fixed ticket. */
const FLOOR = 'floor POST';

const RESULTS = fileURLToPath(new URL('../../bench/results', import.meta.url));

export async function runBench(opts: BenchOptions): Promise<string> {
  const { durationSeconds, connections } = opts;
  console.log(`bench: ${connections} connections, ${durationSeconds} s a phase`);
  // First, while this process's peak memory is still its own: the roster import's time and memory.
  const rosterRows = opts.roster ?? COHORT_SIZE;
  let roster: RosterRate | undefined;
  if (rosterRows > 0) {
    console.log(`  roster import of ${rosterRows.toLocaleString('en')} rows…`);
    roster = measureRosterImport(rosterRows);
    console.log(`  ${roster.seconds.toFixed(1)} s, peak memory ${roster.peakBeforeMb.toFixed(0)} → ${roster.peakAfterMb.toFixed(0)} MB`);
  }
  const bare = await spawnBareServer();
  const rows: Row[] = [];
  const bareSampler = await cpuSampler(bare.child.pid!);
  // The same bodies as queue.join's phase: a valid join of a new person each time.
  let floorPeople = 0;
  const joinBody = () => ({ campaignId: 'bench-floor', person: personNo(floorPeople++) });
  for (const [name, extra] of [['bare GET', {}], ['bare POST', { method: 'POST', body: joinBody }]] as const) {
    const { value, cpu } = await bareSampler.measure(() => runLoad({ name, url: `${bare.url}/`, connections, durationSeconds, ...extra }));
    rows.push(report({ setup: 'bare Node http', result: value, cpu }));
  }
  bareSampler.close();
  await killHard(bare.child);
  // What the stack costs before any work of ours: the ceiling queue.join and booking.submit sit under.
  const floor = await spawnFloorServer();
  const floorSampler = await cpuSampler(floor.child.pid!);
  const { value: floorResult, cpu: floorCpu } = await floorSampler.measure(() => runLoad({ name: FLOOR, url: `${floor.url}/`, connections, durationSeconds, method: 'POST', body: joinBody }));
  rows.push(report({ setup: 'tRPC + zod, fixed answer', result: floorResult, cpu: floorCpu }));
  floorSampler.close();
  await killHard(floor.child);

  const setups: Setup[] = [{ label: '1 process, queue in SQLite', args: [], memory: true }];
  if (opts.redis) {
    setups.push({ label: '1 process, queue in Redis', args: ['--redis', opts.redis], redis: opts.redis, memory: false });
    const workers = opts.workers ?? 1;
    if (workers > 1) {
      // Both ways of writing bookings from several workers: through the primary, and each on the file's lock.
      setups.push({ label: `${workers} workers, Redis, primary writes`, args: ['--workers', String(workers), '--redis', opts.redis, '--writer', 'primary'], redis: opts.redis, memory: false });
      setups.push({ label: `${workers} workers, Redis, each writes`, args: ['--workers', String(workers), '--redis', opts.redis, '--writer', 'each'], redis: opts.redis, memory: false });
    }
  }
  let memory: MemoryFigure | undefined;
  for (const setup of setups) {
    console.log(`${setup.label}:`);
    const measured = await measureSetup(setup, opts);
    rows.push(...measured.rows);
    memory ??= measured.memory;
  }

  console.log('  in-process commit rate…');
  const commits = [
    await measureCommitRate(mkdtempSync(join(tmpdir(), 'yeyak-commit-')), false, 5_000, 64),
    await measureCommitRate(mkdtempSync(join(tmpdir(), 'yeyak-commit-')), true, 20_000, 64),
  ];
  let cohort: CommitRate | undefined;
  if (opts.cohort) {
    console.log(`  ${opts.cohort.toLocaleString('en')} bookings in process…`);
    cohort = await measureCommitRate(mkdtempSync(join(tmpdir(), 'yeyak-cohort-')), true, opts.cohort, 64, { capacity: cohortCapacity(opts.cohort) });
  }
  let redisRate: RedisRate | undefined;
  if (opts.redis) {
    console.log('  Redis store in process…');
    redisRate = await measureRedisPlaces(opts.redis, opts.redisTickets ?? 300_000, 256);
  }
  const table = renderReport(rows, commits, cohort, memory, redisRate, opts, roster);
  const outDir = opts.outDir ?? RESULTS;
  mkdirSync(outDir, { recursive: true });
  const now = Date.now();
  const file = join(outDir, `${seoulDate(now)}-${seoulTime(now).replace(':', '')}-bench.md`);
  writeFileSync(file, table);
  console.log(`\n${table}\nwritten to ${file}`);
  return file;
}

function report(row: Row): Row {
  const r = row.result;
  const cpu = row.cpu ? `, CPU server ${row.cpu.server}% redis ${row.cpu.redis}% load ${row.cpu.load}%` : '';
  console.log(`  ${r.name}: ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.failed} failed${cpu}`);
  return row;
}

/** A fresh data directory and server in this setup: queue.head, queue.join, (the memory), booking.submit. */
async function measureSetup(setup: Setup, opts: BenchOptions): Promise<{ rows: Row[]; memory?: MemoryFigure }> {
  const { durationSeconds, connections } = opts;
  const dataDir = mkdtempSync(join(tmpdir(), 'yeyak-bench-'));
  const storage = openStorage(dataDir);
  const demo = loadDemo(storage, { identity: 'declared', now: Date.now(), opensInSeconds: 0, clinics: 250, days: 14, capacity: 200 });
  const secrets = loadSecrets(dataDir);
  const campaignId = demo.campaign.id;
  const year = Number(demo.campaign.cohorts[0]!.birthFrom.slice(0, 4));
  // Enough rostered people for the verified join phase at twice the declared join's best rate here.
  const rostered = Math.max(100_000, durationSeconds * 20_000);
  if (setup.memory) addVerifiedCampaign(storage, secrets, demo.campaign, rostered, year);
  storage.sqlite.close();
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(demo.campaign.cohorts[0]!.opensAt) - Date.now() + 10)));

  // Every load comes from 127.0.0.1: no per-address limit on joins or connections.
  const server = await spawnServer(dataDir, ['--admit-rate', '0', '--join-limit', String(1e9), '--max-connections-per-address', '0', ...setup.args, ...(opts.serveArgs ?? [])], [], false);
  const sampler = await cpuSampler(server.child.pid!, setup.redis);
  const rows: Row[] = [];
  const phase = async (name: string, url: string, extra: Partial<Parameters<typeof runLoad>[0]> = {}) => {
    const { value, cpu } = await sampler.measure(() => runLoad({ name, url, connections, durationSeconds, ...extra }));
    rows.push(report({ setup: setup.label, result: value, cpu }));
  };
  let joined = 0;
  let booked = 1_000_000; // a different range of people from the joins
  let memory: MemoryFigure | undefined;
  try {
    await phase('queue.head', `${server.url}/trpc/queue.head?input=${encodeURIComponent(JSON.stringify({ campaignId }))}`);
    await phase('queue.join', `${server.url}/trpc/queue.join`, {
      method: 'POST',
      body: () => ({ campaignId, person: personNo(joined++, year) }),
    });
    if (setup.memory) {
      // The same join on a verified campaign: a credential (one HMAC) and a roster lookup more per call.
      let verified = 0;
      const expiresAt = Date.now() + 86_400_000;
      await phase('queue.join (verified)', `${server.url}/trpc/queue.join`, {
        method: 'POST',
        body: () => verifiedJoin(secrets, verified++ % rostered, year, expiresAt),
      });
    }
    if (setup.memory) {
      // Top the queue up to the target (admission is paused: everyone waits), then read the server's memory.
      const target = opts.waiting ?? 150_000;
      if (joined < target) {
        await runLoad({ name: 'fill', url: `${server.url}/trpc/queue.join`, method: 'POST', connections, durationSeconds, amount: target - joined,
          body: () => ({ campaignId, person: personNo(joined++, year) }) });
      }
      await new Promise((r) => setTimeout(r, 2_000));
      const metrics = await (await fetch(server.metricsUrl)).text();
      memory = { waiting: Number(/^yeyak_queue_length\{[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? NaN), rssMb: rssMb(server.child.pid!) };
      console.log(`  memory: ${memory.rssMb.toFixed(0)} MB resident with ${memory.waiting} waiting`);
    }
    await phase('booking.submit', `${server.url}/trpc/booking.submit`, {
      method: 'POST',
      body: () => {
        const i = booked++;
        const person = personSchema.parse(personNo(i, year));
        return {
          admissionToken: mintAdmissionToken(secrets.admissionKey, {
            campaignId, personKey: personKey(secrets.identityKey, person), expiresAt: Date.now() + 3_600_000,
          }),
          idempotencyKey: randomUUID(),
          person,
          preferences: [1, 2, 3].map((k) => ({ clinicId: `C${String(1 + ((i * 7 + k * 31) % 250)).padStart(4, '0')}` })),
        };
      },
    });
  } finally {
    sampler.close();
    await killHard(server.child);
    // A cluster's workers end when their primary does; give them a moment before the next setup.
    await new Promise((r) => setTimeout(r, 200));
    if (setup.redis) {
      const store = new RedisQueueStore(setup.redis, redisPrefix(secrets));
      await store.dropAll();
      await store.close();
    }
  }
  return { rows, memory };
}

function renderReport(rows: Row[], commits: CommitRate[], cohort: CommitRate | undefined, memory: MemoryFigure | undefined, redisRate: RedisRate | undefined, opts: BenchOptions, roster?: RosterRate): string {
  const bare = (name: string) => rows.find((r) => r.result.name === name)!.result;
  const baseline = (name: string) => (name === 'queue.head' ? bare('bare GET') : bare('bare POST'));
  const lines = [
    `# yeyak bench, ${new Date().toISOString()}`,
    '',
    `Loopback, ${opts.connections} connections, ${opts.durationSeconds} s per phase, autocannon in the bench process and the servers in child processes, all on this machine (${availableCores()} cores). ${opts.serveArgs?.length ? `Every serve also had ${opts.serveArgs.join(' ')}.` : ''}`,
    'CPU: percent of one core over the phase, for the server (all its processes), Redis (its own INFO figures) and the load generator (this process).',
    '',
    '| server | endpoint | req/s | p50 ms | p99 ms | failed | ratio to bare | CPU server / Redis / load gen |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(({ setup, result: r, cpu }) => {
      const ratio = r.name.startsWith('bare') ? '—' : `${(r.requestsPerSecond / baseline(r.name).requestsPerSecond).toFixed(2)} of ${baseline(r.name).name}`;
      const cpuCell = cpu ? `${cpu.server}% / ${cpu.redis}% / ${cpu.load}%` : '—';
      return `| ${setup} | ${r.name} | ${Math.round(r.requestsPerSecond)} | ${r.p50} | ${r.p99} | ${r.failed} | ${ratio} | ${cpuCell} |`;
    }),
    '',
    'In-process booking commits (synchronous=FULL, 64 in flight, no HTTP):',
    '',
    '| group commit | bookings | per second | ratio to bare POST | batches | largest batch | µs per booking: checks before / statements / BEGIN+COMMIT |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...commits.map((c) => `| ${c.grouped ? 'on' : 'off'} | ${c.bookings} | ${Math.round(c.perSecond)} | ${(c.perSecond / bare('bare POST').requestsPerSecond).toFixed(2)} | ${c.batches} | ${c.largestBatch} | ${c.microseconds.before} / ${c.microseconds.statements} / ${c.microseconds.commit} |`),
    '',
    ...(cohort ? [
      `The booking writer at a cohort's size (in process, group commit, 64 in flight, slots for ${cohort.bookings.toLocaleString('en')} people): ${Math.round(cohort.perSecond).toLocaleString('en')} bookings/s over all of them, ${Math.round(cohort.tailPerSecond).toLocaleString('en')}/s over the last tenth; ${cohort.refused.toLocaleString('en')} found their clinics full. At the last tenth's rate the whole cohort (${COHORT_SIZE.toLocaleString('en')}) takes ${(COHORT_SIZE / cohort.tailPerSecond / 60).toFixed(1)} minutes of booking.`,
      '',
    ] : []),
    ...(redisRate ? [
      `The Redis store in process (no HTTP): ${redisRate.tickets.toLocaleString('en')} joins of new people, ${redisRate.inFlight} in flight, one Lua script each: ${Math.round(redisRate.perSecond).toLocaleString('en')} per second, or ${Math.round(redisRate.perRedisCpuSecond).toLocaleString('en')} per second of Redis's own CPU; Redis memory ${redisRate.bytesPerTicket} bytes per ticket (INFO used_memory and used_cpu before and after).`,
      '',
    ] : []),
    ...verifiedLine(rows),
    ...(roster ? [`Roster import (\`yeyak roster import\`, in process): ${roster.rows.toLocaleString('en')} rows (${roster.fileMb.toFixed(0)} MB of CSV) in ${roster.seconds.toFixed(1)} s, one transaction; the process's peak memory ${roster.peakBeforeMb.toFixed(0)} MB before and ${roster.peakAfterMb.toFixed(0)} MB after.`, ''] : []),
    ...(memory ? [`Server memory (RSS) with ${memory.waiting.toLocaleString('en')} people waiting (admission paused, queue in SQLite), read 2 s after the last join: ${memory.rssMb.toFixed(0)} MB.`, ''] : []),
  ];
  return lines.join('\n');
}

/** Server CPU per call of a verified join against today's (declared) join, in the same setup: issue 17 allows +10 %. */
function verifiedLine(rows: Row[]): string[] {
  const perCall = (name: string) => {
    const row = rows.find((r) => r.result.name === name && r.cpu);
    return row ? (row.cpu!.server * 10_000) / row.result.requestsPerSecond : null;
  };
  const [declared, verified] = [perCall('queue.join'), perCall('queue.join (verified)')];
  if (declared === null || verified === null) return [];
  return [`Server CPU per queue.join (first setup): ${declared.toFixed(1)} µs declared, ${verified.toFixed(1)} µs verified (credential and roster checked): ${verified >= declared ? '+' : ''}${((verified / declared - 1) * 100).toFixed(1)} %.`, ''];
}

/** Places per slot so that the demo's 250 clinics × 14 days × 16 times hold everyone, with a tenth to spare. */
function cohortCapacity(people: number): number {
  return Math.ceil((people * 1.1) / (250 * 14 * SLOT_TIMES.length));
}

function availableCores(): number {
  return availableParallelism();
}
