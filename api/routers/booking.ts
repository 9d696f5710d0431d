/** booking.submit, booking.lookup and booking.cancel over the booking service; lookups are rate-limited per address. */
import { bookingLookupInput, bookingSubmitInput } from '../../shared/inputs';
import { Refusal } from '../refusal';
import { middleware, publicProcedure, router } from '../trpc/init';

/** A code plus a birth date is a weak secret: limit how fast one address may guess. */
const limitLookups = middleware(({ ctx, next }) => {
  if (!ctx.app.lookupLimiter.take(ctx.ip, ctx.app.now())) throw new Refusal('RATE_LIMITED', { retryAfterSeconds: 60 });
  return next();
});

export const bookingRouter = router({
  submit: publicProcedure.input(bookingSubmitInput).mutation(({ ctx, input }) => ctx.app.booking.submit(input, ctx.app.now())),
  lookup: publicProcedure.use(limitLookups).input(bookingLookupInput)
    .query(({ ctx, input }) => {
      ctx.headers.set('cache-control', 'private, no-store');
      return ctx.app.booking.lookup(input.code, input.birthDate);
    }),
  cancel: publicProcedure.use(limitLookups).input(bookingLookupInput)
    .mutation(({ ctx, input }) => ctx.app.booking.cancel(input.code, input.birthDate, ctx.app.now())),
});
