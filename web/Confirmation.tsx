/** A booking as the citizen keeps it: the code (readable over the phone, and as a QR code), and each dose's weekday and time in Seoul, vaccine, clinic, address and phone; a cancelled booking shows neither QR nor code as valid. */
import type { BookingConfirmation } from '../shared/booking';
import type { Clinic } from '../shared/catalog';
import { formatCode } from '../shared/code';
import { CONFIRM_TEXT as C, fill, JOURNEY_TEXT as T, type Lang } from '../shared/messages';
import type { Campaign } from '../shared/schedule';
import { CodeQr } from './CodeQr';
import { formatSeoulWithWeekday } from './format';

export interface ConfirmationProps {
  booking: BookingConfirmation & { cancelled?: boolean };
  lang: Lang;
  heading?: string;
  /** The campaigns kept on the device: the vaccine's name. */
  campaigns?: Campaign[];
  /** The catalog kept on the device: each clinic's phone. */
  clinics?: Map<string, Clinic>;
}

export function Confirmation(props: ConfirmationProps) {
  const { booking, lang, clinics } = props;
  const code = formatCode(booking.code);
  const cancelled = booking.cancelled === true;
  const campaign = props.campaigns?.find((c) => c.id === booking.campaignId);
  const vaccine = campaign ? (lang === 'ko' ? campaign.name : campaign.nameEn) : '';
  return (
    <article class={cancelled ? 'card confirmation cancelled' : 'card confirmation'} aria-labelledby="confirmation-title">
      {/* A cancelled booking must not pass for a valid one at a clinic: no "booked" heading, no QR, no "show it" hint. */}
      <h2 id="confirmation-title">{cancelled ? C.cancelledHeading[lang] : props.heading ?? T.confirmed[lang]}</h2>
      {cancelled && <p role="status" class="warn">{C.cancelledNotValid[lang]}</p>}
      <p>{cancelled ? C.cancelledCode[lang] : T.code[lang]}</p>
      {cancelled
        ? <p class="code"><del>{code}</del> <span class="void">{C.cancelledMark[lang]}</span></p>
        : <p class="code">{code}</p>}
      {!cancelled && <CodeQr code={code} label={`${T.code[lang]} ${code}`} />}
      {!cancelled && <p>{T.codeHint[lang]}</p>}
      {booking.appointments.map((a) => {
        const phone = clinics?.get(a.clinicId)?.phone;
        return (
          <section key={a.dose} class="dose">
            <h3>{fill(T.dose[lang], { n: a.dose })}</h3>
            <dl>
              <dt>{T.when[lang]}</dt><dd>{formatSeoulWithWeekday(a.startsAt, lang)}</dd>
              {vaccine && <><dt>{C.vaccine[lang]}</dt><dd>{vaccine}</dd></>}
              <dt>{T.clinic[lang]}</dt><dd>{a.clinicName}</dd>
              <dt>{T.address[lang]}</dt><dd>{a.address}</dd>
              {phone && <><dt>{C.phone[lang]}</dt><dd><a href={`tel:${phone}`} aria-label={`${fill(C.call[lang], { name: a.clinicName })} ${phone}`}>{phone}</a></dd></>}
            </dl>
          </section>
        );
      })}
      {!cancelled && (
        <button type="button" class="wide" onClick={() => void import('./calendarFile').then((m) => m.downloadCalendar(booking, vaccine || C.vaccine[lang], clinics, lang))}>
          {C.addToCalendar[lang]}
        </button>
      )}
      <p><small>{T.keptOffline[lang]}</small></p>
    </article>
  );
}
