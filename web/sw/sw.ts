/**
 * The citizen app's service worker: wiring only. The app shell is precached (Workbox fills
 * __WB_MANIFEST at build time); navigations are answered from it offline, except the API and
 * the staff pages; the last schedule is kept for offline use. A new version waits until the page
 * asks it to take over (the page's update prompt).
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), {
  denylist: [/^\/trpc/, /^\/clinic\//, /^\/operator\//, /^\/metrics/, /^\/healthz/],
}));

// The schedule from the network when there is one, else the last one seen: opening times work offline.
registerRoute(({ url }) => url.pathname === '/trpc/schedule.get', new NetworkFirst({ cacheName: 'schedule', networkTimeoutSeconds: 4 }));

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
