/** schedule.get: the server's clock and every campaign with its cohorts, the one definition the app displays. */
import { toSeoulIso } from '../../shared/time';
import { publicProcedure, router } from '../trpc/init';

export const scheduleRouter = router({
  get: publicProcedure.query(({ ctx }) => ({
    serverTime: toSeoulIso(ctx.app.now()),
    campaigns: ctx.app.schedule.all(),
  })),
});
