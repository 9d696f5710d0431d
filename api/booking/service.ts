/**
 * Booking: one atomic submit that books the first free slot fitting the ordered preferences (and
 * the second dose at the campaign's interval, at the same clinic), lookup and cancel. Every write
 * happens in one synchronous better-sqlite3 transaction, so nothing interleaves and nothing
 * overbooks; a refusal throws inside it and so changes nothing. Writes go through the group
 * committer, so concurrent bookings share one fsync and each answer leaves after its commit.
 */
import type Database from 'better-sqlite3';
import type { Alternative, BookingConfirmation, BookingView } from '../../shared/booking';
import type { BookingSubmitInput, Preference } from '../../shared/inputs';
import type { Person } from '../../shared/person';
import { eligibilityAt, type Campaign } from '../../shared/schedule';
import { BAND_BOUNDS, timeRange } from '../../shared/bands';
import { DAY_MS, toSeoulIso } from '../../shared/time';
import { verifyAdmissionToken } from '../admission/token';
import { personKey } from '../identity';
import { Refusal } from '../refusal';
import type { IdentityGate } from '../phone/gate';
import type { GroupCommitter } from '../db/groupCommit';
import type { PlaceAlerts } from '../alerts/placeAlerts';
import { AvailabilityCache } from '../catalog/availability';
import { refusalFor } from '../schedule/refusals';
import type { ScheduleStore } from '../schedule/store';
import type { Secrets } from '../secrets';
import { drawCode } from './code';
import { prepareBookingStatements, type BookingRow, type BookingStatements, type ClinicRow, type SlotPair } from './statements';

const MAX_ALTERNATIVES = 5;

/** A submit that passed every check needing no write lock: what its transaction needs, and plain data (it may cross to another process). */
export interface CheckedBooking {
  input: BookingSubmitInput;
  personKey: string;
  admissionId: string;
  campaignId: string;
  /** The preferred clinics, in order, as read by the check: the confirmation names them without another read. */
  clinics: ClinicRow[];
}

/** Who runs the booking transactions: this process's own group commit, or another process's (RemoteWriter). */
export interface BookingWriter {
  write(checked: CheckedBooking, now: number): Promise<BookingConfirmation>;
  cancel(code: string, birthDate: string, now: number): Promise<BookingView>;
}

export class BookingService implements BookingWriter {
  readonly #sql: BookingStatements;
  readonly #writer: BookingWriter;
  /** Read fresh (no cache): a SLOTS_FULL says whether the whole campaign is booked. */
  readonly #places: AvailabilityCache;

  constructor(
    sqlite: Database.Database,
    private readonly secrets: Secrets,
    private readonly schedule: ScheduleStore,
    private readonly committer: GroupCommitter,
    /** After a booking commits: tells a waiting room kept outside SQLite (Redis) that the admission is used. */
    private readonly onBooked: (campaignId: string, personKey: string, admissionId: string, now: number) => Promise<void> = async () => {},
    /** Another process's writer (a cluster worker's primary); by default this one writes. */
    writer?: BookingWriter,
    /** After a refusal of a valid admission (places full, already booked, not eligible): the waiting room frees the turn at once. */
    private readonly onRefused: (campaignId: string, personKey: string, admissionId: string, now: number) => Promise<void> = async () => {},
    /** Who may book on a verified campaign; without one, identities are taken as declared. */
    private readonly gate?: IdentityGate,
    /** Who asked to be told when places come back: told in the cancelling transaction. */
    private readonly alerts?: PlaceAlerts,
  ) {
    this.#sql = prepareBookingStatements(sqlite);
    this.#places = new AvailabilityCache(sqlite, 0);
    this.#writer = writer ?? this;
  }

