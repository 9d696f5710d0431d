/** queue.join, queue.head (shared and cacheable), queue.status and queue.admit over the waiting room. */
import { campaignInput, queueJoinInput, ticketInput } from '../../shared/inputs';
import { toSeoulIso } from '../../shared/time';
import { Refusal } from '../refusal';
import { middleware, publicProcedure, router } from '../trpc/init';

const limitJoins = middleware(({ ctx, next }) => {
  if (!ctx.app.joinLimiter.take(ctx.ip, ctx.app.now())) throw new Refusal('RATE_LIMITED', { retryAfterSeconds: 10 });
  return next();
});

export const queueRouter = router({
  /** What proof of work a join must carry now (bits 0: none). */
  challenge: publicProcedure.input(campaignInput).query(({ ctx, input }) => {
    ctx.headers.set('cache-control', 'no-store');
    const c = ctx.app.queue.challenge(input.campaignId, ctx.app.now());
    return { challenge: c.challenge, bits: c.bits, expiresAt: toSeoulIso(c.expiresAt) };
  }),
  join: publicProcedure.use(limitJoins).input(queueJoinInput)
    .mutation(({ ctx, input }) => ctx.app.queue.join(input.campaignId, input.person, ctx.app.now(), input.proof, input.credential)),
  head: publicProcedure.input(campaignInput).query(({ ctx, input }) => {
    // The same for everyone within a tick: let any cache or CDN answer it for a second.
    ctx.headers.set('cache-control', 'public, max-age=1, stale-while-revalidate=1');
    return ctx.app.queue.head(input.campaignId, ctx.app.now());
  }),
  status: publicProcedure.input(ticketInput).query(({ ctx, input }) => {
    ctx.headers.set('cache-control', 'no-store');
    return ctx.app.queue.status(input.ticketId, ctx.app.now());
  }),
  admit: publicProcedure.input(ticketInput).mutation(({ ctx, input }) => ctx.app.queue.admit(input.ticketId, ctx.app.now())),
});
