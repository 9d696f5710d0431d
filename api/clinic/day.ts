/** One clinic's day: every slot by time with its count against capacity, and the active bookings in it. Always one clinic, the caller's. */
import type Database from 'better-sqlite3';
import type { ClinicDay, ClinicDaySlot } from '../../shared/clinic';
import { seoulTime, toSeoulIso } from '../../shared/time';
import { Refusal } from '../refusal';

export function clinicDay(sqlite: Database.Database, clinicId: string, date: string): ClinicDay {
  const clinic = sqlite.prepare('SELECT name FROM clinics WHERE id = ?').get(clinicId) as { name: string } | undefined;
  if (!clinic) throw new Refusal('NOT_FOUND', { clinicId });
  const slots = sqlite.prepare(`SELECT id, starts_at AS startsAt, dose, capacity, booked FROM slots
    WHERE clinic_id = ? AND date = ? ORDER BY starts_at, dose`).all(clinicId, date) as Array<{ id: number; startsAt: number; dose: number; capacity: number; booked: number }>;
  const bookings = sqlite.prepare(`SELECT a.slot_id AS slotId, b.code, b.name, b.birth_date AS birthDate, b.phone FROM appointments a
    JOIN bookings b ON b.id = a.booking_id JOIN slots s ON s.id = a.slot_id
    WHERE s.clinic_id = ? AND s.date = ? AND b.status = 'active' ORDER BY b.name, b.code`).all(clinicId, date) as Array<{ slotId: number; code: string; name: string; birthDate: string; phone: string }>;
  return {
    clinicId,
    clinicName: clinic.name,
    date,
    slots: slots.map((s): ClinicDaySlot => ({
      time: seoulTime(s.startsAt),
      startsAt: toSeoulIso(s.startsAt),
      dose: s.dose,
      capacity: s.capacity,
      booked: s.booked,
      bookings: bookings.filter((b) => b.slotId === s.id).map(({ slotId: _s, ...b }) => b),
    })),
  };
}
