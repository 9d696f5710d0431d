/** What is wrong with an operator's import line or schedule change, as codes a client translates; the API's English `message` and `problems` stay as they were for the CLI, logs and scripts. */

/** One problem of a CSV import (clinics, slots or roster). */
export type ImportProblem =
  | 'not_csv'
  | 'header'
  | 'empty_file'
  | 'cell_count'
  | 'id_format'
  | 'duplicate_id'
  | 'length'
  | 'unknown_region'
  | 'landline_format'
  | 'unknown_campaign'
  | 'unknown_clinic'
  | 'dose'
  | 'date_format'
  | 'time_format'
  | 'capacity_range'
  | 'below_booked'
  | 'duplicate_slot'
  | 'holiday'
  | 'name_format'
  | 'birth_date_format'
  | 'mobile_format'
  | 'unknown_roster_campaign';

/** A bad line of an import: `line` 0 is the file (or the form) as a whole. */
export interface LineError {
  line: number;
  /** English, for the CLI and logs; a page shows `problem` in its own language instead. */
  message: string;
  /** A typed problem the caller may act on: HOLIDAY = a slot on a Korean public holiday (shared/holidays.ts). Kept beside `problem`, which says the same as 'holiday'. */
  code?: 'HOLIDAY';
  problem?: ImportProblem;
  /** The CSV column, as its header names it. */
  column?: string;
  /** What fills the problem's text: the cell's value, limits, counts. */
  params?: Record<string, string | number>;
}

/** One reason a campaign change was refused. */
export type ScheduleProblem =
  | 'interval'
  | 'duplicate_cohort'
  | 'birth_dates'
  | 'time_format'
  | 'time_order'
  | 'overlap'
  | 'doses_fixed'
  | 'cohort_elsewhere'
  | 'shuffled'
  | 'queued';

/** A refused campaign change, by code: `cohorts` are the ids involved, which a page shows by their labels. */
export interface ScheduleCheck {
  problem: ScheduleProblem;
  cohorts?: string[];
  /** English, the same sentence as in `details.problems`. */
  message: string;
}
