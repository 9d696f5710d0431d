/** The clinic catalog and availability on the wire. */
import type { TimeBand } from './bands';

export interface Clinic {
  id: string;
  name: string;
  /** 시·도 */
  region: string;
  /** 시·군·구 */
  district: string;
  address: string;
  phone: string;
  /** false: withdrawn since the device last synced; drop it from the local catalog. */
  active: boolean;
}

export interface ClinicCatalog {
  /** Ask with `since: version` next time to get only what changed. */
  version: number;
  clinics: Clinic[];
}

export interface DayAvailability {
  clinicId: string;
  date: string;
  dose: number;
  free: number;
}

/** Free first-dose places at one clinic on one day in one time of day (catalog.bandAvailability). */
export interface BandAvailability {
  clinicId: string;
  date: string;
  band: TimeBand;
  free: number;
}

/** A free first-dose start time at one clinic on one day (catalog.freeTimes). */
export interface FreeTime {
  /** HH:MM, Seoul. */
  time: string;
  free: number;
}
