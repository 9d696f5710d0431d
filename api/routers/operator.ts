/** The operator console's procedures: sign-in and one's own password, the live dashboard, the admission rate and pause, campaigns and cohorts. */
import { z } from 'zod';
import { changePasswordInput, loginInput } from '../../shared/accounts';
import { campaignSchema } from '../../shared/operator';
import type { Campaign } from '../../shared/schedule';
import { MAX_ADMIT_RATE } from '../queue/room';
import { Refusal } from '../refusal';
import { middleware, publicProcedure, router } from '../trpc/init';

export const OPERATOR_COOKIE = 'yeyak_operator';

const asOperator = middleware(({ ctx, next }) => {
  if (!ctx.app.operator.scopeOf(ctx.cookies[OPERATOR_COOKIE], ctx.app.now())) {
    throw new Refusal('FORBIDDEN', { problem: 'sign in first' }, 'Sign in first.', 'UNAUTHORIZED');
  }
  return next();
});
const operatorProcedure = publicProcedure.use(asOperator);

export const operatorRouter = router({
  login: publicProcedure
    .input(loginInput)
    .mutation(async ({ ctx, input }) => {
      const session = await ctx.app.operator.login(input.username, input.password, ctx.ip, ctx.app.now());
      ctx.setCookie(OPERATOR_COOKIE, session.token, Math.floor((session.expiresAt - ctx.app.now()) / 1000));
      return { ok: true };
    }),
  changePassword: publicProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    await ctx.app.operator.changePassword(ctx.cookies[OPERATOR_COOKIE], input.currentPassword, input.newPassword, ctx.ip, ctx.app.now());
    return { ok: true };
  }),
  logout: publicProcedure.mutation(({ ctx }) => {
    ctx.app.operator.logout(ctx.cookies[OPERATOR_COOKIE]);
    ctx.setCookie(OPERATOR_COOKIE, '', 0);
    return { ok: true };
  }),
  dashboard: operatorProcedure.query(({ ctx }) => {
    ctx.headers.set('cache-control', 'no-store');
    return ctx.app.operator.dashboard(ctx.app.now());
  }),
  setAdmitRate: operatorProcedure.input(z.object({ perSecond: z.number().min(0).max(MAX_ADMIT_RATE) }))
    .mutation(({ ctx, input }) => {
      ctx.app.operator.setAdmitRate(input.perSecond);
      return { perSecond: input.perSecond };
    }),
  campaigns: operatorProcedure.query(({ ctx }) => ctx.app.schedule.all()),
  putCampaign: operatorProcedure.input(campaignSchema).mutation(({ ctx, input }) => {
    const checks = ctx.app.operator.putCampaign(input as Campaign);
    // `problems` (English sentences) as before; `checks` the same by code, for a page to say in its language.
    if (checks.length > 0) throw new Refusal('INVALID_INPUT', { problems: checks.map((c) => c.message), checks });
    return ctx.app.schedule.get(input.id)!;
  }),
});
