/** Proof of work on queue.join: off by default; when on, a join without the work, with work for someone else, or on a stale or forged challenge is refused. */
import { afterEach, describe, expect, it } from 'vitest';
import { personSchema } from '../shared/person';
import { solveChallenge } from '../api/queue/proof';
import { AFTER_OPENING, loadFixture } from './fixture';
import { refusalOf, snapshot, startServer, type TestServer } from './harness';
import { personNo } from '../api/bench/people';

let server: TestServer;
afterEach(async () => server?.close());

describe('proof of work on queue.join', () => {
  it('is not asked for by default', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, []) });
    expect((await server.client.queue.challenge.query({ campaignId: 'covid19-50s' })).bits).toBe(0);
    expect((await server.client.queue.join.mutate({ campaignId: 'covid19-50s', person: personNo(1) })).state).toBe('waiting');
  });

  it('admits a join that carries the work for this person, and refuses every other', async () => {
    const BITS = 12;
    server = await startServer({ now: AFTER_OPENING, room: { powBits: BITS }, setup: (app) => loadFixture(app, []) });
    const s = server;
    const [alice, bob] = [personNo(1), personNo(2)];
    const { challenge, bits } = await s.client.queue.challenge.query({ campaignId: 'covid19-50s' });
    expect(bits).toBe(BITS);
    const proof = solveChallenge(challenge, personSchema.parse(alice), BITS);
    const join = (person: typeof alice, p?: { challenge: string; nonce: string }) =>
      s.client.queue.join.mutate({ campaignId: 'covid19-50s', person, ...(p ? { proof: p } : {}) });
    const before = snapshot(s.app);
    expect(await refusalOf(join(alice))).toMatchObject({ reason: 'RATE_LIMITED', httpStatus: 429, details: { proof: 'required', bits: BITS } });
    expect((await refusalOf(join(bob, proof))).details.proof).toBe('invalid'); // work done for somebody else
    expect((await refusalOf(join(alice, { challenge, nonce: `${proof.nonce}x` }))).details.proof).toBe('invalid');
    expect((await refusalOf(join(alice, { challenge: challenge.replace(/\.(\d+)\./, '.1.'), nonce: proof.nonce }))).details.proof).toBe('invalid'); // easier bits, forged
    s.clock.now += 6 * 60 * 1000;
    expect((await refusalOf(join(alice, proof))).details.proof).toBe('expired');
    s.clock.now -= 6 * 60 * 1000;
    expect(snapshot(s.app)).toBe(before);
    expect((await join(alice, proof)).state).toBe('waiting');
  });
});
