/** identity.start (a code to the person's phone, through the outbox) and identity.confirm (the code for a credential); limited per address, and per phone inside the check. */
import { identityConfirmInput, identityStartInput } from '../../shared/inputs';
import { Refusal } from '../refusal';
import { middleware, publicProcedure, router } from '../trpc/init';

const limitChecks = middleware(({ ctx, next }) => {
  if (!ctx.app.identityLimiter.take(ctx.ip, ctx.app.now())) throw new Refusal('RATE_LIMITED', { retryAfterSeconds: 60 });
  return next();
});

export const identityRouter = router({
  start: publicProcedure.use(limitChecks).input(identityStartInput)
    .mutation(({ ctx, input }) => ctx.app.identity.start(input.campaignId, input.person, ctx.app.now())),
  confirm: publicProcedure.use(limitChecks).input(identityConfirmInput)
    .mutation(({ ctx, input }) => ctx.app.identity.confirm(input.challengeId, input.code, ctx.app.now())),
});
