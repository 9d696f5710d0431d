/**
 * The replay's people, each as the citizen app behaves: arrive (a fifth during the pre-queue, the
 * rest over the first minutes), join (30% from 2-10 tabs, 10% refresh once), come back when a busy
 * server says so (503 + Retry-After, with jitter), read the shared head through the CDN at the
 * interval it implies, take their turn and book at once (an offered alternative if their clinics
 * are full). Each records what it was first told (the ETA range), when it was answered, and how.
 */
import { randomUUID } from 'node:crypto';
import { etaFromHead, pollAfterMs, type HeadView, type TicketStatus } from '../../../shared/waiting';
import { personNo } from '../people';
import type { Reply, WireClient } from './client';

export interface Outcome {
  arrivedAt: number;
  position: number | null;
  /** The first ETA shown (middle and range, seconds) and when. */
  etaShown: number | null;
  rangeShown: [number, number] | null;
  shownAt: number | null;
  /** A final answer: booked, refused, or told it is sold out. */
  answer: 'booked' | 'soldOut' | string | null;
  answeredAt: number | null;
  /** Client-side time of each booking.submit, ms. */
  submitMs: number[];
}

export interface Crowd {
  client: WireClient;
  /** Connections of their own for people whose turn came: their bookings do not queue behind the crowd's joins. */
  turns: WireClient;
  /** The shared head as the CDN serves it (refreshed once a second). */
  head(): HeadView;
  campaignId: string;
  birthYear: number;
  start: number;
  opensAt: number;
  arrivalMeanSeconds: number;
  choicesFor(i: number): Array<{ clinicId: string }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** A call the server may shed, or whose connection may drop: retried when it says (or after a second), with jitter, as the app does. */
async function patiently(call: () => Promise<Reply>): Promise<Reply> {
  for (;;) {
    const r = await call();
    if (r.status !== 0 && r.status !== 503 && !(r.status === 429 && r.body?.error?.data?.reason === 'RATE_LIMITED')) return r;
    await sleep((r.retryAfter ?? r.body?.error?.data?.details?.retryAfterSeconds ?? 5) * 1000 * (1 + 0.5 * Math.random()));
  }
}

export async function person(crowd: Crowd, i: number, out: Outcome[]): Promise<void> {
  const { client, turns, campaignId } = crowd;
  const p = personNo(i, crowd.birthYear);
  const inPrequeue = i % 5 === 0; // 20%
  const arrival = inPrequeue
    ? crowd.start + Math.random() * (crowd.opensAt - crowd.start - 500)
    : crowd.opensAt + Math.min(-Math.log(1 - Math.random()) * crowd.arrivalMeanSeconds * 1000, 6 * crowd.arrivalMeanSeconds * 1000);
  await sleep(arrival - Date.now());
  const o: Outcome = { arrivedAt: Date.now(), position: null, etaShown: null, rangeShown: null, shownAt: null, answer: null, answeredAt: null, submitMs: [] };
  out[i] = o;
  const answer = (what: string) => {
    o.answer = what;
    o.answeredAt = Date.now();
  };
  const tabs = Math.random() < 0.3 ? 2 + Math.floor(Math.random() * 9) : 1;
  for (let k = 1; k < tabs; k++) setTimeout(() => client.fire('queue.join', { campaignId, person: p }), Math.random() * 3000);
  const joined = await patiently(() => client.mutate('queue.join', { campaignId, person: p }));
  if (joined.status !== 200) return answer(joined.body?.error?.data?.reason ?? `HTTP ${joined.status}`);
  let s: TicketStatus = joined.body.result.data;
  while (s.state === 'prequeue') {
    await sleep(s.pollAfterMs ?? 1000);
    const r = await patiently(() => client.query('queue.status', { ticketId: s.ticketId }));
    s = r.body.result.data;
  }
  o.position = s.position;
  const shown = (range: [number, number] | null, middle: number | null) => {
    if (o.rangeShown || !range) return;
    [o.rangeShown, o.etaShown, o.shownAt] = [range, middle, Date.now()];
  };
  shown(s.etaRange, s.etaSeconds);
  let refreshAt = Math.random() < 0.1 ? Date.now() + Math.random() * 20_000 : Infinity; // some refresh, once
  while (s.state !== 'admitted' && crowd.head().admittedUpTo < o.position!) {
    const head = crowd.head();
    if (head.soldOut || s.state === 'soldOut') return answer('soldOut');
    const eta = etaFromHead(Math.max(0, o.position! - head.admittedUpTo - 1), head);
    shown(eta.etaRange, eta.etaSeconds);
    const wait = pollAfterMs(eta.etaRange?.[0] ?? null, Math.random, { paused: head.targetRate === 0, backoff: head.backoff });
    await sleep(Math.min(wait, Math.max(0, refreshAt - Date.now())));
    if (Date.now() >= refreshAt) {
      refreshAt = Infinity;
      client.fire('queue.join', { campaignId, person: p });
    }
  }
  // The CDN's head may be a tick ahead of the process that answers: ask again shortly.
  let admission: Reply | undefined;
  for (let tries = 0; tries < 20; tries++) {
    admission = await patiently(() => turns.mutate('queue.admit', { ticketId: s.ticketId }));
    if (admission.status === 200 || admission.body?.error?.data?.reason !== 'NOT_OPEN_YET') break;
    await sleep(300);
  }
  if (admission!.status !== 200) return answer(admission!.body?.error?.data?.reason ?? `HTTP ${admission!.status}`);
  const token = admission!.body.result.data.admissionToken;
  const submit = async (preferences: Array<{ clinicId: string }>) => {
    const key = randomUUID();
    for (;;) {
      const sent = Date.now();
      const reply = await turns.mutate('booking.submit', { admissionToken: token, idempotencyKey: key, person: p, preferences });
      o.submitMs.push(Date.now() - sent);
      // A writer that did not answer in time, or a dropped connection: the same key again, as the app does.
      if (reply.status !== 503 && reply.status !== 0) return reply;
      await sleep((reply.retryAfter ?? 2) * 1000);
    }
  };
  let reply = await submit(crowd.choicesFor(i));
  const alternative = reply.status === 409 ? reply.body.error.data.details?.alternatives?.[0] : undefined;
  if (alternative) reply = await submit([{ clinicId: alternative.clinicId }]); // as the app offers: the first, same admission
  answer(reply.status === 200 ? 'booked' : reply.body.error.data.reason);
}
