/** alerts.subscribe: "text me when a place comes back", limited per address like lookups. */
import { alertSubscribeInput } from '../../shared/inputs';
import { Refusal } from '../refusal';
import { middleware, publicProcedure, router } from '../trpc/init';

const limitSignups = middleware(({ ctx, next }) => {
  if (!ctx.app.lookupLimiter.take(ctx.ip, ctx.app.now())) throw new Refusal('RATE_LIMITED', { retryAfterSeconds: 60 });
  return next();
});

export const alertsRouter = router({
  subscribe: publicProcedure.use(limitSignups).input(alertSubscribeInput)
    .mutation(({ ctx, input }) => ctx.app.alerts.subscribe(input.campaignId, input.person, input.credential, ctx.app.now())),
});
