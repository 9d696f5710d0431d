/** Sign-in for clinic staff and operators: labelled fields, the refusal said in the page's language. */
import { useState } from 'preact/hooks';
import { TRPCClientError } from '@trpc/client';
import type { Lang } from '../../shared/messages';
import { PORTAL_TEXT as T } from '../../shared/portalMessages';

export function LoginForm(props: { lang: Lang; signIn: (username: string, password: string) => Promise<unknown>; onDone: () => void }) {
  const { lang } = props;
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    try {
      await props.signIn(String(form.get('username')), String(form.get('password')));
      props.onDone();
    } catch (err) {
      const reason = err instanceof TRPCClientError ? err.data?.reason : null;
      setError(reason === 'RATE_LIMITED' ? T.slowDown[lang] : T.wrongLogin[lang]);
    }
  };
  return (
    <form class="login" onSubmit={submit}>
      <label>{T.username[lang]}<input name="username" autoComplete="username" required /></label>
      <label>{T.password[lang]}<input name="password" type="password" autoComplete="current-password" required /></label>
      {error && <p class="error" role="alert">{error}</p>}
      <button class="primary" type="submit">{T.signIn[lang]}</button>
    </form>
  );
}
