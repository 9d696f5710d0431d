/** A signed-in user's own password change, for clinic staff and operators: current, new twice, the outcome said in the page's language. */
import { useState } from 'preact/hooks';
import { TRPCClientError } from '@trpc/client';
import { MIN_PASSWORD_LENGTH } from '../../shared/accounts';
import type { Lang } from '../../shared/messages';
import { PORTAL_TEXT as T } from '../../shared/portalMessages';

type Outcome = 'passwordChanged' | 'wrongCurrent' | 'passwordTooShort' | 'passwordsDiffer' | 'slowDown';

export function PasswordForm(props: { lang: Lang; change: (currentPassword: string, newPassword: string) => Promise<unknown> }) {
  const { lang } = props;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const [current, next, again] = ['current', 'next', 'again'].map((k) => String(data.get(k)));
    // Said here, before a round trip; the server checks the length again.
    if (next!.length < MIN_PASSWORD_LENGTH) return setOutcome('passwordTooShort');
    if (next !== again) return setOutcome('passwordsDiffer');
    try {
      await props.change(current!, next!);
      form.reset();
      setOutcome('passwordChanged');
    } catch (err) {
      const reason = err instanceof TRPCClientError ? err.data?.reason : null;
      setOutcome(reason === 'RATE_LIMITED' ? 'slowDown' : reason === 'INVALID_INPUT' ? 'passwordTooShort' : 'wrongCurrent');
    }
  };
  return (
    <details class="card password">
      <summary>{T.changePassword[lang]}</summary>
      <form class="login" onSubmit={submit}>
        <label>{T.currentPassword[lang]}<input name="current" type="password" autoComplete="current-password" required /></label>
        <label>{T.newPassword[lang]}<input name="next" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required /></label>
        <label>{T.repeatPassword[lang]}<input name="again" type="password" autoComplete="new-password" required /></label>
        {outcome === 'passwordChanged' && <p role="status">{T.passwordChanged[lang]}</p>}
        {outcome && outcome !== 'passwordChanged' && <p class="error" role="alert">{T[outcome][lang]}</p>}
        <button class="primary" type="submit">{T.change[lang]}</button>
      </form>
    </details>
  );
}
