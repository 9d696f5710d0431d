/**
 * Everything the citizen app keeps on the device, in one IndexedDB database (through idb):
 *   people    the user and family, as entered and validated (name, birth date, phone), by id
 *   cache     the last schedule seen (key "schedule", with the server-clock skew), so opening times
 *             and countdowns work offline
 * Nothing here leaves the device until a booking is sent. Upgrades are cumulative steps.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Person } from '../../shared/person';
import type { Campaign } from '../../shared/schedule';

export interface StoredPerson extends Person {
  id: string;
  addedAt: number;
}

export interface CachedSchedule {
  campaigns: Campaign[];
  /** Server clock minus device clock, measured when it was fetched. */
  skewMs: number;
  fetchedAt: number;
}

interface YeyakDB extends DBSchema {
  people: { key: string; value: StoredPerson };
  cache: { key: 'schedule'; value: CachedSchedule };
}

let db: Promise<IDBPDatabase<YeyakDB>> | null = null;

export function database(): Promise<IDBPDatabase<YeyakDB>> {
  db ??= openDB<YeyakDB>('yeyak', 1, {
    upgrade(store, oldVersion) {
      if (oldVersion < 1) {
        store.createObjectStore('people', { keyPath: 'id' });
        store.createObjectStore('cache');
      }
    },
  });
  return db;
}