  /** The checks that need no write lock (here), then the booking transaction (by the writer). */
  async submit(input: BookingSubmitInput, now: number): Promise<BookingConfirmation> {
    const checked = this.#check(input, now);
    if (!('admissionId' in checked)) return checked;
    try {
      const booked = await this.#writer.write(checked, now);
      await this.onBooked(checked.campaignId, checked.personKey, checked.admissionId, now);
      return booked;
    } catch (err) {
      if (freesTheTurn(err)) void this.onRefused(checked.campaignId, checked.personKey, checked.admissionId, now);
      // Suggestions are read after the batch, not inside it: a refusal must not hold everyone's commit.
      const campaign = this.schedule.get(checked.campaignId);
      if (campaign && err instanceof Refusal && err.reason === 'SLOTS_FULL' && !err.details) {
        const alternatives = this.#alternatives(campaign, checked.clinics[0]!, input.preferences, now);
        throw new Refusal('SLOTS_FULL', {
          secondDoseFull: this.#secondDoseIsTheProblem(campaign, input.preferences, now),
          alternatives,
          // Nothing left anywhere: the app says so plainly instead of offering another try.
          soldOut: alternatives.length === 0 && this.#places.placesLeft(campaign.id, campaign.doses, now) === 0,
        });
      }
      throw err;
    }
  }

