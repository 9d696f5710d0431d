/** The citizen app's screens, addressed by the URL's hash so a reload (or an offline start) comes back to the same one. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { screen: 'home' }
  | { screen: 'plan'; personId: string }
  | { screen: 'journey'; personId: string; campaignId: string }
  | { screen: 'lookup' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'plan' && parts[1]) return { screen: 'plan', personId: parts[1] };
  if (parts[0] === 'go' && parts[1] && parts[2]) return { screen: 'journey', personId: parts[1], campaignId: parts[2] };
  if (parts[0] === 'lookup') return { screen: 'lookup' };
  return { screen: 'home' };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => {
      setRoute(parseRoute(location.hash));
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
