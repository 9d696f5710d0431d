/** clinic.login / logout / me / day / changePassword: every read is scoped to the session's clinic; nothing in the input can name another. */
import { z } from 'zod';
import { calendarDateSchema } from '../../shared/person';
import { changePasswordInput, loginInput } from '../../shared/accounts';
import { Refusal } from '../refusal';
import { middleware, publicProcedure, router } from '../trpc/init';

export const SESSION_COOKIE = 'yeyak_clinic';

const withClinic = middleware(({ ctx, next }) => {
  const clinicId = ctx.app.clinic.scopeOf(ctx.cookies[SESSION_COOKIE], ctx.app.now());
  if (!clinicId) throw new Refusal('FORBIDDEN', { problem: 'sign in first' }, 'Sign in first.', 'UNAUTHORIZED');
  return next({ ctx: { clinicId } });
});
const clinicProcedure = publicProcedure.use(withClinic);

export const clinicRouter = router({
  login: publicProcedure
    .input(loginInput)
    .mutation(async ({ ctx, input }) => {
      const session = await ctx.app.clinic.login(input.username, input.password, ctx.ip, ctx.app.now());
      ctx.setCookie(SESSION_COOKIE, session.token, Math.floor((session.expiresAt - ctx.app.now()) / 1000));
      return { clinicId: session.scope };
    }),
  changePassword: publicProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    await ctx.app.clinic.changePassword(ctx.cookies[SESSION_COOKIE], input.currentPassword, input.newPassword, ctx.ip, ctx.app.now());
    return { ok: true };
  }),
  logout: publicProcedure.mutation(({ ctx }) => {
    ctx.app.clinic.logout(ctx.cookies[SESSION_COOKIE]);
    ctx.setCookie(SESSION_COOKIE, '', 0);
    return { ok: true };
  }),
  me: clinicProcedure.query(({ ctx }) => ({ clinicId: ctx.clinicId })),
  day: clinicProcedure.input(z.object({ date: calendarDateSchema })).query(({ ctx, input }) => {
    ctx.headers.set('cache-control', 'private, no-store'); // names, phones and birth dates
    return ctx.app.clinic.day(ctx.clinicId, input.date);
  }),
});
