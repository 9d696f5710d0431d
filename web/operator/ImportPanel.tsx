/** Uploads a clinics, slots or roster CSV to the import endpoint and says what happened: rows and changes, or every line to fix, in the page's language. */
import { useEffect, useState } from 'preact/hooks';
import { REASON_TEXT, type Lang } from '../../shared/messages';
import { CONSOLE_TEXT as T, IMPORT_TEXT } from '../../shared/operatorMessages';
import type { LineError } from '../../shared/operatorProblems';
import { isReason } from '../../shared/reasons';
import type { Campaign } from '../../shared/schedule';
import { api } from '../trpc';
import { importErrorText } from './problemText';

/** The refusal kept as the API gave it (codes, not words), so switching language says it again. */
type Outcome = { ok: true; rows: number; changed: number } | { ok: false; errors: LineError[] } | { ok: false; general: (lang: Lang) => string };

/** A refusal with no line to name: said by its status or reason, never in the API's English. */
function generalText(status: number, reason: unknown): (lang: Lang) => string {
  if (status === 413) return (lang) => IMPORT_TEXT.tooLarge[lang];
  if (status === 503) return (lang) => IMPORT_TEXT.busy[lang];
  return (lang) => REASON_TEXT[isReason(reason) ? reason : 'INVALID_INPUT'][lang];
}

export function ImportPanel(props: { lang: Lang; onSessionEnded: () => void }) {
  const { lang } = props;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // The roster's campaign chosen by its name: the operator never types or reads an id.
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  useEffect(() => {
    api.operator.campaigns.query().then((c) => setCampaigns(c as Campaign[]), () => undefined);
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const file = form.get('file') as File | null;
    if (!file) return;
    // As JSON: the server takes no other POST body, so another site's page cannot send one blind.
    const kind = String(form.get('kind'));
    const body = JSON.stringify({ kind, csv: await file.text(), ...(kind === 'roster' ? { campaignId: String(form.get('campaignId')) } : {}) });
    let res: Response;
    let answer: any;
    try {
      res = await fetch('/operator/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      answer = await res.json();
    } catch {
      return setOutcome({ ok: false, general: (lang) => IMPORT_TEXT.offline[lang] });
    }
    if (res.status === 401) return props.onSessionEnded();
    const errors = answer?.error?.data?.details?.errors as LineError[] | undefined;
    setOutcome(res.ok ? answer : errors ? { ok: false, errors } : { ok: false, general: generalText(res.status, answer?.error?.data?.reason) });
  };
  return (
    <section class="card">
      <h2>{T.importTitle[lang]}</h2>
      <form class="toolbar" onSubmit={submit}>
        <label>{T.importTitle[lang]}
          <select name="kind">
            <option value="clinics">{T.importClinics[lang]}</option>
            <option value="slots">{T.importSlots[lang]}</option>
            <option value="roster">{T.importRoster[lang]}</option>
          </select>
        </label>
        <label>{IMPORT_TEXT.rosterCampaign[lang]}
          <select name="campaignId">
            {campaigns.map((c) => <option key={c.id} value={c.id}>{lang === 'ko' ? c.name : c.nameEn}</option>)}
          </select>
        </label>
        <label>CSV<input type="file" name="file" accept=".csv,text/csv" required /></label>
        <button class="primary" type="submit">{T.importButton[lang]}</button>
      </form>
      {outcome?.ok && <p role="status">{T.importDone[lang].replace('{rows}', String(outcome.rows)).replace('{changed}', String(outcome.changed))}</p>}
      {outcome && !outcome.ok && (
        <div role="alert">
          <p class="error">{T.importFailed[lang]}</p>
          {'errors' in outcome
            ? <ul>{outcome.errors.map((e, i) => <li key={i} data-line={e.line}>{importErrorText(e, lang)}</li>)}</ul>
            : <p>{outcome.general(lang)}</p>}
        </div>
      )}
    </section>
  );
}
