/** /metrics tells an operator what is happening; the logs of a whole booking hold no name, phone or birth date. */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStorage } from '../api/db/open';
import { loadDemo } from '../api/demo/load';
import { AFTER_OPENING, loadFixture } from './fixture';
import { makeClient, refusalOf, startServer, tempDataDir, type TestServer } from './harness';
import { killHard, spawnServer } from './processes';
import { until } from './wait';

let server: TestServer;
afterEach(async () => server?.close());
const dataDir = tempDataDir();
const metricsDir = tempDataDir();
afterAll(() => [dataDir, metricsDir].forEach((d) => rmSync(d, { recursive: true, force: true })));

function metric(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? NaN : Number(line.split(' ').pop());
}

describe('metrics', () => {
  it('shows the queue, calls by outcome, booking latency and commit batches', async () => {
    server = await startServer({ now: AFTER_OPENING, room: { admitRate: 2 }, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00'], capacity: 2 }]) });
    const s = server;
    const people = [1, 2, 3].map((i) => ({ name: `김하나${'가나다'[i - 1]}`, birthDate: '1967-05-0' + i, phone: `010-5555-000${i}` }));
    const tickets = [];
    for (const person of people) tickets.push((await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person })).ticketId);
    await s.tick(); // two places: two let in
    const admissions = [await s.client.queue.admit.mutate({ ticketId: tickets[0]! }), await s.client.queue.admit.mutate({ ticketId: tickets[1]! })];
    await s.client.booking.submit.mutate({ admissionToken: admissions[0]!.admissionToken, idempotencyKey: randomUUID(), person: people[0]!, preferences: [{ clinicId: 'K1' }] });
    // The second asks for a clinic with no places: refused, and their turn stops counting in flight at once.
    await refusalOf(s.client.booking.submit.mutate({ admissionToken: admissions[1]!.admissionToken, idempotencyKey: randomUUID(), person: people[1]!, preferences: [{ clinicId: 'K2' }] }));
    await s.tick();
    // On the metrics listener, never on the app's port (contract change of issue 18).
    expect((await fetch(`${s.url}/metrics`)).status).toBe(404);
    const res = await fetch(s.metricsUrl);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const c = 'campaign="covid19-50s"';
    expect(metric(text, 'yeyak_queue_head', c)).toBe(2);
    expect(metric(text, 'yeyak_queue_length', c)).toBe(1);
    expect(metric(text, 'yeyak_admit_rate_target', c)).toBe(2);
    expect(metric(text, 'yeyak_places_left', c)).toBe(1);
    expect(metric(text, 'yeyak_tickets', c)).toBe(3);
    expect(metric(text, 'yeyak_admissions_in_flight', c)).toBe(0); // one booked, one refused: neither holds a place
    expect(metric(text, 'yeyak_bookings_active', c)).toBe(1);
    expect(metric(text, 'yeyak_admit_window', c)).toBeGreaterThan(0);
    expect(metric(text, 'yeyak_event_loop_delay_seconds')).toBeGreaterThanOrEqual(0);
    expect(metric(text, 'yeyak_overloaded')).toBe(0);
    expect(metric(text, 'yeyak_calls_total', 'procedure="booking.submit",outcome="ok"')).toBe(1);
    expect(metric(text, 'yeyak_calls_total', 'procedure="booking.submit",outcome="SLOTS_FULL"')).toBe(1);
    expect(metric(text, 'yeyak_calls_total', 'procedure="queue.join",outcome="ok"')).toBe(3);
    expect(metric(text, 'yeyak_booking_seconds_count')).toBe(2);
    expect(metric(text, 'yeyak_commit_batch_size_count')).toBeGreaterThanOrEqual(5);
    expect(metric(text, 'yeyak_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

/** Two free consecutive ports, p and p + 1 (found, then released; a test that loses the race fails, it cannot pass wrongly). */
async function freePair(): Promise<number> {
  for (;;) {
    const a = createServer();
    await new Promise<void>((r) => a.listen(0, '127.0.0.1', r));
    const p = (a.address() as AddressInfo).port;
    const b = createServer();
    const free = await new Promise<boolean>((r) => { b.once('error', () => r(false)); b.listen(p + 1, '127.0.0.1', () => r(true)); });
    await Promise.all([a, b].map((s) => new Promise((r) => s.close(r))));
    if (free && p < 65535) return p;
  }
}

describe('the metrics listener of serve', () => {
  it('listens on 127.0.0.1 at PORT + 1 (or METRICS_PORT, or --metrics-port), and the app port answers 404 for /metrics', async () => {
    const port = await freePair();
    const plain = await spawnServer(metricsDir, [], [], true, { PORT: String(port) });
    try {
      expect(plain.metricsUrl).toBe(`http://127.0.0.1:${port + 1}/metrics`);
      const res = await fetch(plain.metricsUrl);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('yeyak_process_resident_memory_bytes');
      expect((await fetch(`${plain.url}/metrics`)).status).toBe(404);
      expect((await fetch(plain.metricsUrl.replace('/metrics', '/healthz'))).status).toBe(404); // the listener serves nothing else
    } finally {
      await killHard(plain.child);
    }
    const fromEnv = await spawnServer(metricsDir, [], [], true, { METRICS_PORT: String(port) });
    try {
      expect(fromEnv.metricsUrl).toBe(`http://127.0.0.1:${port}/metrics`);
      expect((await fetch(fromEnv.metricsUrl)).status).toBe(200);
    } finally {
      await killHard(fromEnv.child);
    }
    // Bound where --metrics-host says, and nowhere else.
    const elsewhere = await spawnServer(metricsDir, ['--metrics-host', '127.0.0.5', '--metrics-port', String(port)]);
    try {
      expect(elsewhere.metricsUrl).toBe(`http://127.0.0.5:${port}/metrics`);
      expect((await fetch(elsewhere.metricsUrl)).status).toBe(200);
      await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
    } finally {
      await killHard(elsewhere.child);
    }
  });
});

describe('logs', () => {
  it('log a whole booking with request ids and no name, phone or birth date', async () => {
    const storage = openStorage(dataDir);
    const demo = loadDemo(storage, { identity: 'declared', now: Date.now(), opensInSeconds: 0, clinics: 5, days: 2 });
    storage.sqlite.close();
    await new Promise((r) => setTimeout(r, 1100));
    const proc = await spawnServer(dataDir, ['--admit-rate', '50']);
    try {
      const client = makeClient(proc.url);
      const year = demo.campaign.cohorts[0]!.birthFrom.slice(0, 4);
      const person = { name: '홍길동', birthDate: `${year}-07-14`, phone: '010-9876-5432' };
      const campaignId = demo.campaign.id;
      const ticket = await client.queue.join.mutate({ campaignId, person });
      let status = ticket;
      while (status.state !== 'admitted') {
        await new Promise((r) => setTimeout(r, 300));
        status = await client.queue.status.query({ ticketId: ticket.ticketId });
      }
      const { admissionToken } = await client.queue.admit.mutate({ ticketId: ticket.ticketId });
      const booked = await client.booking.submit.mutate({ admissionToken, idempotencyKey: randomUUID(), person, preferences: [{ clinicId: 'C0001' }] });
      await client.booking.lookup.mutate({ code: booked.code, birthDate: person.birthDate });
      await refusalOf(client.booking.lookup.mutate({ code: booked.code, birthDate: '1900-01-01' }));
      await refusalOf(client.queue.join.mutate({ campaignId, person: { ...person, phone: '02-9876-5432' } }));
      await client.booking.cancel.mutate({ code: booked.code, birthDate: person.birthDate });
      await fetch(`${proc.url}/trpc/booking.submit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"person":{"name":"${person.name}","phone":"${person.phone}"` });
      // The log is written asynchronously: wait until the last request's line has come through.
      const requests = () => proc.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
      await until('the last request in the log', () => requests().some((l) => l.path === '/trpc/booking.submit' && l.status === 400));
      const log = proc.output();
      expect(requests().map((l) => l.path)).toEqual(expect.arrayContaining(['/trpc/queue.join', '/trpc/queue.admit', '/trpc/booking.submit', '/trpc/booking.lookup', '/trpc/booking.cancel']));
      expect(requests().every((l) => typeof l.reqId === 'string' && typeof l.status === 'number')).toBe(true);
      const digits = (s: string) => s.replace(/\D/g, '');
      for (const secret of [person.name, person.birthDate, digits(person.birthDate), person.phone, digits(person.phone), '9876-5432', '98765432', encodeURIComponent(person.name)]) {
        expect(log, secret).not.toContain(secret);
      }
    } finally {
      await killHard(proc.child);
    }
  });
});
