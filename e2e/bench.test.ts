/** The benchmark and the replay run end to end on a tiny scale: every phase answers, everyone is booked, verify holds. Speed is not asserted here. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './processes';
import { startRedis, type RedisServer } from './redis';

const out = mkdtempSync(join(tmpdir(), 'yeyak-results-'));
const dataDir = mkdtempSync(join(tmpdir(), 'yeyak-unused-'));
let redis: RedisServer | undefined;
afterAll(async () => {
  await redis?.stop();
  [out, dataDir].forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const report = (suffix: string) => readFileSync(join(out, readdirSync(out).find((f) => f.endsWith(suffix))!), 'utf8');

describe('yeyak simulate and bench', () => {
  it('replays a small night: everyone booked, nobody overbooked, a chart written', async () => {
    const run = await runCli(['simulate', '--people', '400', '--prequeue', '3', '--arrival-mean', '1', '--out', out], dataDir);
    expect(run.code, run.stderr).toBe(0);
    const md = report('-simulate.md');
    expect(md).toContain('| answers | booked 400 |');
    expect(md).toMatch(/\| CPU over the run: server \/ simulator \/ Redis \| \d+% of a core \/ \d+% of a core/);
    expect(md).toContain('| overbooked slots | 0 |');
    expect(md).toContain('| verify | all invariants hold |');
    const svg = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('-simulate.svg'))!), 'utf8');
    expect(svg).toMatch(/^<svg[\s\S]*<path d="M/);
    for (const label of ['seconds since the opening', 'people', 'waiting (queue + pre-queue)', 'let in (head)', 'booked']) expect(svg).toContain(label);
  });

  it('replays a night that sells out: exactly the places booked, everyone else told, nobody overbooked', async () => {
    const run = await runCli(['simulate', '--people', '400', '--places', '150', '--prequeue', '3', '--arrival-mean', '1', '--out', out], dataDir);
    expect(run.code, run.stderr).toBe(0);
    const md = report('-simulate-soldout.md');
    expect(md).toMatch(/\| answers \| [^|]*booked 150\b/);
    expect(md).toMatch(/\| answers \| [^|]*soldOut \d+/);
    expect(md).not.toMatch(/\| answers \| [^|]*none \d+/); // everyone has a final answer
    expect(md).toMatch(/\| sold out → last waiting person answered \| \+[\d.]+ s → /);
    expect(md).toContain('| overbooked slots | 0 |');
    expect(md).toContain('| verify | all invariants hold |');
  });

  it('benchmarks every endpoint against the bare server, on SQLite, on Redis and with two workers, without a failed request', async () => {
    redis = await startRedis();
    const run = await runCli(['bench', '--duration', '1', '--connections', '8', '--waiting', '3000', '--out', out, '--redis', redis.url, '--workers', '2', '--redis-tickets', '2000', '--cohort', '3000', '--roster', '2000'], dataDir);
    expect(run.code, run.stderr).toBe(0);
    const md = report('-bench.md');
    const row = (setup: string, endpoint: string) => new RegExp(`\\| ${setup} \\| ${endpoint.replace('.', '\\.')} \\| \\d+ \\| \\d+ \\| \\d+ \\| 0 \\|`);
    for (const endpoint of ['bare GET', 'bare POST']) expect(md).toMatch(row('bare Node http', endpoint));
    expect(md).toMatch(row('tRPC \\+ zod, fixed answer', 'floor POST'));
    for (const setup of ['1 process, queue in SQLite', '1 process, queue in Redis', '2 workers, Redis, primary writes', '2 workers, Redis, each writes']) {
      for (const endpoint of ['queue.head', 'queue.join', 'booking.submit']) expect(md).toMatch(row(setup, endpoint));
    }
    expect(md).toMatch(row('1 process, queue in SQLite', 'queue.join (verified)'.replace(/[()]/g, '\\$&')));
    expect(md).toMatch(/Server CPU per queue\.join \(first setup\): [\d.]+ µs declared, [\d.]+ µs verified \(credential and roster checked\): [+-][\d.]+ %\./);
    expect(md).toMatch(/Roster import \(`yeyak roster import`, in process\): 2,000 rows \(\d+ MB of CSV\) in [\d.]+ s, one transaction/);
    expect(md).toMatch(/\| on \| 20000 \| \d+ \| \d+\.\d\d \| \d+ \| \d+ \| \d+ \/ \d+ \/ \d+ \|/);
    expect(md).toMatch(/The Redis store in process \(no HTTP\): 2,000 joins .*: [\d,]+ per second, or [\d,]+ per second of Redis's own CPU; Redis memory \d+ bytes per ticket/);
    expect(md).toMatch(/The booking writer at a cohort's size .*slots for 3,000 people\): [\d,]+ bookings\/s over all of them, [\d,]+\/s over the last tenth; 0 found their clinics full\. At the last tenth's rate the whole cohort \(1,505,074\) takes [\d.]+ minutes of booking\./);
    expect(md).toMatch(/Server memory \(RSS\) with [\d,]+ people waiting .*: \d+ MB\./);
  }, 600_000); // fixed-length load phases: 40 s idle, 80 s on a loaded machine
});
