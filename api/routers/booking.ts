/** booking.submit, booking.lookup and booking.cancel over the booking service; lookups and cancels go by POST (no birth date in a URL or a log) and are limited per address and per code. */
import { bookingLookupInput, bookingSubmitInput } from '../../shared/inputs';
import { Refusal } from '../refusal';
import { middleware, publicProcedure, router } from '../trpc/init';

/** A code plus a birth date is a weak secret: limit how fast one address guesses codes, and how often one code is tried from anywhere. */
const limitLookups = middleware(({ ctx, next }) => {
  if (!ctx.app.lookupLimiter.take(ctx.ip, ctx.app.now())) throw new Refusal('RATE_LIMITED', { retryAfterSeconds: 60 });
  return next();
});
const limitPerCode = middleware(({ ctx, next, input }) => {
  const code = (input as { code: string }).code;
  if (!ctx.app.codeLimiter.take(code, ctx.app.now())) throw new Refusal('RATE_LIMITED', { retryAfterSeconds: 600 });
  return next();
});

export const bookingRouter = router({
  submit: publicProcedure.input(bookingSubmitInput).mutation(({ ctx, input }) => ctx.app.booking.submit(input, ctx.app.now())),
  lookup: publicProcedure.use(limitLookups).input(bookingLookupInput).use(limitPerCode)
    .mutation(({ ctx, input }) => {
      ctx.headers.set('cache-control', 'private, no-store');
      return ctx.app.booking.lookup(input.code, input.birthDate);
    }),
  cancel: publicProcedure.use(limitLookups).input(bookingLookupInput).use(limitPerCode)
    .mutation(({ ctx, input }) => ctx.app.booking.cancel(input.code, input.birthDate, ctx.app.now())),
});
