/** The yeyak command line: `npm run yeyak -- <command> --help`. Every command reads DATA_DIR. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openApp } from '../app';
import { openStorage } from '../db/open';
import { isEmpty, loadDemo } from '../demo/load';
import { readEnv } from '../env';
import { DEFAULT_ADMIT_RATE, DEFAULT_ROOM_OPTIONS, MAX_ADMIT_RATE, MAX_IN_FLIGHT_BOUND, setAdmitRate } from '../queue/room';
import { shared } from '../files';
import { verifyFiles, verifyStorage } from '../verify';
import { isCalendarDate, seoulDate, seoulTime } from '../../shared/time';
import { addDemoClinicUser, addDemoPeople, describeDemo } from './describe';
import { registerAccountCommands } from './accounts';
import { serve, ServeUsageError, type ServeOptions } from './serve';
import { ENTER_LAG_MS } from '../http/load';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, KEEP_ALIVE_TIMEOUT_MS } from '../http/connections';

/** Where `backup` writes by default, relative to the working directory (and where `purge` looks for them). */
const DEFAULT_BACKUPS = 'backups';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of at least 1');
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number of at least 0');
  return n;
}

/** An admission rate: 0 (paused) up to MAX_ADMIT_RATE; anything else is a typo, not a setting. */
function rate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > MAX_ADMIT_RATE) throw new InvalidArgumentError(`people per second, from 0 (paused) to ${MAX_ADMIT_RATE}`);
  return n;
}

function inFlightBound(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_IN_FLIGHT_BOUND) throw new InvalidArgumentError(`a whole number of people from 1 to ${MAX_IN_FLIGHT_BOUND}`);
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port, 0 to 65535 (0: any free port)');
  return n;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('a number of at least 0');
  return n;
}

// Whatever this process creates (databases, WAL, backups, exports, credential files) is the user's alone.
process.umask(0o077);

const program = new Command('yeyak')
  .description('Surge-proof vaccine pre-reservation. Reads PORT, HOST, METRICS_PORT and DATA_DIR (default ./data) from the environment.')
  .showHelpAfterError();

program.command('serve')
  .description('serve the API and the web app on PORT (default 8080)')
  .option('--demo', 'load the demo campaign first if the data directory is empty', false)
  .option('--admit-rate <per-second>', `the ceiling on people let in per second, 0 = paused (default: the stored rate, else ${DEFAULT_ADMIT_RATE}); the pace under it follows the booking path's drain`, rate)
  .option('--min-in-flight <n>', 'the admission window never shrinks below this many people let in and not yet done', inFlightBound, DEFAULT_ROOM_OPTIONS.minInFlight)
  .option('--max-in-flight <n>', 'nor grows above this many', inFlightBound, DEFAULT_ROOM_OPTIONS.maxInFlight)
  .option('--join-limit <per-minute>', 'queue joins per address per minute (many phones share a carrier address)', positiveInt, 120)
  .option('--pow-bits <bits>', 'proof-of-work bits a join must carry (0 = off; 12 is ~20 ms in Chromium here, est. 60-100 ms on a mid-range phone)', nonNegativeInt, 0)
  .option('--shed-lag-ms <ms>', 'event-loop delay above which new joins get 503 + Retry-After while bookings go on (the server sheds load)', positiveInt, ENTER_LAG_MS)
  .option('--trust-proxy <hops>', 'proxies or CDN hops in front whose X-Forwarded-For/-Proto to believe (0 = none, the default)', nonNegativeInt, 0)
  .option('--workers <n>', 'API processes sharing the port (above 1 needs --redis)', positiveInt, 1)
  .option('--redis <url>', 'keep the waiting room in this Redis (redis://host:port, run with appendonly yes) instead of SQLite')
  .addOption(new Option('--writer <who>', 'with --workers: who writes bookings to SQLite: the primary for all workers, or each worker in turn on the file lock').choices(['primary', 'each']).default('primary'))
  .option('--max-connections <n>', 'open connections per process at most (0 = no cap)', nonNegativeInt, DEFAULT_MAX_CONNECTIONS)
  .option('--max-connections-per-address <n>', `open connections per address (IPv6: per /64) at most, 0 = no cap (default ${DEFAULT_MAX_CONNECTIONS_PER_ADDRESS}; no cap with --trust-proxy, where every connection is the proxy's)`, nonNegativeInt)
  .option('--keep-alive <seconds>', 'close an idle keep-alive connection after this long; behind a proxy, above its upstream idle timeout (nginx: 60)', positiveInt, KEEP_ALIVE_TIMEOUT_MS / 1000)
  .option('--metrics-port <port>', 'the Prometheus listener (GET /metrics); default METRICS_PORT, else PORT + 1', port)
  .option('--metrics-host <host>', 'the address the metrics listener binds', '127.0.0.1')
  .option('--outbox-url <url>', 'deliver messages (phone codes) by POST to this SMS/알림톡 provider, with "outboxToken" from secrets.json (default: OUTBOX_URL, else append to <data dir>/outbox.jsonl)')
  .action(async (opts: ServeOptions) => {
    if (opts.minInFlight > opts.maxInFlight) program.error(`yeyak serve: --min-in-flight (${opts.minInFlight}) is above --max-in-flight (${opts.maxInFlight})`);
    try {
      await serve(readEnv(), opts);
    } catch (err) {
      if (!(err instanceof ServeUsageError)) throw err;
      program.error(`yeyak serve: ${err.message}`);
    }
  });

