/** booking.submit, booking.lookup (by code, or by person) and booking.cancel over the booking service; lookups and cancels go by POST (no birth date in a URL or a log) and are limited per address and per code. */
import { z } from 'zod';
import { bookingFindInput, bookingLookupInput, bookingSubmitInput } from '../../shared/inputs';
import { Refusal } from '../refusal';
import { middleware, publicProcedure, router } from '../trpc/init';

/** A code plus a birth date is a weak secret: limit how fast one address guesses codes, and how often one code is tried from anywhere. */
const limitLookups = middleware(({ ctx, next }) => {
  if (!ctx.app.lookupLimiter.take(ctx.ip, ctx.app.now())) throw new Refusal('RATE_LIMITED', { retryAfterSeconds: 60 });
  return next();
});
const limitPerCode = middleware(({ ctx, next, input }) => {
  // By person, the person is the secret's owner: the same 10 an hour as one code.
  const x = input as { code: string } | z.output<typeof bookingFindInput>;
  const key = 'code' in x ? x.code : `${x.campaignId}|${x.person.name}|${x.person.birthDate}|${x.person.phone}`;
  if (!ctx.app.codeLimiter.take(key, ctx.app.now())) throw new Refusal('RATE_LIMITED', { retryAfterSeconds: 600 });
  return next();
});

export const bookingRouter = router({
  submit: publicProcedure.input(bookingSubmitInput).mutation(({ ctx, input }) => ctx.app.booking.submit(input, ctx.app.now())),
  /** By code and birth date; or (a booking made on another device) by campaign and person, with the credential on a verified campaign. */
  lookup: publicProcedure.use(limitLookups).input(z.union([bookingLookupInput, bookingFindInput])).use(limitPerCode)
    .mutation(({ ctx, input }) => {
      ctx.headers.set('cache-control', 'private, no-store');
      return 'code' in input ? ctx.app.booking.lookup(input.code, input.birthDate) : ctx.app.booking.find(input.campaignId, input.person, input.credential, ctx.app.now());
    }),
  cancel: publicProcedure.use(limitLookups).input(bookingLookupInput).use(limitPerCode)
    .mutation(({ ctx, input }) => ctx.app.booking.cancel(input.code, input.birthDate, ctx.app.now())),
});
