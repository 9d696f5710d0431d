/** The clinic catalog: upserts that bump a version, and delta reads since a version so devices fetch only changes. */
import { eq, gt, sql } from 'drizzle-orm';
import type { Clinic, ClinicCatalog } from '../../shared/catalog';
import type { Db } from '../db/open';
import { clinics, meta } from '../db/schema';

export type ClinicRecord = Clinic;

const VERSION_KEY = 'catalog_version';

export function catalogVersion(db: Db): number {
  return db.select({ value: meta.value }).from(meta).where(eq(meta.key, VERSION_KEY)).get()?.value ?? 0;
}

/** Inserts or updates clinics under one new catalog version; call inside a transaction. Unchanged rows keep their version. */
export function upsertClinics(db: Db, records: ClinicRecord[]): number {
  const version = catalogVersion(db) + 1;
  let changed = 0;
  for (const r of records) {
    const before = db.select().from(clinics).where(eq(clinics.id, r.id)).get();
    if (before && before.name === r.name && before.region === r.region && before.district === r.district
      && before.address === r.address && before.phone === r.phone && before.active === r.active) continue;
    db.insert(clinics).values({ ...r, version })
      .onConflictDoUpdate({ target: clinics.id, set: { ...r, version } }).run();
    changed++;
  }
  if (changed > 0) {
    db.insert(meta).values({ key: VERSION_KEY, value: version })
      .onConflictDoUpdate({ target: meta.key, set: { value: sql`excluded.value` } }).run();
  }
  return changed;
}

/** Clinics changed after `since` (all when absent), with the version to ask from next time. */
export function clinicsSince(db: Db, since = 0): ClinicCatalog {
  const rows = db.select().from(clinics).where(gt(clinics.version, since)).orderBy(clinics.id).all();
  return {
    version: catalogVersion(db),
    clinics: rows.map(({ version: _v, ...c }) => c),
  };
}
