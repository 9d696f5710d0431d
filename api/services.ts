/**
 * What the procedures may use of an open app. Declared with shared types only, so the router's
 * type (the contract web/ imports) names no server library and web/ stays a DOM-only program.
 */
import type { BookingConfirmation, BookingView } from '../shared/booking';
import type { BandAvailability, ClinicCatalog, DayAvailability, FreeTime } from '../shared/catalog';
import type { ClinicDay } from '../shared/clinic';
import type { Dashboard } from '../shared/operator';
import type { ScheduleCheck } from '../shared/operatorProblems';
import type { BookingSubmitInput } from '../shared/inputs';
import type { Person } from '../shared/person';
import type { Proof } from '../shared/proof';
import type { Campaign } from '../shared/schedule';
import type { HeadView, TicketStatus } from '../shared/waiting';

/** Password sign-in with sessions; a session's scope is its clinic (clinic staff) or its account id (operators). */
export interface SessionAccounts {
  login(username: string, password: string, ip: string, now: number): Promise<{ token: string; expiresAt: number; scope: string }>;
  scopeOf(token: string | undefined, now: number): string | null;
  logout(token: string | undefined): void;
  /** The signed-in account's own password: the current one checked as a sign-in is; its other sessions end. */
  changePassword(token: string | undefined, current: string, next: string, ip: string, now: number): Promise<void>;
}

export interface Services {
  now(): number;
  schedule: { all(): Campaign[]; get(campaignId: string): Campaign | undefined };
  catalog: {
    clinics(since?: number): ClinicCatalog;
    availability(campaignId: string, now: number): DayAvailability[];
    bandAvailability(campaignId: string, clinicIds: string[], now: number): BandAvailability[];
    freeTimes(campaignId: string, clinicId: string, date: string, now: number): FreeTime[];
  };
  booking: {
    submit(input: BookingSubmitInput, now: number): Promise<BookingConfirmation>;
    lookup(code: string, birthDate: string): BookingView;
    /** The person's active booking in a campaign (booked on another device). */
    find(campaignId: string, person: Person, credential: string | undefined, now: number): BookingView;
    cancel(code: string, birthDate: string, now: number): Promise<BookingView>;
  };
  /** "Text me when a place comes back". */
  alerts: { subscribe(campaignId: string, person: Person, credential: string | undefined, now: number): { since: string; nextOpensAt: string | null } };
  identity: {
    start(campaignId: string, person: Person, now: number): Promise<{ challengeId: string; expiresAt: string }>;
    confirm(challengeId: string, code: string, now: number): Promise<{ credential: string; expiresAt: string }>;
  };
  queue: {
    challenge(campaignId: string, now: number): { challenge: string; bits: number; expiresAt: number };
    join(campaignId: string, person: Person, now: number, proof?: Proof, credential?: string): Promise<TicketStatus>;
    status(ticketId: string, now: number): Promise<TicketStatus>;
    admit(ticketId: string, now: number): Promise<{ admissionToken: string; expiresAt: string }>;
    head(campaignId: string, now: number): HeadView;
  };
  clinic: SessionAccounts & { day(clinicId: string, date: string): ClinicDay };
  operator: SessionAccounts & {
    dashboard(now: number): Promise<Dashboard>;
    setAdmitRate(perSecond: number): void;
    /** Problems that stopped it, or none once it is saved. */
    putCampaign(campaign: Campaign): ScheduleCheck[];
    count(): number;
    put(u: { username: string; password: string }, now: number, actor?: { address: string; by?: string }): Promise<void>;
  };
  metrics: { observe(procedure: string, reason: string | null, seconds: number): void };
  lookupLimiter: { take(key: string, now: number): boolean };
  /** Lookups and cancels per booking code, whatever the address. */
  codeLimiter: { take(key: string, now: number): boolean };
  /** Phone checks (start and confirm) per address. */
  identityLimiter: { take(key: string, now: number): boolean };
  joinLimiter: { take(key: string, now: number): boolean };
}
