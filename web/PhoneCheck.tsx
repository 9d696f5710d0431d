/** One person's phone check for one verified campaign, done during prefill: a code to the phone, typed back, and the credential kept on the device with the person. */
import { useState } from 'preact/hooks';
import { fill, reasonText, VERIFY_TEXT as T, type Lang } from '../shared/messages';
import type { Campaign } from '../shared/schedule';
import { refusalOf } from './journey/refused';
import type { StoredPerson } from './store/db';
import { saveCredential } from './store/people';
import { api } from './trpc';

export function PhoneCheck(props: { person: StoredPerson; campaign: Campaign; now: number; lang: Lang; changed: () => void }) {
  const { person, campaign, lang } = props;
  const [challenge, setChallenge] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const held = person.credentials?.[campaign.id];
  if (held && Date.parse(held.expiresAt) > props.now) return <p class="verified">✓ {T.verified[lang]}</p>;

  const tell = (err: unknown) => {
    const refused = refusalOf(err);
    setProblem(refused ? reasonText(refused.reason, lang) : T.offline[lang]);
  };
  const who = { name: person.name, birthDate: person.birthDate, phone: person.phone };
  const send = async () => {
    setBusy(true);
    setProblem(null);
    try {
      setChallenge((await api.identity.start.mutate({ campaignId: campaign.id, person: who })).challengeId);
    } catch (err) {
      tell(err);
    } finally {
      setBusy(false);
    }
  };
  const confirm = async (e: Event) => {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget as HTMLFormElement).get('code')).trim();
    if (!/^\d{6}$/.test(code)) return setProblem(T.badCode[lang]);
    setBusy(true);
    setProblem(null);
    try {
      const answer = await api.identity.confirm.mutate({ challengeId: challenge!, code });
      await saveCredential(person.id, campaign.id, answer);
      setChallenge(null);
      props.changed();
    } catch (err) {
      tell(err);
    } finally {
      setBusy(false);
    }
  };
  const codeId = `code-${person.id}-${campaign.id}`;
  return (
    <div class="phone-check">
      <p><strong>{T.notVerified[lang]}</strong> · {T.why[lang]}</p>
      {challenge === null
        ? <button type="button" disabled={busy} onClick={() => void send()}>{T.sendCode[lang]} <span class="visually-hidden">{person.name}</span></button>
        : (
          <form onSubmit={(e) => void confirm(e)} noValidate>
            <p role="status">{fill(T.sent[lang], { phone: person.phone })}</p>
            <label for={codeId}>{T.code[lang]} <span class="visually-hidden">{person.name}</span></label>
            <input id={codeId} name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} pattern="[0-9]{6}" required />
            <button class="primary" type="submit" disabled={busy}>{T.confirm[lang]} <span class="visually-hidden">{person.name}</span></button>
          </form>
        )}
      {problem && <p role="alert" class="field-error">{problem}</p>}
    </div>
  );
}