  /** A replay of an earlier answer, or the checked booking: person, admission token, campaign, eligibility, clinics. */
  #check(input: BookingSubmitInput, now: number): BookingConfirmation | CheckedBooking {
    const key = personKey(this.secrets.identityKey, input.person);
    const replay = this.#replay(input.idempotencyKey, key);
    if (replay) return replay;
    const admission = verifyAdmissionToken(this.secrets.admissionKey, input.admissionToken, {
      campaignId: input.campaignId,
      personKey: key,
      now,
    });
    const campaign = this.schedule.get(admission.campaignId);
    if (!campaign) throw new Refusal('NOT_FOUND', { campaignId: admission.campaignId });
    // Before the turn could be freed: a request without the person's credential is not theirs to spend.
    this.gate?.check(campaign, key, input.credential, now);
    try {
      this.#checkEligible(campaign, input.person.birthDate, now);
      const clinics = input.preferences.map((p) => {
        const clinic = this.#sql.clinic.get(p.clinicId);
        if (!clinic) throw new Refusal('INVALID_INPUT', { clinicId: p.clinicId, problem: 'unknown clinic' });
        return clinic;
      });
      return { input, personKey: key, admissionId: admission.id, campaignId: campaign.id, clinics };
    } catch (err) {
      if (freesTheTurn(err)) void this.onRefused(campaign.id, key, admission.id, now);
      throw err;
    }
  }

  /** The booking transaction of a checked submit, in a group-committed batch. */
  async write(checked: CheckedBooking, now: number): Promise<BookingConfirmation> {
    const { input, personKey: key, admissionId } = checked;
    const campaign = this.schedule.get(checked.campaignId);
    if (!campaign) throw new Refusal('NOT_FOUND', { campaignId: checked.campaignId });
    return this.committer.run(() => {
      // Re-read inside the transaction: the idempotency record may have been written since.
      const again = this.#replay(input.idempotencyKey, key);
      if (again) return again;
      if (this.#sql.admissionUsed.get(admissionId)) throw new Refusal('ADMISSION_USED');
      const existing = this.#sql.activeBooking.get(campaign.id, key);
      if (existing) throw new Refusal('ALREADY_BOOKED', { booking: this.#confirmation(existing) });
      for (const [i, pref] of input.preferences.entries()) {
        const pair = this.#findPair(campaign, pref, now);
        if (pair) return this.#book(campaign, checked, checked.clinics[i]!, pair, now);
      }
      throw new Refusal('SLOTS_FULL');
    }, true);
  }

  lookup(code: string, birthDate: string): BookingView {
    return this.#view(this.#owned(code, birthDate));
  }

  /** The person's active booking in a campaign, found by who they are (booked on another device); on a verified campaign only with their credential. */
  find(campaignId: string, person: Person, credential: string | undefined, now: number): BookingView {
    const campaign = this.schedule.get(campaignId);
    if (!campaign) throw new Refusal('NOT_FOUND', { campaignId });
    const key = personKey(this.secrets.identityKey, person);
    this.gate?.check(campaign, key, credential, now);
    const booking = this.#sql.activeBooking.get(campaign.id, key);
    if (!booking) throw new Refusal('NOT_FOUND');
    return this.#view(booking);
  }

  /** Cancels both doses at once and frees their places; cancelling twice answers the same. */
  async cancel(code: string, birthDate: string, now: number): Promise<BookingView> {
    if (this.#writer !== this) return this.#writer.cancel(code, birthDate, now);
    const view = await this.committer.run(() => {
      const booking = this.#owned(code, birthDate);
      if (booking.status === 'cancelled') return this.#view(booking);
      const appts = this.#sql.appointments.all(booking.id);
      if (appts.some((a) => a.startsAt <= now)) {
        throw new Refusal('FORBIDDEN', { problem: 'an appointment has already begun; ask the clinic' });
      }
      this.#sql.cancel.run(now, booking.id);
      for (const a of appts) this.#sql.freePlace.run(a.slotId);
      const campaign = this.schedule.get(booking.campaignId);
      if (campaign) this.alerts?.placesFreed(campaign, 1, now);
      return this.#view({ ...booking, status: 'cancelled', cancelledAt: now });
    });
    this.alerts?.committed();
    return view;
  }

  #replay(idempotencyKey: string, key: string): BookingConfirmation | null {
    const record = this.#sql.idempotency.get(idempotencyKey);
    if (!record) return null;
    if (record.personKey !== key) {
      throw new Refusal('INVALID_INPUT', { idempotencyKey: 'already used for another person' });
    }
    return JSON.parse(record.response) as BookingConfirmation;
  }

  #checkEligible(campaign: Campaign, birthDate: string, now: number): void {
    const refusal = refusalFor(eligibilityAt(campaign, birthDate, now));
    if (refusal) throw refusal;
  }

  /** The earliest fitting slot of the first preferred time or band that has one (in the person's order); any time when none is given. */
  #findPair(campaign: Campaign, pref: Preference, now: number): SlotPair | undefined {
    for (const [bandFrom, bandTo] of bandRanges(pref)) {
      const args = {
        campaign: campaign.id,
        clinic: pref.clinicId,
        from: now,
        dates: pref.dates?.length ? JSON.stringify(pref.dates) : null,
        interval: campaign.intervalDays,
        bandFrom,
        bandTo,
      };
      const pair = campaign.doses === 2 ? this.#sql.findPair.get(args) : this.#sql.findSingle.get(args);
      if (pair) return pair;
    }
    return undefined;
  }

  #book(campaign: Campaign, checked: CheckedBooking, clinic: ClinicRow, pair: SlotPair, now: number): BookingConfirmation {
    const { input, personKey: key, admissionId } = checked;
    const slotIds = pair.secondId === null ? [pair.firstId] : [pair.firstId, pair.secondId];
    const startsAt = slotIds.map((id) => {
      // The WHERE booked < capacity guard and the CHECK constraint both stand behind the SELECT.
      const taken = this.#sql.takePlace.get(id);
      if (!taken) throw new Error(`slot ${id} filled under a write lock`);
      return taken.startsAt;
    });
    const code = drawCode((c) => this.#sql.codeTaken.get(c) !== undefined);
    const { lastInsertRowid } = this.#sql.insertBooking.run({
      code,
      campaign: campaign.id,
      personKey: key,
      name: input.person.name,
      birthDate: input.person.birthDate,
      phone: input.person.phone,
      admissionId,
      now,
    });
    const bookingId = Number(lastInsertRowid);
    this.#sql.markTicketBooked.run(now, admissionId);
    slotIds.forEach((slotId, i) => this.#sql.insertAppointment.run(bookingId, i + 1, slotId));
    // Built from what this transaction read and wrote, in the shape #appointments reads back.
    const confirmation: BookingConfirmation = {
      code,
      campaignId: campaign.id,
      appointments: startsAt.map((at, i) => ({ dose: i + 1, clinicId: clinic.id, clinicName: clinic.name, address: clinic.address, startsAt: toSeoulIso(at) })),
    };
    this.#sql.insertIdempotency.run(input.idempotencyKey, key, bookingId, JSON.stringify(confirmation), now);
    return confirmation;
  }

  /** True when a preferred clinic has first-dose room but no second dose fits the interval. */
  #secondDoseIsTheProblem(campaign: Campaign, prefs: Preference[], now: number): boolean {
    if (campaign.doses !== 2) return false;
    return prefs.some((p) => bandRanges(p).some(([bandFrom, bandTo]) => this.#sql.anyFirstFree.get({
      campaign: campaign.id,
      clinic: p.clinicId,
      from: now,
      dates: p.dates?.length ? JSON.stringify(p.dates) : null,
      interval: campaign.intervalDays,
      bandFrom,
      bandTo,
    }) !== undefined));
  }

  /** The earliest bookable places near the first choice: same district first, then the rest of its 시·도. */
  #alternatives(campaign: Campaign, first: ClinicRow, prefs: Preference[], now: number): Alternative[] {
    const chosen = new Set(prefs.map((p) => p.clinicId));
    const found: Array<Alternative & { near: boolean; at: number }> = [];
    for (const clinic of this.#sql.clinicsNear.all(first.region, first.id, first.district)) {
      if (chosen.has(clinic.id)) continue;
      const pair = this.#findPair(campaign, { clinicId: clinic.id }, now);
      if (!pair) continue;
      found.push({
        clinicId: clinic.id,
        clinicName: clinic.name,
        region: clinic.region,
        district: clinic.district,
        startsAt: toSeoulIso(pair.firstAt),
        near: clinic.district === first.district,
        at: pair.firstAt,
      });
    }
    found.sort((a, b) => Number(b.near) - Number(a.near) || a.at - b.at);
    return found.slice(0, MAX_ALTERNATIVES).map(({ near: _n, at: _a, ...alt }) => alt);
  }

  /** The booking with this code, only if the birth date matches: a wrong birth date looks exactly like no booking. */
  #owned(code: string, birthDate: string): BookingRow {
    const booking = this.#sql.bookingByCode.get(code);
    if (!booking || booking.birthDate !== birthDate) throw new Refusal('NOT_FOUND');
    return booking;
  }

  #appointments(bookingId: number) {
    return this.#sql.appointments.all(bookingId).map((a) => ({
      dose: a.dose,
      clinicId: a.clinicId,
      clinicName: a.clinicName,
      address: a.address,
      startsAt: toSeoulIso(a.startsAt),
    }));
  }

  #confirmation(b: BookingRow): BookingConfirmation {
    return { code: b.code, campaignId: b.campaignId, appointments: this.#appointments(b.id) };
  }

  #view(b: BookingRow): BookingView {
    return {
      ...this.#confirmation(b),
      status: b.status,
      name: maskName(b.name),
      bookedAt: toSeoulIso(b.createdAt),
      cancelledAt: b.cancelledAt === null ? null : toSeoulIso(b.cancelledAt),
    };
  }
}

/** A preference's exact times, then its bands, as Seoul time-of-day ranges in its order; the whole day when it names neither. */
function bandRanges(pref: Preference): ReadonlyArray<readonly [number, number]> {
  const ranges = [...(pref.times ?? []).map(timeRange), ...(pref.bands ?? []).map((b) => BAND_BOUNDS[b])];
  return ranges.length > 0 ? ranges : [[0, DAY_MS]];
}

/**
 * A refusal of a valid admission that the person cannot fix by waiting: their turn stops holding
 * a place in flight (the token stays valid until it expires, to book an alternative).
 */
function freesTheTurn(err: unknown): boolean {
  return err instanceof Refusal && !err.reason.startsWith('ADMISSION_') && err.reason !== 'RATE_LIMITED';
}

/** 김민수 → 김*수, 김수 → 김*, John Smith → J********h. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 2) return `${chars[0] ?? ''}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
