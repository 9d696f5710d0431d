/** catalog.clinics (delta sync by version) and catalog.availability (free places per clinic, day and dose). */
import { campaignInput, catalogClinicsInput } from '../../shared/inputs';
import { Refusal } from '../refusal';
import { publicProcedure, router } from '../trpc/init';

export const catalogRouter = router({
  clinics: publicProcedure.input(catalogClinicsInput).query(({ ctx, input }) => ctx.app.catalog.clinics(input?.since)),
  availability: publicProcedure.input(campaignInput).query(({ ctx, input }) => {
    if (!ctx.app.schedule.get(input.campaignId)) throw new Refusal('NOT_FOUND', { campaignId: input.campaignId });
    ctx.headers.set('cache-control', 'public, max-age=1');
    return ctx.app.catalog.availability(input.campaignId, ctx.app.now());
  }),
});
