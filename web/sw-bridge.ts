/**
 * The page's side of the service worker (registered with workbox-window): it reports when a new
 * version is waiting, and switches to it only when the user says so and no input would be lost;
 * it offers installation where the browser allows, and asks for persistent storage.
 */
import { Workbox } from 'workbox-window';

export interface SwBridge {
  /** Called with `apply` when a new version waits; `apply` reloads into it unless `hasUnsavedInput()`. */
  onUpdate(listener: (apply: () => boolean) => void): void;
  /** Called with `install` when the browser offers installation. */
  onInstallable(listener: (install: () => Promise<void>) => void): void;
}

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
}

export function startServiceWorker(hasUnsavedInput: () => boolean): SwBridge {
  const updateListeners: Array<(apply: () => boolean) => void> = [];
  const installListeners: Array<(install: () => Promise<void>) => void> = [];
  if ('serviceWorker' in navigator) {
    const wb = new Workbox('/sw.js');
    wb.addEventListener('waiting', () => {
      const apply = () => {
        if (hasUnsavedInput()) return false;
        wb.addEventListener('controlling', () => window.location.reload());
        wb.messageSkipWaiting();
        return true;
      };
      for (const l of updateListeners) l(apply);
    });
    void wb.register();
  }
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    const install = () => (event as BeforeInstallPromptEvent).prompt();
    for (const l of installListeners) l(install);
  });
  // Prefilled people and bookings live on the device: ask that the browser not evict them.
  void navigator.storage?.persist?.();
  return {
    onUpdate: (l) => updateListeners.push(l),
    onInstallable: (l) => installListeners.push(l),
  };
}
