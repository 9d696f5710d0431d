/** The SQLite schema, in drizzle: campaigns, cohorts, clinics, slots with their capacity, bookings and their appointments, idempotency records. */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Small named counters, such as the catalog version. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: integer('value').notNull(),
});

export const campaigns = sqliteTable('campaigns', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  doses: integer('doses').notNull(),
  intervalDays: integer('interval_days').notNull(),
  /** 'verified': only people on the roster who proved their phone join or book; 'declared': whoever a request names (load tests). Campaigns older than the roster stay 'declared', as they behaved. */
  identity: text('identity', { enum: ['verified', 'declared'] }).notNull().default('declared'),
}, (t) => [
  check('campaign_doses', sql`${t.doses} IN (1, 2)`),
  check('campaign_interval', sql`${t.intervalDays} >= 0`),
  check('campaign_identity', sql`${t.identity} IN ('verified', 'declared')`),
]);

/** A campaign's eligibility roster: only keyed hashes of each person's identity (api/identity.ts), never names, birth dates or phones. */
export const roster = sqliteTable('roster', {
  campaignId: text('campaign_id').notNull().references(() => campaigns.id),
  personKey: text('person_key').notNull(),
}, (t) => [primaryKey({ columns: [t.campaignId, t.personKey] })]);

/**
 * Phone checks: one row per code sent. Only an HMAC of the code is kept; `tries` counts the
 * answers given (a sixth is refused whatever it says). phoneKey is a keyed hash of the number, for
 * the resend and family limits.
 */
export const identityChallenges = sqliteTable('identity_challenges', {
  id: text('id').primaryKey(),
  campaignId: text('campaign_id').notNull().references(() => campaigns.id),
  personKey: text('person_key').notNull(),
  phoneKey: text('phone_key').notNull(),
  codeHash: text('code_hash').notNull(),
  /** Until when the credential will be valid: the person's cohort's close. */
  validUntil: integer('valid_until').notNull(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  tries: integer('tries').notNull().default(0),
  confirmedAt: integer('confirmed_at'),
}, (t) => [index('identity_challenges_phone').on(t.phoneKey, t.createdAt)]);

/** The people each phone has verified (at most five: a family), whatever the campaign. */
export const phoneVerifications = sqliteTable('phone_verifications', {
  phoneKey: text('phone_key').notNull(),
  personKey: text('person_key').notNull(),
  verifiedAt: integer('verified_at').notNull(),
}, (t) => [primaryKey({ columns: [t.phoneKey, t.personKey] })]);

/**
 * Messages to people (codes now, reminders later), written in the transaction of the change that
 * causes them and delivered by a sender with retries (api/outbox/): never lost to a crash.
 */
export const outbox = sqliteTable('outbox', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind').notNull(),
  to: text('to').notNull(),
  text: text('text').notNull(),
  createdAt: integer('created_at').notNull(),
  attempts: integer('attempts').notNull().default(0),
  /** When to try next; a sender claims a row by moving it past its own try's deadline. */
  nextAt: integer('next_at').notNull(),
  sentAt: integer('sent_at'),
  failedAt: integer('failed_at'),
  lastError: text('last_error'),
}, (t) => [index('outbox_due').on(t.nextAt).where(sql`${t.sentAt} IS NULL AND ${t.failedAt} IS NULL`)]);

/** Instants are integer milliseconds since the epoch. */
export const cohorts = sqliteTable('cohorts', {
  id: text('id').primaryKey(),
  campaignId: text('campaign_id').notNull().references(() => campaigns.id),
  label: text('label').notNull(),
  labelEn: text('label_en').notNull(),
  birthFrom: text('birth_from').notNull(),
  birthTo: text('birth_to').notNull(),
  /** Comma-separated last digits of the birth day, or null for every day. */
  birthDayDigits: text('birth_day_digits'),
  prequeueFrom: integer('prequeue_from').notNull(),
  opensAt: integer('opens_at').notNull(),
  closesAt: integer('closes_at').notNull(),
}, (t) => [
  index('cohorts_campaign').on(t.campaignId),
  check('cohort_order', sql`${t.prequeueFrom} <= ${t.opensAt} AND ${t.opensAt} < ${t.closesAt}`),
  check('cohort_births', sql`${t.birthFrom} <= ${t.birthTo}`),
]);

export const clinics = sqliteTable('clinics', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** 시·도 */
  region: text('region').notNull(),
  /** 시·군·구 */
  district: text('district').notNull(),
  address: text('address').notNull(),
  phone: text('phone').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Catalog version at the clinic's last change, for delta sync. */
  version: integer('version').notNull(),
}, (t) => [index('clinics_version').on(t.version), index('clinics_region').on(t.region, t.district)]);

