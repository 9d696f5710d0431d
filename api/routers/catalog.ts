/** catalog.clinics (delta sync by version), catalog.availability (free places per clinic, day and dose) catalog.bandAvailability (first-dose places per chosen clinic, day and time of day) and catalog.freeTimes (one clinic's free start times on a day). */
import { bandAvailabilityInput, campaignInput, catalogClinicsInput, freeTimesInput } from '../../shared/inputs';
import { Refusal } from '../refusal';
import { publicProcedure, router } from '../trpc/init';

export const catalogRouter = router({
  clinics: publicProcedure.input(catalogClinicsInput).query(({ ctx, input }) => ctx.app.catalog.clinics(input?.since)),
  availability: publicProcedure.input(campaignInput).query(({ ctx, input }) => {
    if (!ctx.app.schedule.get(input.campaignId)) throw new Refusal('NOT_FOUND', { campaignId: input.campaignId });
    ctx.headers.set('cache-control', 'public, max-age=1');
    return ctx.app.catalog.availability(input.campaignId, ctx.app.now());
  }),
  bandAvailability: publicProcedure.input(bandAvailabilityInput).query(({ ctx, input }) => {
    if (!ctx.app.schedule.get(input.campaignId)) throw new Refusal('NOT_FOUND', { campaignId: input.campaignId });
    ctx.headers.set('cache-control', 'public, max-age=5');
    return ctx.app.catalog.bandAvailability(input.campaignId, input.clinicIds, ctx.app.now());
  }),
  freeTimes: publicProcedure.input(freeTimesInput).query(({ ctx, input }) => {
    if (!ctx.app.schedule.get(input.campaignId)) throw new Refusal('NOT_FOUND', { campaignId: input.campaignId });
    ctx.headers.set('cache-control', 'public, max-age=5');
    return ctx.app.catalog.freeTimes(input.campaignId, input.clinicId, input.date, ctx.app.now());
  }),
});
