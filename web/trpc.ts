/** The app's tRPC client: plain JSON over /trpc, typed by the API's router (a type-only import). */
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../api/router';

export const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: '/trpc' })] });