export const slots = sqliteTable('slots', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  campaignId: text('campaign_id').notNull().references(() => campaigns.id),
  clinicId: text('clinic_id').notNull().references(() => clinics.id),
  dose: integer('dose').notNull(),
  /** Seoul calendar date of startsAt, kept to pair doses and to list a clinic's day. */
  date: text('date').notNull(),
  startsAt: integer('starts_at').notNull(),
  capacity: integer('capacity').notNull(),
  booked: integer('booked').notNull().default(0),
}, (t) => [
  uniqueIndex('slots_unique').on(t.campaignId, t.clinicId, t.dose, t.startsAt),
  index('slots_by_clinic_date').on(t.clinicId, t.dose, t.date),
  // The last line of defence: SQLite itself refuses an overbooked slot.
  check('slot_capacity', sql`${t.booked} >= 0 AND ${t.booked} <= ${t.capacity}`),
]);

/**
 * Free places per campaign, clinic, dose and day, kept by triggers on slots (migration 0005) in the
 * same transaction as every change of a slot: the waiting room reads a campaign's places left each
 * second, and a GROUP BY over every slot (~60 ms for the demo's 112,000) would stall the event loop.
 */
export const slotFree = sqliteTable('slot_free', {
  campaignId: text('campaign_id').notNull(),
  clinicId: text('clinic_id').notNull(),
  dose: integer('dose').notNull(),
  date: text('date').notNull(),
  free: integer('free').notNull(),
}, (t) => [primaryKey({ columns: [t.campaignId, t.clinicId, t.dose, t.date] })]);

export const bookings = sqliteTable('bookings', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull(),
  campaignId: text('campaign_id').notNull().references(() => campaigns.id),
  /** Keyed hash of the normalized identity (name, birth date, phone). */
  personKey: text('person_key').notNull(),
  name: text('name').notNull(),
  birthDate: text('birth_date').notNull(),
  phone: text('phone').notNull(),
  status: text('status', { enum: ['active', 'cancelled'] }).notNull(),
  /** The admission token's id: a token books at most once. */
  admissionId: text('admission_id').notNull(),
  createdAt: integer('created_at').notNull(),
  cancelledAt: integer('cancelled_at'),
}, (t) => [
  uniqueIndex('bookings_code').on(t.code),
  uniqueIndex('bookings_admission').on(t.admissionId),
  // One active booking per person per campaign; cancelled ones stay as history.
  uniqueIndex('bookings_one_active').on(t.campaignId, t.personKey).where(sql`${t.status} = 'active'`),
  // The operator's bookings-per-second reads the last seconds of bookings.
  index('bookings_created').on(t.createdAt),
  check('booking_status', sql`${t.status} IN ('active', 'cancelled')`),
]);

export const appointments = sqliteTable('appointments', {
  bookingId: integer('booking_id').notNull().references(() => bookings.id),
  dose: integer('dose').notNull(),
  slotId: integer('slot_id').notNull().references(() => slots.id),
}, (t) => [primaryKey({ columns: [t.bookingId, t.dose] }), index('appointments_slot').on(t.slotId)]);

