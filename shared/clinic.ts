/** A clinic's day on the wire: its slots by time, counts against capacity, and the people booked. */

export interface ClinicDayBooking {
  code: string;
  name: string;
  birthDate: string;
  phone: string;
}

export interface ClinicDaySlot {
  /** HH:MM, Seoul. */
  time: string;
  startsAt: string;
  dose: number;
  capacity: number;
  booked: number;
  bookings: ClinicDayBooking[];
}

export interface ClinicDay {
  clinicId: string;
  clinicName: string;
  date: string;
  slots: ClinicDaySlot[];
}
