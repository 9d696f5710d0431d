/** The clinic catalog on the device: synced by version (only changes travel), searched by 시·도, district and name with no network. */
import type { Clinic } from '../../shared/catalog';
import { api } from '../trpc';
import { database, type CatalogMark } from './db';

export interface CatalogState {
  clinics: Clinic[];
  version: number;
  /** True when the server could not be asked and the kept catalog is shown. */
  offline: boolean;
}

/** Fetches what changed since the kept version, applies it in one transaction, and returns the whole catalog. */
export async function syncCatalog(): Promise<CatalogState> {
  const db = await database();
  const mark = (await db.get('cache', 'catalog')) as CatalogMark | undefined;
  let offline = false;
  try {
    const delta = await api.catalog.clinics.query(mark ? { since: mark.version } : undefined);
    const tx = db.transaction(['clinics', 'cache'], 'readwrite');
    const clinics = tx.objectStore('clinics');
    for (const c of delta.clinics) await (c.active ? clinics.put(c) : clinics.delete(c.id));
    await tx.objectStore('cache').put({ version: delta.version, syncedAt: Date.now() } satisfies CatalogMark, 'catalog');
    await tx.done;
  } catch {
    offline = true;
  }
  const version = ((await db.get('cache', 'catalog')) as CatalogMark | undefined)?.version ?? 0;
  return { clinics: await db.getAll('clinics'), version, offline };
}

export interface ClinicQuery {
  region: string;
  district: string;
  text: string;
}

const collator = new Intl.Collator('ko');

/** 시·도 names, or the districts of one, sorted the Korean way. */
export function regionsOf(clinics: Clinic[]): string[] {
  return [...new Set(clinics.map((c) => c.region))].sort(collator.compare);
}

export function districtsOf(clinics: Clinic[], region: string): string[] {
  return [...new Set(clinics.filter((c) => c.region === region).map((c) => c.district))].sort(collator.compare);
}

/** Clinics matching every part of the query given (name or address contains the text, spaces ignored). */
export function searchClinics(clinics: Clinic[], q: ClinicQuery, limit = 30): Clinic[] {
  const text = q.text.replace(/\s+/g, '');
  return clinics
    .filter((c) => (!q.region || c.region === q.region) && (!q.district || c.district === q.district)
      && (!text || c.name.replace(/\s+/g, '').includes(text) || c.address.replace(/\s+/g, '').includes(text)))
    .sort((a, b) => collator.compare(a.name, b.name))
    .slice(0, limit);
}
