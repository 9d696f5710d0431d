/** Adds vaccination slots (clinic, start, dose, capacity); an existing slot keeps its bookings and takes a new capacity only if it still fits them. Unchanged slots are not written. */
import type Database from 'better-sqlite3';
import { seoulDate } from '../../shared/time';

export interface SlotRecord {
  campaignId: string;
  clinicId: string;
  dose: number;
  startsAt: number;
  capacity: number;
}

/** Call inside a transaction for all-or-nothing loads. Returns how many slots were written. */
export function putSlots(sqlite: Database.Database, records: Iterable<SlotRecord>): number {
  const put = sqlite.prepare<[string, string, number, string, number, number]>(`
    INSERT INTO slots (campaign_id, clinic_id, dose, date, starts_at, capacity) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (campaign_id, clinic_id, dose, starts_at) DO UPDATE SET capacity = excluded.capacity
    WHERE excluded.capacity <> slots.capacity AND excluded.capacity >= slots.booked`);
  let n = 0;
  for (const s of records) n += put.run(s.campaignId, s.clinicId, s.dose, seoulDate(s.startsAt), s.startsAt, s.capacity).changes;
  return n;
}
