/** What a booking looks like on the wire: the confirmation, the looked-up booking, and the alternatives offered when full. */

export interface Appointment {
  dose: number;
  clinicId: string;
  clinicName: string;
  address: string;
  /** ISO 8601 with +09:00. */
  startsAt: string;
}

export interface BookingConfirmation {
  code: string;
  campaignId: string;
  appointments: Appointment[];
}

export interface BookingView extends BookingConfirmation {
  status: 'active' | 'cancelled';
  /** Masked (김*수): the code and birth date are not enough to learn a whole name. */
  name: string;
  bookedAt: string;
  cancelledAt: string | null;
}

/** A first-dose slot with room (and, for two doses, a matching second) offered after SLOTS_FULL. */
export interface Alternative {
  clinicId: string;
  clinicName: string;
  region: string;
  district: string;
  startsAt: string;
}
