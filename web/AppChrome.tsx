/** The app's install button and update prompt; the prompt never reloads over unsaved input. */
import { useEffect, useState } from 'preact/hooks';
import { APP_TEXT as T, type Lang } from '../shared/messages';
import type { SwBridge } from './sw-bridge';

export function AppChrome(props: { bridge: SwBridge; lang: Lang }) {
  const { lang } = props;
  const [apply, setApply] = useState<(() => boolean) | null>(null);
  const [install, setInstall] = useState<(() => Promise<void>) | null>(null);
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    props.bridge.onUpdate((fn) => setApply(() => fn));
    props.bridge.onInstallable((fn) => setInstall(() => fn));
  }, [props.bridge]);
  return (
    <>
      {install && <button type="button" onClick={() => void install().then(() => setInstall(null))}>{T.install[lang]}</button>}
      {apply && (
        <div class="update" role="status">
          <span>{blocked ? T.updateAfterInput[lang] : T.updateReady[lang]}</span>
          <button type="button" onClick={() => setBlocked(!apply())}>{T.updateNow[lang]}</button>
          <button type="button" onClick={() => setApply(null)}>{T.updateLater[lang]}</button>
        </div>
      )}
    </>
  );
}
