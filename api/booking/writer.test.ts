/** The worker's side of the booking writer: an answer in time, a typed refusal when the writer is silent, and a late answer dropped. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Refusal } from '../refusal';
import { RemoteWriter } from './writer';
import type { CheckedBooking } from './service';

const checked = { input: {}, personKey: 'k', admissionId: 'a', campaignId: 'c', clinics: [] } as unknown as CheckedBooking;

afterEach(() => vi.useRealTimers());

describe('RemoteWriter', () => {
  it('answers with what the writer sent back', async () => {
    const sent: Array<{ id: number }> = [];
    const writer = new RemoteWriter(10_000, (r) => sent.push(r as { id: number }));
    const answer = writer.write(checked, 0);
    writer.receive({ yeyak: 'booking', id: sent[0]!.id, ok: true, value: { code: 'ABCD2345' } });
    await expect(answer).resolves.toEqual({ code: 'ABCD2345' });
  });

  it('refuses with RATE_LIMITED (503) when the writer does not answer in time, and drops the late answer', async () => {
    vi.useFakeTimers();
    const sent: Array<{ id: number }> = [];
    const writer = new RemoteWriter(10_000, (r) => sent.push(r as { id: number }));
    const answer = writer.write(checked, 0).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(9_999);
    let settled = false;
    void answer.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const refusal = (await answer) as Refusal;
    expect(refusal).toBeInstanceOf(Refusal);
    expect([refusal.reason, refusal.code]).toEqual(['RATE_LIMITED', 'SERVICE_UNAVAILABLE']);
    // The writer's late answer finds nobody waiting (the client retries with the same idempotency key).
    expect(() => writer.receive({ yeyak: 'booking', id: sent[0]!.id, ok: true, value: {} })).not.toThrow();
  });
});
