/** The admission rate: set it (a refused value is said next to the field), pause only after an in-page confirmation that says what pausing does to people waiting, and resume from a banner while paused. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { MAX_ADMIT_RATE } from '../../shared/admitRate';
import { fill, REASON_TEXT, type Lang } from '../../shared/messages';
import { PORTAL_TEXT as P } from '../../shared/portalMessages';
import { RATE_TEXT as T } from '../../shared/operatorMessages';
import type { Reason } from '../../shared/reasons';
import { failureOf } from './failure';

export interface RateControlProps {
  lang: Lang;
  /** The ceiling in force (0: paused), as last set here or read from the dashboard. */
  target: number;
  /** People in the queue and pre-queue, whom a pause holds. */
  waiting: number;
  apply: (perSecond: number) => Promise<void>;
  onSessionEnded: () => void;
}

export function RateControl(props: RateControlProps) {
  const { lang, target } = props;
  const [value, setValue] = useState(String(target));
  // Kept as what happened, not as words: switching language says it again.
  const [fieldError, setFieldError] = useState(false);
  const [notice, setNotice] = useState<{ error: true; reason: Reason | undefined } | { error: false; rate: number } | null>(null);
  const [confirming, setConfirming] = useState(false);
  // What "resume" goes back to: the last ceiling above zero this page saw.
  const [resumeTo, setResumeTo] = useState<number | null>(target > 0 ? target : null);
  useEffect(() => { if (target > 0) setResumeTo(target); }, [target]);
  const pauseButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!confirming) return;
    cancelButton.current?.focus();
    // Escape cancels wherever the focus is (it may not have reached the confirmation yet).
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') cancel(); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [confirming]);
  // Pausing removes the pause button and resuming the banner: focus goes to the control that takes their place.
  const resumeButton = useRef<HTMLButtonElement>(null);
  const focusNext = useRef(false);
  useEffect(() => {
    if (!focusNext.current) return;
    focusNext.current = false;
    (target === 0 ? resumeButton : pauseButton).current?.focus();
  }, [target]);

  const send = async (perSecond: number) => {
    setNotice(null);
    try {
      await props.apply(perSecond);
      focusNext.current = (perSecond === 0) !== (target === 0);
      setFieldError(false);
      if (perSecond > 0) setNotice({ error: false, rate: perSecond });
    } catch (err) {
      const failure = failureOf(err);
      if (failure.kind === 'session') return props.onSessionEnded();
      if (failure.kind === 'invalid') return setFieldError(true);
      setNotice({ error: true, reason: failure.reason });
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    // Number('') is 0: an emptied field must not pause admission.
    const n = value.trim() === '' ? NaN : Number(value);
    if (!Number.isFinite(n)) return setFieldError(true);
    if (n === 0) return setConfirming(true);
    void send(n);
  };
  const cancel = () => {
    setConfirming(false);
    pauseButton.current?.focus();
  };
  return (
    <>
      {target === 0 && (
        <div class="paused-banner" role="status">
          <p>{T.pausedBanner[lang]}</p>
          {resumeTo !== null
            ? <button class="primary" type="button" ref={resumeButton} onClick={() => void send(resumeTo)}>{fill(T.resume[lang], { rate: resumeTo.toLocaleString() })}</button>
            : <p>{T.resumeHow[lang]}</p>}
        </div>
      )}
      <form class="toolbar" onSubmit={submit} noValidate>
        <label>{P.admitRate[lang]}
          <input name="rate" type="number" inputMode="numeric" min="0" max={MAX_ADMIT_RATE} step="1" value={value}
            aria-invalid={fieldError ? 'true' : 'false'} aria-describedby={fieldError ? 'rate-error' : undefined}
            onInput={(e) => { setValue((e.currentTarget as HTMLInputElement).value); setFieldError(false); }} />
        </label>
        <button class="primary" type="submit">{P.setRate[lang]}</button>
        {target !== 0 && <button type="button" ref={pauseButton} aria-expanded={confirming} onClick={() => setConfirming(true)}>{P.pause[lang]}</button>}
        {fieldError && <p id="rate-error" class="error field-error" role="alert">{fill(T.invalid[lang], { max: MAX_ADMIT_RATE.toLocaleString() })}</p>}
      </form>
      {notice && <p class={notice.error ? 'error' : ''} role={notice.error ? 'alert' : 'status'}>
        {notice.error ? (notice.reason ? REASON_TEXT[notice.reason][lang] : T.failed[lang]) : fill(T.set[lang], { rate: notice.rate.toLocaleString() })}
      </p>}
      {confirming && (
        <div class="confirm" role="alertdialog" aria-labelledby="pause-title" aria-describedby="pause-effect">
          <h2 id="pause-title">{T.pauseTitle[lang]}</h2>
          <p id="pause-effect">{fill(T.pauseEffect[lang], { count: props.waiting.toLocaleString() })}</p>
          <div class="toolbar">
            <button type="button" ref={cancelButton} onClick={cancel}>{T.pauseNo[lang]}</button>
            <button class="danger" type="button" onClick={() => { setConfirming(false); void send(0); }}>{T.pauseYes[lang]}</button>
          </div>
        </div>
      )}
    </>
  );
}
