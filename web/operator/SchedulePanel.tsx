/** Campaigns and their cohorts with editable times (Seoul), saved through operator.putCampaign; refusals list what to fix, in the page's language, by cohort label. */
import { useEffect, useState } from 'preact/hooks';
import { REASON_TEXT, type Lang } from '../../shared/messages';
import { CONSOLE_TEXT as T, SESSION_TEXT } from '../../shared/operatorMessages';
import type { ScheduleCheck } from '../../shared/operatorProblems';
import type { Campaign } from '../../shared/schedule';
import { fromSeoulLocalInput, toSeoulLocalInput } from '../../shared/seoulInput';
import { api } from '../trpc';
import { failureOf } from './failure';
import { scheduleCheckText, scheduleIssueText } from './problemText';

type TimeField = 'prequeueFrom' | 'opensAt' | 'closesAt';

/** What a save came to, kept as codes so that switching language says it again; `cohorts` are the ids to mark. */
type Outcome = { ok: true } | { ok: false; campaign: Campaign; lines: (lang: Lang) => string[]; cohorts: string[] };

function refusedOutcome(campaign: Campaign, details: unknown): Outcome {
  const d = details as { checks?: ScheduleCheck[]; issues?: Array<{ path: string }> } | undefined;
  if (d?.checks) return { ok: false, campaign, lines: (lang) => d.checks!.map((c) => scheduleCheckText(c, campaign, lang)), cohorts: d.checks.flatMap((c) => c.cohorts ?? []) };
  if (d?.issues) {
    const cohorts = d.issues.map((i) => campaign.cohorts[Number(/^cohorts\.(\d+)\./.exec(i.path)?.[1])]?.id).filter((id): id is string => !!id);
    return { ok: false, campaign, lines: (lang) => [...new Set(d.issues!.map((i) => scheduleIssueText(i.path, campaign, lang)))], cohorts };
  }
  return { ok: false, campaign, lines: (lang) => [REASON_TEXT.INVALID_INPUT[lang]], cohorts: [] };
}

export function SchedulePanel(props: { lang: Lang; onSessionEnded: () => void }) {
  const { lang } = props;
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [message, setMessage] = useState<Outcome | null>(null);
  useEffect(() => {
    api.operator.campaigns.query().then((c) => setCampaigns(c as Campaign[]), () => undefined);
  }, []);

  const edit = (ci: number, ki: number, field: TimeField, value: string) =>
    setCampaigns((all) => all.map((c, i) => (i !== ci ? c : { ...c, cohorts: c.cohorts.map((k, j) => (j !== ki ? k : { ...k, [field]: fromSeoulLocalInput(value) })) })));

  const save = async (campaign: Campaign) => {
    try {
      await api.operator.putCampaign.mutate(campaign);
      setMessage({ ok: true });
    } catch (err) {
      const failure = failureOf(err);
      if (failure.kind === 'session') return props.onSessionEnded();
      if (failure.kind === 'invalid') return setMessage(refusedOutcome(campaign, failure.details));
      const reason = failure.reason;
      setMessage({ ok: false, campaign, lines: (l) => [reason ? REASON_TEXT[reason][l] : SESSION_TEXT.unreachable[l]], cohorts: [] });
    }
  };
  return (
    <section class="card">
      <h2>{T.scheduleTitle[lang]}</h2>
      {campaigns.map((c, ci) => (
        <form key={c.id} onSubmit={(e) => { e.preventDefault(); void save(c); }}>
          <h3>{lang === 'ko' ? c.name : c.nameEn}</h3>
          <table>
            <tbody>
              {c.cohorts.map((k, ki) => (
                <tr key={k.id}>
                  <th scope="row">{lang === 'ko' ? k.label : k.labelEn}</th>
                  {(['prequeueFrom', 'opensAt', 'closesAt'] as const).map((field) => (
                    <td key={field}>
                      <label>{T[field][lang]}
                        <input type="datetime-local" value={toSeoulLocalInput(k[field])} data-cohort={k.id} data-field={field}
                          aria-invalid={message && !message.ok && message.campaign.id === c.id && message.cohorts.includes(k.id) ? 'true' : 'false'}
                          aria-describedby={message && !message.ok && message.campaign.id === c.id ? `schedule-problems-${c.id}` : undefined}
                          onInput={(e) => edit(ci, ki, field, (e.currentTarget as HTMLInputElement).value)} />
                      </label>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {message && !message.ok && message.campaign.id === c.id && (
            <div role="alert" class="error" id={`schedule-problems-${c.id}`}>
              <p>{T.notSaved[lang]}</p>
              <ul>{message.lines(lang).map((l) => <li key={l}>{l}</li>)}</ul>
            </div>
          )}
          <button class="primary" type="submit">{T.save[lang]}</button>
        </form>
      ))}
      {message?.ok && <p role="status">{T.saved[lang]}</p>}
    </section>
  );
}
