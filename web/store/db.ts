/**
 * Everything the citizen app keeps on the device, in one IndexedDB database (through idb):
 *   people    the user and family, as entered and validated (name, birth date, phone), by id,
 *             with the credential each got from the phone check, per campaign
 *   cache     the last schedule seen ("schedule", with the server-clock skew) and the catalog's
 *             version ("catalog"), so opening times, countdowns and clinic search work offline
 *   clinics   the clinic catalog, kept in step with catalog.clinics' version (deltas only)
 *   plans     each person's clinic choices (in order), preferred days and automatic booking
 *   journeys  each person's way through one campaign: ticket, admission, booking attempt with its
 *             idempotency key, refusal, confirmation (key "personId|campaignId")
 * Nothing here leaves the device until a booking is sent. Upgrades are cumulative steps.
 */
import type { TimeBand } from '../../shared/bands';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { BookingConfirmation } from '../../shared/booking';
import type { Clinic } from '../../shared/catalog';
import type { Person } from '../../shared/person';
import type { Preference } from '../../shared/inputs';
import type { Reason } from '../../shared/reasons';
import type { Campaign } from '../../shared/schedule';
import type { HeadView, TicketStatus } from '../../shared/waiting';

export interface StoredPerson extends Person {
  id: string;
  addedAt: number;
  /** Signed identity credentials from the phone check, by campaign id: sent with the night's join and booking. */
  credentials?: Record<string, { credential: string; expiresAt: string }>;
}

export interface CachedSchedule {
  campaigns: Campaign[];
  /** Server clock minus device clock, measured when it was fetched. */
  skewMs: number;
  fetchedAt: number;
}

export interface CatalogMark {
  version: number;
  syncedAt: number;
}

export interface Plan {
  personId: string;
  /** Clinic ids, most wanted first; at most three. */
  clinicIds: string[];
  /** Preferred days for the first dose (YYYY-MM-DD); none = any day. */
  dates: string[];
  /** Preferred times of day for the first dose, most wanted first; absent or empty = any time (issue 19; older plans have none). */
  bands?: TimeBand[];
  /** Exact first-dose start times (HH:MM, Seoul), most wanted first, tried before the bands (issue 19). */
  times?: string[];
  /** Join the waiting room by itself when the pre-queue opens. */
  autoJoin: boolean;
  /** Send the booking by itself the moment the person is let in. */
  autoBook: boolean;
}

export interface Journey {
  /** "personId|campaignId" */
  key: string;
  personId: string;
  campaignId: string;
  ticket?: TicketStatus;
  /** People ahead when the place was first known: the progress bar's start. */
  firstAhead?: number;
  head?: HeadView;
  admission?: { admissionToken: string; expiresAt: string };
  /** The booking being sent: kept before the first try, so every retry carries the same key. */
  attempt?: { idempotencyKey: string; preferences: Preference[] };
  booking?: BookingConfirmation & { cancelled?: boolean };
  refusal?: { reason: Reason; details?: Record<string, unknown> };
  /** When this person asked to be texted as places come back (the campaign was fully booked). */
  alertSince?: string;
  /** A retry is waiting for the network (no answer yet). */
  retrying?: boolean;
  updatedAt: number;
}

interface YeyakDB extends DBSchema {
  people: { key: string; value: StoredPerson };
  cache: { key: 'schedule' | 'catalog'; value: CachedSchedule | CatalogMark };
  clinics: { key: string; value: Clinic };
  plans: { key: string; value: Plan };
  journeys: { key: string; value: Journey };
}

let db: Promise<IDBPDatabase<YeyakDB>> | null = null;

export function database(): Promise<IDBPDatabase<YeyakDB>> {
  db ??= openDB<YeyakDB>('yeyak', 2, {
    upgrade(store, oldVersion) {
      if (oldVersion < 1) {
        store.createObjectStore('people', { keyPath: 'id' });
        store.createObjectStore('cache');
      }
      if (oldVersion < 2) {
        store.createObjectStore('clinics', { keyPath: 'id' });
        store.createObjectStore('plans', { keyPath: 'personId' });
        store.createObjectStore('journeys', { keyPath: 'key' });
      }
    },
    // Another tab holds an older version open: let it go, it reloads on the next visit.
    blocking() {
      void db?.then((d) => d.close());
      db = null;
    },
  });
  return db;
}
