/** Campaigns and their cohorts with editable times (Seoul), saved through operator.putCampaign; refusals list what to fix. */
import { useEffect, useState } from 'preact/hooks';
import { TRPCClientError } from '@trpc/client';
import { CONSOLE_TEXT as T, type Lang } from '../../shared/messages';
import type { Campaign } from '../../shared/schedule';
import { fromSeoulLocalInput, toSeoulLocalInput } from '../../shared/seoulInput';
import { api } from '../trpc';

type TimeField = 'prequeueFrom' | 'opensAt' | 'closesAt';

export function SchedulePanel(props: { lang: Lang }) {
  const { lang } = props;
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; lines: string[] } | null>(null);
  useEffect(() => {
    api.operator.campaigns.query().then((c) => setCampaigns(c as Campaign[]), () => undefined);
  }, []);

  const edit = (ci: number, ki: number, field: TimeField, value: string) =>
    setCampaigns((all) => all.map((c, i) => (i !== ci ? c : { ...c, cohorts: c.cohorts.map((k, j) => (j !== ki ? k : { ...k, [field]: fromSeoulLocalInput(value) })) })));

  const save = async (campaign: Campaign) => {
    try {
      await api.operator.putCampaign.mutate(campaign);
      setMessage({ ok: true, lines: [T.saved[lang]] });
    } catch (err) {
      const problems = err instanceof TRPCClientError ? (err.data?.details?.problems as string[] | undefined) : undefined;
      setMessage({ ok: false, lines: problems ?? [String(err)] });
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
                          onInput={(e) => edit(ci, ki, field, (e.currentTarget as HTMLInputElement).value)} />
                      </label>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <button class="primary" type="submit">{T.save[lang]}</button>
        </form>
      ))}
      {message && (
        <div role={message.ok ? 'status' : 'alert'} class={message.ok ? '' : 'error'}>
          {!message.ok && <p>{T.notSaved[lang]}</p>}
          <ul>{message.lines.map((l) => <li key={l}>{l}</li>)}</ul>
        </div>
      )}
    </section>
  );
}
