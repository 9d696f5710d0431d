/** The one message table: Korean first, English second, for every refusal reason and shared label. */
import type { Reason } from './reasons';

export type Lang = 'ko' | 'en';
export interface Text {
  ko: string;
  en: string;
}

export const REASON_TEXT: Record<Reason, Text> = {
  INVALID_INPUT: {
    ko: '입력한 내용을 확인해 주세요.',
    en: 'Please check what you entered.',
  },
  NOT_OPEN_YET: {
    ko: '아직 예약이 시작되지 않았습니다. 안내된 시각에 다시 시도해 주세요.',
    en: 'Booking has not opened yet. Please come back at the time shown.',
  },
  NOT_ELIGIBLE: {
    ko: '이 예약 대상이 아닙니다. 생년월일과 예약 일정을 확인해 주세요.',
    en: 'This person is not in a group that can book now. Check the birth date and the schedule.',
  },
  ADMISSION_REQUIRED: {
    ko: '대기열을 거쳐 입장한 뒤에 예약할 수 있습니다.',
    en: 'You can book once the waiting room has let you in.',
  },
  ADMISSION_EXPIRED: {
    ko: '입장 시간이 지났습니다. 대기열에 다시 들어가 주세요.',
    en: 'Your admission has expired. Please join the waiting room again.',
  },
  ADMISSION_USED: {
    ko: '이 입장권으로 이미 예약이 완료되었습니다.',
    en: 'This admission has already been used for a booking.',
  },
  ADMISSION_MISMATCH: {
    ko: '입장권이 이 사람 또는 이 예약과 맞지 않습니다.',
    en: 'This admission belongs to another person or another campaign.',
  },
  SLOTS_FULL: {
    ko: '선택한 의료기관에 남은 자리가 없습니다. 다른 곳을 골라 주세요.',
    en: 'The clinics you chose are full. Please pick another one.',
  },
  ALREADY_BOOKED: {
    ko: '이미 예약되어 있습니다.',
    en: 'This person already has a booking.',
  },
  RATE_LIMITED: {
    ko: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.',
    en: 'Too many requests. Please wait a moment and try again.',
  },
  NOT_FOUND: {
    ko: '찾을 수 없습니다. 예약번호와 생년월일을 확인해 주세요.',
    en: 'Not found. Check the booking code and birth date.',
  },
  FORBIDDEN: {
    ko: '이 작업을 할 수 없습니다.',
    en: 'This action is not allowed.',
  },
};

export function reasonText(reason: Reason, lang: Lang): string {
  return REASON_TEXT[reason][lang];
}

/** Labels of the citizen app's schedule view. */
export const UI_TEXT = {
  title: { ko: '예약 — 예방접종 사전예약', en: 'yeyak — vaccination pre-booking' },
  schedule: { ko: '예약 일정', en: 'Booking schedule' },
  born: { ko: '출생', en: 'Born' },
  prequeue: { ko: '대기열 입장', en: 'Waiting room opens' },
  opens: { ko: '예약 시작', en: 'Booking opens' },
  closes: { ko: '예약 마감', en: 'Booking closes' },
  openNow: { ko: '지금 예약할 수 있습니다', en: 'Open now' },
  closed: { ko: '마감되었습니다', en: 'Closed' },
  opensIn: { ko: '시작까지', en: 'Opens in' },
  loading: { ko: '불러오는 중…', en: 'Loading…' },
  offline: { ko: '서버에 연결할 수 없습니다.', en: 'Cannot reach the server.' },
  language: { ko: 'English', en: '한국어' },
  doses: { ko: '회 접종', en: ' doses' },
} satisfies Record<string, Text>;
