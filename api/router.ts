/** The whole API: its type, AppRouter, is the contract web/ imports (types only). */
import { alertsRouter } from './routers/alerts';
import { bookingRouter } from './routers/booking';
import { catalogRouter } from './routers/catalog';
import { clinicRouter } from './routers/clinic';
import { operatorRouter } from './routers/operator';
import { identityRouter } from './routers/identity';
import { queueRouter } from './routers/queue';
import { scheduleRouter } from './routers/schedule';
import { router } from './trpc/init';

export const appRouter = router({
  schedule: scheduleRouter,
  catalog: catalogRouter,
  identity: identityRouter,
  queue: queueRouter,
  booking: bookingRouter,
  alerts: alertsRouter,
  clinic: clinicRouter,
  operator: operatorRouter,
});

export type AppRouter = typeof appRouter;
