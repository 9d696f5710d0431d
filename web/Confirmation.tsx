/** A booking as the citizen keeps it: the code (readable over the phone, and as a QR code), and each dose's clinic, address and Seoul time. */
import type { BookingConfirmation } from '../shared/booking';
import { formatCode } from '../shared/code';
import { fill, JOURNEY_TEXT as T, type Lang } from '../shared/messages';
import { CodeQr } from './CodeQr';
import { formatSeoul } from './format';

export function Confirmation(props: { booking: BookingConfirmation & { cancelled?: boolean }; lang: Lang; heading?: string }) {
  const { booking, lang } = props;
  const code = formatCode(booking.code);
  return (
    <article class="card confirmation" aria-labelledby="confirmation-title">
      <h2 id="confirmation-title">{props.heading ?? T.confirmed[lang]}</h2>
      {booking.cancelled && <p role="status" class="warn">{T.cancelled[lang]}</p>}
      <p>{T.code[lang]}</p>
      <p class="code">{code}</p>
      <CodeQr code={code} label={`${T.code[lang]} ${code}`} />
      <p>{T.codeHint[lang]}</p>
      {booking.appointments.map((a) => (
        <section key={a.dose} class="dose">
          <h3>{fill(T.dose[lang], { n: a.dose })}</h3>
          <dl>
            <dt>{T.when[lang]}</dt><dd>{formatSeoul(a.startsAt, lang)}</dd>
            <dt>{T.clinic[lang]}</dt><dd>{a.clinicName}</dd>
            <dt>{T.address[lang]}</dt><dd>{a.address}</dd>
          </dl>
        </section>
      ))}
      <p><small>{T.keptOffline[lang]}</small></p>
    </article>
  );
}
