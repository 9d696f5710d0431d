/**
 * The staff pages' texts (clinic portal and operator console), Korean first and English second:
 * part of the message table, in a module of their own because only those pages import it, so the
 * citizen app's first load does not carry them (shared/messages.ts re-exports nothing from here).
 */
import type { Text } from './messages';

/** Labels of the clinic and operator pages. */
export const PORTAL_TEXT = {
  clinicTitle: { ko: '의료기관 예약 현황', en: 'Clinic bookings' },
  operatorTitle: { ko: '운영 현황판', en: 'Operator dashboard' },
  username: { ko: '아이디', en: 'Username' },
  password: { ko: '비밀번호', en: 'Password' },
  signIn: { ko: '로그인', en: 'Sign in' },
  signOut: { ko: '로그아웃', en: 'Sign out' },
  wrongLogin: { ko: '아이디 또는 비밀번호가 맞지 않습니다.', en: 'Wrong username or password.' },
  slowDown: { ko: '시도가 너무 많습니다. 잠시 후 다시 시도해 주세요.', en: 'Too many tries. Please wait a few minutes.' },
  date: { ko: '날짜', en: 'Date' },
  time: { ko: '시간', en: 'Time' },
  dose: { ko: '차수', en: 'Dose' },
  bookedOfCapacity: { ko: '예약/정원', en: 'Booked / places' },
  code: { ko: '예약번호', en: 'Code' },
  name: { ko: '이름', en: 'Name' },
  birthDate: { ko: '생년월일', en: 'Birth date' },
  phone: { ko: '전화번호', en: 'Phone' },
  downloadCsv: { ko: 'CSV 내려받기', en: 'Download CSV' },
  print: { ko: '인쇄', en: 'Print' },
  total: { ko: '합계', en: 'Total' },
  noBookings: { ko: '예약 없음', en: 'No bookings' },
  waiting: { ko: '대기 인원', en: 'Waiting' },
  prequeue: { ko: '사전 대기', en: 'Pre-queue' },
  admitted: { ko: '입장 완료', en: 'Let in' },
  admitRate: { ko: '입장 속도 (초당)', en: 'Admission rate (per s)' },
  target: { ko: '설정', en: 'set to' },
  bookingsPerSecond: { ko: '초당 예약', en: 'Bookings per second' },
  freeByRegion: { ko: '시·도별 남은 1차 자리', en: 'Free first-dose places by region' },
  refusals: { ko: '거절 사유', en: 'Refusals by reason' },
  setRate: { ko: '속도 적용', en: 'Set rate' },
  pause: { ko: '입장 일시정지', en: 'Pause admission' },
  paused: { ko: '일시정지됨', en: 'Paused' },
  language: { ko: 'English', en: '한국어' },
  changePassword: { ko: '비밀번호 변경', en: 'Change password' },
  currentPassword: { ko: '현재 비밀번호', en: 'Current password' },
  newPassword: { ko: '새 비밀번호 (10자 이상)', en: 'New password (10 characters or more)' },
  repeatPassword: { ko: '새 비밀번호 확인', en: 'New password again' },
  change: { ko: '변경', en: 'Change' },
  passwordChanged: { ko: '비밀번호를 바꿨습니다. 다른 곳의 로그인은 모두 끝났습니다.', en: 'Password changed. Every other sign-in has ended.' },
  wrongCurrent: { ko: '현재 비밀번호가 맞지 않습니다.', en: 'The current password is wrong.' },
  passwordTooShort: { ko: '새 비밀번호는 10자 이상이어야 합니다.', en: 'A new password has at least 10 characters.' },
  passwordsDiffer: { ko: '새 비밀번호 두 개가 서로 다릅니다.', en: 'The two new passwords differ.' },
} satisfies Record<string, Text>;