/** The first answer to each idempotency key, replayed to retries. Only successful bookings are recorded: a refusal changes nothing. */
export const idempotencyRecords = sqliteTable('idempotency_records', {
  key: text('key').primaryKey(),
  personKey: text('person_key').notNull(),
  bookingId: integer('booking_id').notNull().references(() => bookings.id),
  response: text('response').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Waiting-room tickets: one per person per campaign. position is null while in the pre-queue, until the shuffle. */
export const tickets = sqliteTable('tickets', {
  id: text('id').primaryKey(),
  campaignId: text('campaign_id').notNull().references(() => campaigns.id),
  cohortId: text('cohort_id').notNull().references(() => cohorts.id),
  personKey: text('person_key').notNull(),
  joinedAt: integer('joined_at').notNull(),
  position: integer('position'),
  /** Set when the person claims their turn (queue.admit): the admission token's id and expiry. */
  admissionId: text('admission_id'),
  admittedAt: integer('admitted_at'),
  admissionExpiresAt: integer('admission_expires_at'),
  /** Set by the booking that used the admission. */
  bookedAt: integer('booked_at'),
  /** When the head reached this ticket (its turn). */
  turnAt: integer('turn_at'),
  /** Until when the turn counts as in flight: a short grace unclaimed, the admission's expiry once claimed. */
  holdUntil: integer('hold_until'),
  /** Set when a booking with this admission was refused: the turn stops counting as in flight at once. */
  releasedAt: integer('released_at'),
}, (t) => [
  uniqueIndex('tickets_person').on(t.campaignId, t.personKey),
  uniqueIndex('tickets_position').on(t.campaignId, t.position),
  uniqueIndex('tickets_admission').on(t.admissionId),
  index('tickets_prequeue').on(t.campaignId, t.cohortId, t.joinedAt).where(sql`${t.position} IS NULL`),
  // Turns in flight (let in, neither booked nor refused), by when their hold lapses: what admission counts.
  index('tickets_held').on(t.campaignId, t.holdUntil).where(sql`${t.holdUntil} IS NOT NULL AND ${t.bookedAt} IS NULL AND ${t.releasedAt} IS NULL`),
]);

/** Each campaign's queue: the head (admitted up to this position) and the next position to hand out. */
export const queues = sqliteTable('queues', {
  campaignId: text('campaign_id').primaryKey().references(() => campaigns.id),
  head: integer('head').notNull().default(0),
  nextPosition: integer('next_position').notNull().default(1),
}, (t) => [check('queue_head', sql`${t.head} >= 0 AND ${t.head} < ${t.nextPosition}`)]);

/** One pre-queue shuffle per cohort, with its seed: anyone can recompute the order from the tickets in join order. */
export const shuffles = sqliteTable('shuffles', {
  campaignId: text('campaign_id').notNull().references(() => campaigns.id),
  cohortId: text('cohort_id').notNull().references(() => cohorts.id),
  seed: text('seed').notNull(),
  shuffledAt: integer('shuffled_at').notNull(),
  tickets: integer('tickets').notNull(),
  firstPosition: integer('first_position').notNull(),
}, (t) => [primaryKey({ columns: [t.campaignId, t.cohortId] })]);

/** When the head reached each value: tells when a ticket's turn came, so an unclaimed turn can lapse. */
export const headMarks = sqliteTable('head_marks', {
  campaignId: text('campaign_id').notNull().references(() => campaigns.id),
  head: integer('head').notNull(),
  at: integer('at').notNull(),
}, (t) => [primaryKey({ columns: [t.campaignId, t.head] })]);

/** Clinic staff accounts: one clinic each; the password as scrypt$N$r$p$salt$hash; a disabled one cannot sign in. */
export const clinicUsers = sqliteTable('clinic_users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  clinicId: text('clinic_id').notNull().references(() => clinics.id),
  username: text('username').notNull(),
  passwordHash: text('password_hash').notNull(),
  updatedAt: integer('updated_at').notNull(),
  disabledAt: integer('disabled_at'),
}, (t) => [uniqueIndex('clinic_users_username').on(t.username)]);

/**
 * Clinic sessions: only a hash of the cookie's token is stored, so a copy of the database opens no
 * session. When and from where each began, so an operator can list them and end the ones they do not know.
 */
export const clinicSessions = sqliteTable('clinic_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => clinicUsers.id),
  clinicId: text('clinic_id').notNull().references(() => clinics.id),
  expiresAt: integer('expires_at').notNull(),
  createdAt: integer('created_at').notNull().default(0),
  address: text('address').notNull().default(''),
}, (t) => [index('clinic_sessions_user').on(t.userId)]);

/** Operators of the agency, each with a name of their own: the console's accounts. */
export const operators = sqliteTable('operators', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull(),
  passwordHash: text('password_hash').notNull(),
  updatedAt: integer('updated_at').notNull(),
  disabledAt: integer('disabled_at'),
}, (t) => [uniqueIndex('operators_username').on(t.username)]);

export const operatorSessions = sqliteTable('operator_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  operatorId: integer('operator_id').notNull().references(() => operators.id),
  expiresAt: integer('expires_at').notNull(),
  createdAt: integer('created_at').notNull().default(0),
  address: text('address').notNull().default(''),
});

/**
 * People who asked to be told when places of a fully booked campaign come back: one row per person
 * and campaign (keyed hash, and the phone the text goes to); told once, oldest first, as places free.
 */
export const placeAlerts = sqliteTable('place_alerts', {
  campaignId: text('campaign_id').notNull(),
  personKey: text('person_key').notNull(),
  phone: text('phone').notNull(),
  createdAt: integer('created_at').notNull(),
  notifiedAt: integer('notified_at'),
}, (t) => [primaryKey({ columns: [t.campaignId, t.personKey] }), index('place_alerts_waiting').on(t.campaignId, t.createdAt).where(sql`${t.notifiedAt} IS NULL`)]);