program.command('admit-rate')
  .description('set how many people per second the waiting room lets in (0 pauses); a running server applies it within a second')
  .argument('<per-second>', `people per second, 0 to ${MAX_ADMIT_RATE}`, rate)
  .action((perSecond: number) => {
    const storage = openStorage(readEnv().dataDir);
    try {
      setAdmitRate(storage.sqlite, perSecond);
      console.log(perSecond === 0 ? 'admission paused' : `admission rate set to ${perSecond} people/s`);
    } finally {
      storage.sqlite.close();
    }
  });

program.command('demo')
  .description('load the demo campaign (ages 53–54, then 50–52 a day later) into an empty data directory')
  .option('--opens-in <seconds>', 'seconds until the first cohort opens', nonNegativeInt, 180)
  .option('--clinics <n>', 'clinics over the 17 시·도', positiveInt, 250)
  .option('--days <n>', 'days of first-dose slots', positiveInt, 14)
  .option('--capacity <places>', 'places per half-hour slot', positiveInt, 10)
  .addOption(new Option('--identity <mode>', 'verified: only people on its roster (written too) with a phone check book; declared: anyone named (load tests)').choices(['verified', 'declared']).default('verified'))
  .action(async (opts: { opensIn: number; clinics: number; days: number; capacity: number; identity: 'verified' | 'declared' }) => {
    const app = openApp({ dataDir: readEnv().dataDir, sendOutbox: false });
    try {
      if (!isEmpty(app)) {
        console.error(`${app.dataDir} already holds a campaign; the demo loads only into an empty data directory`);
        process.exitCode = 1;
        return;
      }
      const summary = loadDemo(app, { now: app.now(), opensInSeconds: opts.opensIn, ...opts });
      console.log(describeDemo(summary));
      const people = addDemoPeople(app, summary.campaign);
      if (people) console.log(people);
      console.log(await addDemoClinicUser(app, app.now()));
    } finally {
      app.close();
    }
  });

