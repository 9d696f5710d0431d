/** The plan's times of day (오전/오후/저녁) and exact times, most wanted first: sent with every preferred clinic; none chosen books the earliest time. */
import { TIME_BANDS, type TimeBand } from '../shared/bands';
import { PLAN_TEXT, TIME_TEXT as T, type Lang } from '../shared/messages';
import type { Plan } from './store/db';
import { move } from './store/plans';

export function PlanTimes(props: { plan: Plan; save: (next: Plan) => void; lang: Lang }) {
  const { plan, save, lang } = props;
  const bands = plan.bands ?? [];
  const put = (next: TimeBand[]) => save({ ...plan, bands: next });
  return (
    <div class="card" role="group" aria-labelledby="times-title">
      <h3 id="times-title">{T.title[lang]}</h3>
      <p>{T.hint[lang]}</p>
      <h4>{T.chosen[lang]}</h4>
      {bands.length === 0 && <p>{T.anyTime[lang]}</p>}
      <ol class="choices bands">
        {bands.map((b, i) => (
          <li key={b}>
            <strong>{T[b][lang]}</strong>
            <span class="row">
              <button type="button" disabled={i === 0} onClick={() => put(move(bands, i, -1) as TimeBand[])}>{PLAN_TEXT.up[lang]}<span class="visually-hidden"> {T[b][lang]}</span></button>
              <button type="button" onClick={() => put(bands.filter((x) => x !== b))}>{PLAN_TEXT.remove[lang]}<span class="visually-hidden"> {T[b][lang]}</span></button>
            </span>
          </li>
        ))}
      </ol>
      {(plan.times?.length ?? 0) > 0 && (
        <>
          <h4>{T.exactTimes[lang]}</h4>
          <ol class="choices times">
            {plan.times!.map((t) => (
              <li key={t}>
                <strong>{t}</strong>
                <button type="button" onClick={() => save({ ...plan, times: plan.times!.filter((x) => x !== t) })}>{PLAN_TEXT.remove[lang]}<span class="visually-hidden"> {t}</span></button>
              </li>
            ))}
          </ol>
          {bands.length === 0 && <p><small>{T.onlyTimes[lang]}</small></p>}
        </>
      )}
      <p class="row">
        {TIME_BANDS.filter((b) => !bands.includes(b)).map((b) => (
          <button key={b} type="button" onClick={() => put([...bands, b])}>{T.add[lang]}: {T[b][lang]}</button>
        ))}
      </p>
    </div>
  );
}
