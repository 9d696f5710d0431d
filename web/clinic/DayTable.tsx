/** A clinic's day by time: each slot with booked against places, then the people in it. */
import type { ClinicDay } from '../../shared/clinic';
import { formatCode } from '../../shared/code';
import type { Lang } from '../../shared/messages';
import { PORTAL_TEXT as T } from '../../shared/portalMessages';

export function DayTable(props: { day: ClinicDay; lang: Lang }) {
  const { day, lang } = props;
  const booked = day.slots.reduce((n, s) => n + s.booked, 0);
  const places = day.slots.reduce((n, s) => n + s.capacity, 0);
  return (
    <table>
      <caption>{day.clinicName} · {day.date} · {T.total[lang]} {booked}/{places}</caption>
      <thead>
        <tr>
          <th scope="col">{T.time[lang]}</th><th scope="col">{T.dose[lang]}</th><th scope="col">{T.bookedOfCapacity[lang]}</th>
          <th scope="col">{T.code[lang]}</th><th scope="col">{T.name[lang]}</th><th scope="col">{T.birthDate[lang]}</th><th scope="col">{T.phone[lang]}</th>
        </tr>
      </thead>
      <tbody>
        {day.slots.map((s) => [
          <tr class="slot" key={`${s.startsAt}-${s.dose}`}>
            <td>{s.time}</td><td>{s.dose}</td>
            <td class={s.booked >= s.capacity ? 'full' : ''}>{s.booked}/{s.capacity}</td>
            <td colSpan={4}>{s.bookings.length === 0 ? T.noBookings[lang] : ''}</td>
          </tr>,
          ...s.bookings.map((b) => (
            <tr key={b.code}>
              <td /><td /><td />
              <td>{formatCode(b.code)}</td><td>{b.name}</td><td>{b.birthDate}</td><td>{b.phone}</td>
            </tr>
          )),
        ])}
      </tbody>
    </table>
  );
}