const roster = program.command('roster').description("a campaign's eligibility roster (kept only as keyed hashes)");
roster.command('import')
  .description('load a campaign\'s eligible people from CSV (header name,birth_date,phone): streamed, all or nothing, replacing its roster; a bad row is named by its line')
  .requiredOption('--campaign <id>', 'the campaign')
  .requiredOption('--file <csv>', 'the registry\'s file')
  .action(async (opts: { campaign: string; file: string }) => {
    const { importRoster, RosterError } = await import('../roster/import');
    const { loadSecrets } = await import('../secrets');
    const { dataDir } = readEnv();
    const storage = openStorage(dataDir);
    try {
      const started = performance.now();
      const holdsPeople = storage.sqlite.prepare('SELECT EXISTS (SELECT 1 FROM bookings) OR EXISTS (SELECT 1 FROM tickets)').pluck().get() === 1;
      const r = importRoster(storage.sqlite, loadSecrets(dataDir, holdsPeople).identityKey, opts.campaign, opts.file);
      console.log(`roster of ${r.campaignId}: ${r.people} people (${r.rows} rows) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (err) {
      console.error(err instanceof RosterError ? `${opts.file}:${err.message}; nothing loaded` : `roster import: ${(err as Error).message}; nothing loaded`);
      process.exitCode = 1;
    } finally {
      storage.sqlite.close();
    }
  });

program.command('bench')
  .description('throughput and latency of queue.head, queue.join and booking.submit against a bare Node server, on loopback; writes bench/results/')
  .option('--duration <seconds>', 'seconds per phase', positiveInt, 10)
  .option('--connections <n>', 'concurrent connections', positiveInt, 64)
  .option('--waiting <n>', 'people waiting when the server\'s memory is read', positiveInt, 150_000)
  .option('--out <dir>', 'where to write the table', 'bench/results')
  .option('--redis <url>', 'also measure with the waiting room in this Redis (appendonly yes), in one process and in --workers')
  .option('--workers <n>', 'API processes for the Redis run (above 1 needs --redis)', positiveInt, 1)
  .option('--redis-tickets <n>', 'joins for the in-process Redis store measurement', positiveInt, 300_000)
  .option('--roster <n>', 'rows of the roster import measured first (0: skip)', nonNegativeInt, 1_505_074)
  .option('--cohort <n>', 'also book N people in process with slots sized for them (the whole cohort: 1505074; about 7 minutes here)', positiveInt)
  .action(async (opts: { duration: number; connections: number; waiting: number; out: string; redis?: string; workers: number; redisTickets: number; cohort?: number; roster: number }) => {
    if (opts.workers > 1 && !opts.redis) program.error('yeyak bench: --workers above 1 needs --redis URL');
    const { runBench } = await import('../bench/run');
    await runBench({
      durationSeconds: opts.duration, connections: opts.connections, waiting: opts.waiting, outDir: opts.out,
      ...(opts.redis ? { redis: opts.redis } : {}), workers: opts.workers, redisTickets: opts.redisTickets,
      ...(opts.cohort ? { cohort: opts.cohort } : {}),
      roster: opts.roster,
    });
  });

program.command('simulate')
  .description("replay the seed's night against a real server: 1/10 of the 53–54 cohort by default; writes a report and a chart to bench/results/")
  .option('--people <n>', 'people in the cohort (default: scale × 1,505,074)', positiveInt)
  .option('--scale <fraction>', "fraction of the seed's cohort", nonNegativeNumber, 0.1)
  .option('--admit-rate <per-second>', 'pass a ceiling to the server (default: the product\'s default)', rate)
  .option('--places <n>', 'places in all (default: a fifth more than people); fewer than people sells out', positiveInt)
  .option('--prequeue <seconds>', 'seconds of pre-queue before the opening', positiveInt, 15)
  .option('--arrival-mean <seconds>', 'mean arrival delay after the opening', positiveInt, 20)
  .option('--out <dir>', 'where to write the report and chart', 'bench/results')
  .option('--redis <url>', 'serve with the waiting room in this Redis (appendonly yes, appendfsync always)')
  .option('--workers <n>', 'API processes (above 1 needs --redis)', positiveInt, 1)
  .addOption(new Option('--writer <who>', 'with --workers: who writes bookings (see serve)').choices(['primary', 'each']).default('primary'))
  .action(async (opts: { people?: number; scale: number; admitRate?: number; places?: number; prequeue: number; arrivalMean: number; out: string; redis?: string; workers: number; writer: string }) => {
    if (opts.workers > 1 && !opts.redis) program.error('yeyak simulate: --workers above 1 needs --redis URL');
    const { runSimulation, COHORT_SIZE } = await import('../bench/simulate/run');
    await runSimulation({
      people: opts.people ?? Math.round(COHORT_SIZE * opts.scale),
      ...(opts.places === undefined ? {} : { places: opts.places }),
      ...(opts.admitRate === undefined ? {} : { admitRate: opts.admitRate }),
      prequeueSeconds: opts.prequeue,
      arrivalMeanSeconds: opts.arrivalMean,
      connections: 512,
      outDir: opts.out,
      ...(opts.redis ? { redis: opts.redis } : {}),
      serveArgs: [...(opts.redis ? ['--redis', opts.redis] : []), ...(opts.workers > 1 ? ['--workers', String(opts.workers), '--writer', opts.writer] : [])],
    });
  });

program.command('backup')
  .description('copy the data directory consistently while the server runs (0700/0600); without --with-secrets, secrets.json stays out')
  .option('--to <dir>', `an empty directory for the backup (default: ${DEFAULT_BACKUPS}/yeyak-<Seoul date and time>)`)
  .option('--with-secrets', 'also copy secrets.json, so the backup is a whole data directory (and whoever holds it can mint admission tokens)', false)
  .action(async (opts: { to?: string; withSecrets: boolean }) => {
    const { backupDataDir } = await import('../backup');
    const now = Date.now();
    const target = opts.to ?? `${DEFAULT_BACKUPS}/yeyak-${seoulDate(now)}-${seoulTime(now).replace(':', '')}`;
    let result;
    try {
      result = await backupDataDir(readEnv().dataDir, target, { withSecrets: opts.withSecrets });
    } catch (err) {
      console.error(`backup: ${(err as Error).message}`);
      process.exitCode = 1;
      return;
    }
    console.log(`backup written to ${result.dir} (${result.pages} pages, private: 0700/0600); check it with: DATA_DIR=${result.dir} npm run yeyak -- verify`);
    console.log(result.withSecrets
      ? '  with secrets.json: it restores as it is; keep it as safe as the keys themselves'
      : '  without secrets.json: to restore, copy the data directory\'s secrets.json into it (keep that file apart, 0600), or back up with --with-secrets');
  });

program.command('purge')
  .description("remove the personal data of a campaign's bookings whose appointments were all before a date (this data directory only: not its backups)")
  .requiredOption('--campaign <id>', 'the campaign')
  .requiredOption('--before <YYYY-MM-DD>', 'purge bookings whose every appointment was before this Seoul date')
  .option('--backups <dir>', 'where backups are kept, to list the ones purge cannot reach', DEFAULT_BACKUPS)
  .action(async (opts: { campaign: string; before: string; backups: string }) => {
    if (!isCalendarDate(opts.before)) throw new InvalidArgumentError('--before takes a date, YYYY-MM-DD');
    const { purgeCampaign } = await import('../purge');
    const { dataDir } = readEnv();
    const storage = openStorage(dataDir);
    try {
      const r = purgeCampaign(storage.sqlite, opts.campaign, opts.before, Date.now());
      console.log(`purged: ${r.bookings} bookings, ${r.tickets} tickets of ${opts.campaign} before ${opts.before}`);
    } finally {
      storage.sqlite.close();
    }
    // Said plainly: copies made before today still hold the names, phones and birth dates.
    const found = backupsIn(opts.backups, dataDir);
    console.log(`not reached: backups of this data directory, and any copy of its files elsewhere, still hold what was purged here.`);
    console.log(found.length === 0
      ? `  none found in ${resolve(opts.backups)}; look wherever else you keep them`
      : `  found in ${resolve(opts.backups)}: ${found.join(', ')}`);
    console.log('  purge each one the same way (DATA_DIR=<backup> npm run yeyak -- purge …), or delete it');
  });

/** Directories under `dir` that hold a yeyak database (backups are data directories), other than the data directory itself. */
function backupsIn(dir: string, dataDir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && resolve(dir, e.name) !== resolve(dataDir) && existsSync(join(dir, e.name, 'yeyak.sqlite')))
    .map((e) => join(dir, e.name))
    .sort();
}

registerAccountCommands(program);

program.command('export')
  .description("a clinic's bookings of one day as CSV (UTF-8 with BOM, CRLF), as the clinic portal exports it")
  .requiredOption('--clinic <id>', 'the clinic')
  .requiredOption('--date <YYYY-MM-DD>', 'the Seoul date')
  .option('--out <file>', 'write here instead of standard output')
  .action(async (opts: { clinic: string; date: string; out?: string }) => {
    if (!isCalendarDate(opts.date)) throw new InvalidArgumentError('--date takes YYYY-MM-DD');
    const [{ clinicDay }, { dayToCsv }, { writeFileSync }] = await Promise.all([import('../clinic/day'), import('../clinic/csv'), import('node:fs')]);
    const storage = openStorage(readEnv().dataDir, { readonly: true });
    try {
      const csv = dayToCsv(clinicDay(storage.sqlite, opts.clinic, opts.date));
      if (opts.out) writeFileSync(opts.out, csv);
      else process.stdout.write(csv);
    } catch (err) {
      console.error((err as Error).message);
      process.exitCode = 1;
    } finally {
      storage.sqlite.close();
    }
  });

program.command('import')
  .description('load clinics and/or slots from CSV (the export dialect, Korean headers); all-or-nothing, errors by line')
  .option('--clinics <file>', `clinics: ${'기관코드,기관명,시도,시군구,주소,전화번호'}`)
  .option('--slots <file>', `slots: ${'캠페인,기관코드,차수,날짜,시간,정원'}`)
  .option('--allow-holidays', 'load slots on Korean public holidays too (refused by default)')
  .action(async (opts: { clinics?: string; slots?: string; allowHolidays?: boolean }) => {
    if (!opts.clinics && !opts.slots) throw new InvalidArgumentError('give --clinics FILE and/or --slots FILE');
    const [{ importClinics, importSlots }, { readFileSync }] = await Promise.all([import('../operator/import'), import('node:fs')]);
    const storage = openStorage(readEnv().dataDir);
    try {
      for (const [kind, file] of [['clinics', opts.clinics], ['slots', opts.slots]] as const) {
        if (!file) continue;
        const text = readFileSync(file, 'utf8');
        const result = kind === 'clinics' ? importClinics(storage.db, storage.sqlite, text) : importSlots(storage.sqlite, text, { allowHolidays: opts.allowHolidays });
        if (result.ok) {
          console.log(`${kind}: ${result.rows} rows read, ${result.changed} changed`);
        } else {
          for (const e of result.errors) console.error(`${file}:${e.line}: ${e.message}`);
          console.error(`${kind}: nothing loaded (${result.errors.length} problems)`);
          process.exitCode = 1;
          return;
        }
      }
    } finally {
      storage.sqlite.close();
    }
  });

program.command('verify')
  .description('check every invariant on the data directory, its files private to their owner included; exits 1 if any is broken')
  .action(() => {
    const { dataDir } = readEnv();
    // The files first: opening the database must not be what changed them.
    const files = verifyFiles(shared(dataDir));
    const storage = openStorage(dataDir, { readonly: true });
    try {
      const checks = [files, ...verifyStorage(storage.sqlite)];
      for (const c of checks) {
        console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}`);
        if (!c.ok) console.log(`     ${JSON.stringify(c.detail)}`);
      }
      const failed = checks.filter((c) => !c.ok).length;
      console.log(failed === 0 ? 'verify: all invariants hold' : `verify: ${failed} invariant(s) broken`);
      process.exitCode = failed === 0 ? 0 : 1;
    } finally {
      storage.sqlite.close();
    }
  });

await program.parseAsync();
