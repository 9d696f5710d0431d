/** The app's tRPC client: plain JSON over /trpc, typed by the API's router (a type-only import). */
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../api/router';

/** A request that hangs (a stalled network switch, a proxy holding it) fails after this long, so the driver retries instead of waiting forever. */
const TIMEOUT_MS = 15_000;

export const api = createTRPCClient<AppRouter>({
  links: [httpLink({ url: '/trpc', fetch: (url, init) => fetch(url, { ...(init as RequestInit), signal: AbortSignal.timeout(TIMEOUT_MS) }) })],
});
