/** zod schemas for the input of every public procedure: the server validates with these, the app pre-checks with them. */
import { z } from 'zod';
import { TIME_BANDS } from './bands';
import { normalizeCode } from './code';
import { birthDateSchema, calendarDateSchema, personSchema } from './person';

const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, _ and -');

export const campaignInput = z.object({ campaignId: idSchema });

export const proofSchema = z.object({
  challenge: z.string().min(1).max(200),
  nonce: z.string().min(1).max(32),
});

/** A signed identity credential (identity.confirm): optional in the schema so that a missing one is refused as IDENTITY_REQUIRED, not as bad input. */
export const credentialSchema = z.string().max(512);

/** `proof` is needed only when the server asks for work (queue.challenge says how much); `credential` on a verified campaign. */
export const queueJoinInput = z.object({ campaignId: idSchema, person: personSchema, proof: proofSchema.optional(), credential: credentialSchema.optional() });

export const identityStartInput = z.object({ campaignId: idSchema, person: personSchema });

/** A challenge id is 16 random bytes in base64url; a code is exactly six digits. */
export const identityConfirmInput = z.object({
  challengeId: z.string().min(16).max(64).regex(/^[A-Za-z0-9_-]+$/, 'a challenge id'),
  code: z.string().regex(/^\d{6}$/, 'the code is 6 digits'),
});

export const ticketInput = z.object({ ticketId: z.string().min(16).max(64).regex(/^[A-Za-z0-9_-]+$/, 'a ticket id') });

export const catalogClinicsInput = z
  .object({ since: z.number().int().min(0).optional() })
  .optional();

/** catalog.bandAvailability: a campaign and the (up to three) clinics a person chose. */
/** catalog.freeTimes: one clinic's free first-dose start times on one day. */
export const freeTimesInput = z.object({ campaignId: idSchema, clinicId: idSchema, date: calendarDateSchema });

export const bandAvailabilityInput = z.object({
  campaignId: idSchema,
  clinicIds: z.array(idSchema).min(1).max(3),
});

export const preferenceSchema = z.object({
  clinicId: idSchema,
  /** Preferred days for the first dose; none = any day. */
  dates: z.array(calendarDateSchema).max(31).optional(),
  /** Preferred times of day for the first dose, most wanted first; none = any time (the earliest). Added in issue 19; optional, so older apps send what they did. */
  bands: z
    .array(z.enum(TIME_BANDS))
    .min(1)
    .max(TIME_BANDS.length)
    .refine((b) => new Set(b).size === b.length, 'each band once')
    .optional(),
  /** Exact first-dose start times (HH:MM, Seoul), most wanted first, tried before any band; with no bands, only these times. Added in issue 19. */
  times: z
    .array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM'))
    .min(1)
    .max(8)
    .refine((t) => new Set(t).size === t.length, 'each time once')
    .optional(),
});

export const bookingSubmitInput = z.object({
  /** Optional in the schema so that a missing token is refused as ADMISSION_REQUIRED, not as bad input. */
  admissionToken: z.string().max(1024).optional(),
  /** Optional: the campaign comes from the token; when given, a token for another campaign is refused. */
  campaignId: idSchema.optional(),
  /** On a verified campaign: the person's credential from identity.confirm. */
  credential: credentialSchema.optional(),
  idempotencyKey: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -'),
  person: personSchema,
  preferences: z
    .array(preferenceSchema)
    .min(1)
    .max(3)
    .refine((p) => new Set(p.map((x) => x.clinicId)).size === p.length, 'each clinic once'),
});

export const bookingCodeSchema = z.string().max(20).transform((s, ctx) => {
  const code = normalizeCode(s);
  if (!code) {
    ctx.addIssue({ code: 'custom', message: 'a booking code is 8 letters and digits, like ABCD-2345' });
    return z.NEVER;
  }
  return code;
});

export const bookingLookupInput = z.object({ code: bookingCodeSchema, birthDate: birthDateSchema });

/**
 * booking.lookup by the person instead of the code (a booking made on another device): the campaign,
 * the person as booked, and on a verified campaign their credential (a phone check: knowing someone's
 * name, birth date and number is not enough to read their booking).
 */
export const bookingFindInput = z.object({ campaignId: idSchema, person: personSchema, credential: credentialSchema.optional() });

/** alerts.subscribe: text this person when places of a fully booked campaign come back. */
export const alertSubscribeInput = z.object({ campaignId: idSchema, person: personSchema, credential: credentialSchema.optional() });

export type BookingSubmitInput = z.output<typeof bookingSubmitInput>;
export type Preference = z.output<typeof preferenceSchema>;
