/** Uploads a clinics, slots or roster CSV to the import endpoint and says what happened: rows and changes, or every line to fix. */
import { useState } from 'preact/hooks';
import { CONSOLE_TEXT as T, type Lang } from '../../shared/messages';

type Outcome = { ok: true; rows: number; changed: number } | { ok: false; errors: Array<{ line: number; message: string }> };

export function ImportPanel(props: { lang: Lang }) {
  const { lang } = props;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const file = form.get('file') as File | null;
    if (!file) return;
    // As JSON: the server takes no other POST body, so another site's page cannot send one blind.
    const kind = String(form.get('kind'));
    const body = JSON.stringify({ kind, csv: await file.text(), ...(kind === 'roster' ? { campaignId: String(form.get('campaignId')) } : {}) });
    const res = await fetch('/operator/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answer = await res.json();
    setOutcome(res.ok ? answer : { ok: false, errors: answer.error?.data?.details?.errors ?? [{ line: 0, message: answer.error?.message ?? String(res.status) }] });
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
        <label>{T.rosterCampaign[lang]}<input name="campaignId" defaultValue="covid19-50s" pattern="[A-Za-z0-9_-]{1,64}" /></label>
        <label>CSV<input type="file" name="file" accept=".csv,text/csv" required /></label>
        <button class="primary" type="submit">{T.importButton[lang]}</button>
      </form>
      {outcome?.ok && <p role="status">{T.importDone[lang].replace('{rows}', String(outcome.rows)).replace('{changed}', String(outcome.changed))}</p>}
      {outcome && !outcome.ok && (
        <div role="alert">
          <p class="error">{T.importFailed[lang]}</p>
          <ul>{outcome.errors.map((e) => <li key={`${e.line}-${e.message}`}>{T.line[lang]} {e.line}: {e.message}</li>)}</ul>
        </div>
      )}
    </section>
  );
}
