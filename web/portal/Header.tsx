/** The portal's top bar: title, language switch, sign-out. */
import type { Lang } from '../../shared/messages';
import { PORTAL_TEXT as T } from '../../shared/portalMessages';

export function Header(props: { title: string; lang: Lang; setLang: (l: Lang) => void; onSignOut?: () => void }) {
  const { lang } = props;
  return (
    <header>
      <h1>{props.title}</h1>
      <button type="button" onClick={() => props.setLang(lang === 'ko' ? 'en' : 'ko')}>{T.language[lang]}</button>
      {props.onSignOut && <button type="button" onClick={props.onSignOut}>{T.signOut[lang]}</button>}
    </header>
  );
}
