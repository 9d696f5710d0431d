/** "Add to calendar": the booking's appointments as an .ics file made on the device; the builder loads only on tap. */
import type { BookingConfirmation } from '../shared/booking';
import type { Clinic } from '../shared/catalog';
import { formatCode } from '../shared/code';
import { CONFIRM_TEXT as C, fill, type Lang } from '../shared/messages';

/** Demo and imported slots are half-hourly. */
const APPOINTMENT_MINUTES = 30;

export function AddToCalendar(props: { booking: BookingConfirmation; vaccine: string; clinics?: Map<string, Clinic>; lang: Lang }) {
  const { booking, vaccine, clinics, lang } = props;
  const save = async () => {
    const { buildIcs } = await import('../shared/ics');
    const code = formatCode(booking.code);
    const text = buildIcs(booking.appointments.map((a) => {
      const phone = clinics?.get(a.clinicId)?.phone;
      return {
        uid: `${booking.code}-${a.dose}@yeyak`,
        start: Date.parse(a.startsAt),
        minutes: APPOINTMENT_MINUTES,
        summary: fill(C.calendarTitle[lang], { vaccine, n: a.dose }),
        location: [a.clinicName, a.address, phone].filter(Boolean).join(', '),
        description: fill(C.calendarNote[lang], { code }),
      };
    }), Date.now());
    const url = URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `yeyak-${booking.code}.ics`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return <button type="button" class="wide" onClick={() => void save()}>{C.addToCalendar[lang]}</button>;
}
