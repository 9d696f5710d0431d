/** Builds the booking's .ics on the device and hands it to the browser as a download; loaded only when "add to calendar" is tapped. */
import type { BookingConfirmation } from '../shared/booking';
import type { Clinic } from '../shared/catalog';
import { formatCode } from '../shared/code';
import { buildIcs } from '../shared/ics';
import { CONFIRM_TEXT as C, fill, type Lang } from '../shared/messages';

/** Demo and imported slots are half-hourly. */
const APPOINTMENT_MINUTES = 30;

export function downloadCalendar(booking: BookingConfirmation, vaccine: string, clinics: Map<string, Clinic> | undefined, lang: Lang): void {
  const code = formatCode(booking.code);
  const text = buildIcs(booking.appointments.map((a) => ({
    uid: `${booking.code}-${a.dose}@yeyak`,
    start: Date.parse(a.startsAt),
    minutes: APPOINTMENT_MINUTES,
    summary: fill(C.calendarTitle[lang], { vaccine, n: a.dose }),
    location: [a.clinicName, a.address, clinics?.get(a.clinicId)?.phone].filter(Boolean).join(', '),
    description: fill(C.calendarNote[lang], { code }),
  })), Date.now());
  const url = URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `yeyak-${booking.code}.ics`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
