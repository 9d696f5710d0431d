/**
 * `yeyak bench`: in one run, on loopback, a bare Node HTTP server and then the real server (a child
 * process) through the real wire format: queue.head, queue.join (a new person per request),
 * booking.submit (admitted people, varied preferences); then the in-process commit rate with and
 * without group commit. Prints a table and writes it to bench/results/.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { personSchema } from '../../shared/person';
import { seoulDate, seoulTime } from '../../shared/time';
import { mintAdmissionToken } from '../admission/token';
import { openStorage } from '../db/open';
import { loadDemo } from '../demo/load';
import { personKey } from '../identity';
import { loadSecrets } from '../secrets';
import { measureCommitRate, type CommitRate } from './commitRate';
import { runLoad, type LoadResult } from './load';
import { personNo } from './people';
import { killHard, rssMb, spawnBareServer, spawnServer } from './processes';

export interface BenchOptions {
  durationSeconds: number;
  connections: number;
  /** Extra arguments for `yeyak serve` (such as --workers later). */
  serveArgs?: string[];
  /** Where the table goes (default bench/results/). */
  outDir?: string;
  /** How many waiting people to hold when the server's memory is read (default 150,000). */
  waiting?: number;
}

export interface MemoryFigure {
  waiting: number;
  rssMb: number;
}

const RESULTS = fileURLToPath(new URL('../../bench/results', import.meta.url));

export async function runBench(opts: BenchOptions): Promise<string> {
  const { durationSeconds, connections } = opts;
  const phase = (name: string, url: string, extra: Partial<Parameters<typeof runLoad>[0]> = {}) =>
    runLoad({ name, url, connections, durationSeconds, ...extra }).then((r) => {
      console.log(`  ${r.name}: ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.failed} failed`);
      return r;
    });

  console.log(`bench: ${connections} connections, ${durationSeconds} s a phase`);
  const bare = await spawnBareServer();
  const bareGet = await phase('bare GET', `${bare.url}/`);
  const barePost = await phase('bare POST', `${bare.url}/`, { method: 'POST', body: () => ({ campaignId: 'x', person: personNo(1) }) });
  await killHard(bare.child);

  const dataDir = mkdtempSync(join(tmpdir(), 'yeyak-bench-'));
  const storage = openStorage(dataDir);
  const demo = loadDemo(storage, { now: Date.now(), opensInSeconds: 0, clinics: 250, days: 14, capacity: 200 });
  storage.sqlite.close();
  const secrets = loadSecrets(dataDir);
  const campaignId = demo.campaign.id;
  const year = Number(demo.campaign.cohorts[0]!.birthFrom.slice(0, 4));
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(demo.campaign.cohorts[0]!.opensAt) - Date.now() + 10)));

  const server = await spawnServer(dataDir, ['--admit-rate', '0', '--join-limit', String(1e9), ...(opts.serveArgs ?? [])], [], false);
  let joined = 0;
  let booked = 1_000_000; // a different range of people from the joins
  const results: LoadResult[] = [bareGet, barePost];
  let memory: MemoryFigure | undefined;
  try {
    results.push(await phase('queue.head', `${server.url}/trpc/queue.head?input=${encodeURIComponent(JSON.stringify({ campaignId }))}`));
    results.push(await phase('queue.join', `${server.url}/trpc/queue.join`, {
      method: 'POST',
      body: () => ({ campaignId, person: personNo(joined++, year) }),
    }));
    // Top the queue up to the target (admission is paused: everyone waits), then read the server's memory.
    const target = opts.waiting ?? 150_000;
    if (joined < target) {
      await runLoad({ name: 'fill', url: `${server.url}/trpc/queue.join`, method: 'POST', connections, durationSeconds, amount: target - joined,
        body: () => ({ campaignId, person: personNo(joined++, year) }) });
    }
    await new Promise((r) => setTimeout(r, 2_000));
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    memory = { waiting: Number(/^yeyak_queue_length\{[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? NaN), rssMb: rssMb(server.child.pid!) };
    console.log(`  memory: ${memory.rssMb.toFixed(0)} MB resident with ${memory.waiting} waiting`);
    results.push(await phase('booking.submit', `${server.url}/trpc/booking.submit`, {
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
    }));
  } finally {
    await killHard(server.child);
  }

  console.log('  in-process commit rate…');
  const commits = [
    await measureCommitRate(mkdtempSync(join(tmpdir(), 'yeyak-commit-')), false, 5_000, 64),
    await measureCommitRate(mkdtempSync(join(tmpdir(), 'yeyak-commit-')), true, 20_000, 64),
  ];
  const report = renderReport(results, commits, memory, opts);
  const outDir = opts.outDir ?? RESULTS;
  mkdirSync(outDir, { recursive: true });
  const now = Date.now();
  const file = join(outDir, `${seoulDate(now)}-${seoulTime(now).replace(':', '')}-bench.md`);
  writeFileSync(file, report);
  console.log(`\n${report}\nwritten to ${file}`);
  return file;
}

function renderReport(results: LoadResult[], commits: CommitRate[], memory: MemoryFigure | undefined, opts: BenchOptions): string {
  const byName = new Map(results.map((r) => [r.name, r]));
  const baseline = (name: string) => (name === 'queue.head' ? byName.get('bare GET')! : byName.get('bare POST')!);
  const lines = [
    `# yeyak bench, ${new Date().toISOString()}`,
    '',
    `Loopback, ${opts.connections} connections, ${opts.durationSeconds} s per phase, autocannon in the bench process and the server in a child process, both on this machine. ${opts.serveArgs?.length ? `serve ${opts.serveArgs.join(' ')}.` : 'One server process.'}`,
    '',
    '| endpoint | req/s | p50 ms | p99 ms | failed | ratio to bare |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => {
      const ratio = r.name.startsWith('bare') ? '—' : `${(r.requestsPerSecond / baseline(r.name).requestsPerSecond).toFixed(2)} of ${baseline(r.name).name}`;
      return `| ${r.name} | ${Math.round(r.requestsPerSecond)} | ${r.p50} | ${r.p99} | ${r.failed} | ${ratio} |`;
    }),
    '',
    'In-process booking commits (synchronous=FULL, 64 in flight, no HTTP):',
    '',
    '| group commit | bookings | per second | batches | largest batch |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...commits.map((c) => `| ${c.grouped ? 'on' : 'off'} | ${c.bookings} | ${Math.round(c.perSecond)} | ${c.batches} | ${c.largestBatch} |`),
    '',
    ...(memory ? [`Server memory (RSS) with ${memory.waiting.toLocaleString('en')} people waiting (admission paused), read 2 s after the last join: ${memory.rssMb.toFixed(0)} MB.`, ''] : []),
  ];
  return lines.join('\n');
}
