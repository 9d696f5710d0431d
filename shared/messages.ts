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
  IDENTITY_REQUIRED: {
    ko: '본인 확인이 필요합니다. 휴대전화로 받은 인증번호로 먼저 확인해 주세요.',
    en: 'Identity check needed. Confirm this person with the code sent to their phone first.',
  },
  IDENTITY_MISMATCH: {
    ko: '본인 확인 정보가 이 사람 또는 이 예약과 맞지 않습니다. 인증번호를 확인하거나 다시 받아 주세요.',
    en: 'The identity check does not match this person or this campaign. Check the code, or ask for a new one.',
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
  dayUnit: { ko: '일', en: 'd' },
} satisfies Record<string, Text>;

/** The app's install and update prompts. */
export const APP_TEXT = {
  install: { ko: '앱 설치', en: 'Install the app' },
  updateReady: { ko: '새 버전이 있습니다.', en: 'A new version is ready.' },
  updateNow: { ko: '새로고침', en: 'Reload' },
  updateLater: { ko: '나중에', en: 'Later' },
  updateAfterInput: { ko: '입력 중인 내용을 저장한 뒤 새로고침하세요.', en: 'Save what you are typing first, then reload.' },
} satisfies Record<string, Text>;

/** The citizen app's people screen. */
export const PEOPLE_TEXT = {
  people: { ko: '예약할 사람', en: 'People to book for' },
  none: { ko: '아직 등록한 사람이 없습니다. 본인과 가족을 미리 등록해 두세요.', en: 'Nobody yet. Add yourself and your family ahead of time.' },
  add: { ko: '사람 추가', en: 'Add a person' },
  name: { ko: '이름', en: 'Name' },
  birthDate: { ko: '생년월일', en: 'Birth date' },
  phone: { ko: '휴대전화', en: 'Mobile phone' },
  save: { ko: '저장', en: 'Save' },
  remove: { ko: '삭제', en: 'Remove' },
  badName: { ko: '이름은 한글 또는 영문 1~40자입니다.', en: 'A name is 1 to 40 Hangul or Latin letters.' },
  badBirthDate: { ko: '생년월일을 확인해 주세요.', en: 'Please check the birth date.' },
  badPhone: { ko: '휴대전화 번호는 010-1234-5678 형식입니다.', en: 'A mobile number looks like 010-1234-5678.' },
  notInCohort: { ko: '현재 예약 대상 기간이 아닙니다.', en: 'Not in any group that can book in this campaign.' },
  opensAt: { ko: '예약 시작', en: 'Booking opens' },
  prequeueAt: { ko: '대기열 입장', en: 'Waiting room opens' },
  inPrequeue: { ko: '지금 대기열에 들어갈 수 있습니다', en: 'The waiting room is open now' },
  openNow: { ko: '지금 예약할 수 있습니다', en: 'Booking is open now' },
  closed: { ko: '예약이 마감되었습니다', en: 'Booking has closed' },
  offline: { ko: '오프라인입니다. 마지막으로 받은 일정을 보여 드립니다.', en: 'Offline: showing the last schedule received.' },
  storedOnDevice: { ko: '입력한 정보는 예약할 때까지 이 기기에만 저장됩니다.', en: 'What you enter stays on this device until you book.' },
} satisfies Record<string, Text>;

/** The citizen app's phone check, done days ahead so that the night needs none. */
export const VERIFY_TEXT = {
  verified: { ko: '본인 확인 완료', en: 'Verified' },
  notVerified: { ko: '본인 확인 전', en: 'Not verified yet' },
  why: { ko: '미리 휴대전화로 본인 확인을 해 두면 예약 당일에는 확인 없이 바로 예약됩니다.', en: 'Verify the phone now, and the night needs no identity step.' },
  sendCode: { ko: '인증번호 받기', en: 'Send a code' },
  sent: { ko: '{phone}(으)로 인증번호를 보냈습니다. 5분 안에 입력하세요.', en: 'A code was sent to {phone}. Enter it within 5 minutes.' },
  code: { ko: '인증번호 6자리', en: '6-digit code' },
  confirm: { ko: '확인', en: 'Confirm' },
  badCode: { ko: '인증번호는 숫자 6자리입니다.', en: 'The code is 6 digits.' },
  offline: { ko: '인터넷에 연결되면 본인 확인을 할 수 있습니다.', en: 'Connect to the internet to verify.' },
  goVerify: { ko: '본인 확인하러 가기', en: 'Verify this person' },
} satisfies Record<string, Text>;

/** The citizen app's clinic and day choices. */
export const PLAN_TEXT = {
  title: { ko: '의료기관과 날짜 선택', en: 'Clinics and days' },
  choose: { ko: '의료기관·날짜 선택', en: 'Choose clinics and days' },
  chosen: { ko: '선택한 의료기관 (우선순위 순)', en: 'Chosen clinics (most wanted first)' },
  noneChosen: { ko: '아직 선택한 의료기관이 없습니다. 최대 3곳을 고르세요.', en: 'No clinic chosen yet. Choose up to three.' },
  needClinic: { ko: '예약하려면 의료기관을 1곳 이상 고르세요.', en: 'Choose at least one clinic to book.' },
  search: { ko: '의료기관 찾기', en: 'Find a clinic' },
  region: { ko: '시·도', en: 'Province or city' },
  district: { ko: '시·군·구', en: 'District' },
  all: { ko: '전체', en: 'All' },
  name: { ko: '이름 또는 주소', en: 'Name or address' },
  results: { ko: '검색 결과', en: 'Results' },
  noResults: { ko: '맞는 의료기관이 없습니다.', en: 'No clinic matches.' },
  add: { ko: '추가', en: 'Add' },
  full: { ko: '3곳을 모두 골랐습니다.', en: 'Three chosen: remove one to add another.' },
  up: { ko: '위로', en: 'Up' },
  down: { ko: '아래로', en: 'Down' },
  remove: { ko: '빼기', en: 'Remove' },
  days: { ko: '희망 날짜 (1차 접종)', en: 'Preferred days (first dose)' },
  anyDay: { ko: '날짜를 고르지 않으면 가장 빠른 날로 예약합니다.', en: 'With no day chosen, the earliest free day is booked.' },
  day: { ko: '날짜', en: 'Day' },
  addDay: { ko: '날짜 추가', en: 'Add day' },
  autoJoin: { ko: '대기열이 열리면 자동으로 줄서기', en: 'Join the waiting room by itself when it opens' },
  autoBook: { ko: '입장하면 바로 자동 예약하기', en: 'Book by itself the moment I am let in' },
  catalog: { ko: '의료기관 목록 {count}곳 (버전 {version})', en: '{count} clinics in the list (version {version})' },
  catalogOffline: { ko: '오프라인: 이 기기에 저장된 목록으로 찾습니다.', en: 'Offline: searching the list kept on this device.' },
  back: { ko: '처음 화면으로', en: 'Back to the start' },
} satisfies Record<string, Text>;

/** The citizen app's waiting room, booking, refusals, confirmation and lookup. */
export const JOURNEY_TEXT = {
  join: { ko: '대기열 들어가기', en: 'Join the waiting room' },
  open: { ko: '대기열·예약 화면', en: 'Waiting room and booking' },
  joining: { ko: '대기열에 들어가는 중…', en: 'Joining…' },
  prequeue: { ko: '사전 대기 중입니다', en: 'You are in the pre-queue' },
  prequeueFair: { ko: '예약 시작 시각에 사전 대기자 순서를 공정하게 무작위로 정합니다. 일찍 들어와도, 창을 여러 개 열어도 유리하지 않습니다.', en: 'At the opening, everyone in the pre-queue is put in a fair random order. Coming early or opening more windows does not help.' },
  shuffleIn: { ko: '순서 정하기까지', en: 'Order drawn in' },
  waiting: { ko: '대기 중입니다', en: 'You are waiting' },
  position: { ko: '대기 번호', en: 'Place' },
  ahead: { ko: '앞에 남은 사람', en: 'People ahead' },
  eta: { ko: '예상 대기 시간', en: 'Estimated wait' },
  etaUnknown: { ko: '입장이 잠시 멈췄거나 지연되고 있어 예상 시간을 계산할 수 없습니다.', en: 'Admission is paused or held up for now: no estimate.' },
  etaEstimating: { ko: '예상 대기 시간을 계산하고 있습니다. 순서는 그대로입니다.', en: 'Working out the wait. Your place is kept.' },
  etaHint: { ko: '입장 속도가 바뀌면 예상 시간도 바뀝니다.', en: 'The estimate follows the pace of admission.' },
  soldOut: { ko: '이번 예약의 자리가 모두 찼습니다', en: 'Every place of this opening is booked' },
  soldOutKept: { ko: '대기 순서는 그대로 유지됩니다. 누군가 예약을 취소하면 그 자리는 대기 순서대로 돌아갑니다.', en: 'Your place in the queue is kept. Places freed by cancellations go to the queue in order.' },
  soldOutNext: { ko: '다음 예약: {label} {opensAt}', en: 'Next opening: {label} {opensAt}' },
  soldOutNone: { ko: '지금 예정된 다음 예약은 없습니다. 보건소나 질병관리청 안내(1339)를 확인해 주세요.', en: 'No further opening is scheduled yet. Ask a public health centre or call 1339.' },
  keepOpen: { ko: '이 화면을 닫아도 순서는 유지됩니다. 다시 열면 이어집니다.', en: 'Closing this screen keeps your place. Open it again to carry on.' },
  progress: { ko: '대기 진행률', en: 'Waiting progress' },
  people: { ko: '명', en: '' },
  admitted: { ko: '입장했습니다. 지금 예약하세요.', en: 'You are in. Book now.' },
  admittedUntil: { ko: '입장 유효 시간', en: 'Valid for' },
  bookNow: { ko: '예약하기', en: 'Book now' },
  booking: { ko: '예약 요청을 보내는 중…', en: 'Sending the booking…' },
  retrying: { ko: '연결이 끊겼습니다. 같은 요청으로 다시 시도하고 있습니다. 두 번 예약되지 않습니다.', en: 'The connection dropped. Retrying the same request: it cannot book twice.' },
  reconnecting: { ko: '연결이 끊겼습니다. 다시 연결되면 이어서 확인합니다. 대기 순서는 그대로입니다.', en: 'The connection dropped. This carries on when it is back; your place is kept.' },
  autoBooking: { ko: '입장하면 자동으로 예약합니다.', en: 'This will book by itself when you are let in.' },
  sends: { ko: '보낼 내용', en: 'What will be sent' },
  confirmed: { ko: '예약이 완료되었습니다', en: 'Booked' },
  code: { ko: '예약번호', en: 'Booking code' },
  codeHint: { ko: '접종 기관에서 예약번호나 QR 코드를 보여 주세요.', en: 'Show the code or the QR code at the clinic.' },
  dose: { ko: '{n}차 접종', en: 'Dose {n}' },
  clinic: { ko: '의료기관', en: 'Clinic' },
  address: { ko: '주소', en: 'Address' },
  when: { ko: '일시', en: 'Date and time' },
  keptOffline: { ko: '이 확인증은 기기에 저장되어 오프라인에서도 볼 수 있습니다.', en: 'This confirmation is kept on the device and shows offline.' },
  cancelled: { ko: '취소된 예약입니다.', en: 'This booking was cancelled.' },
  alternatives: { ko: '지금 예약할 수 있는 다른 곳', en: 'Places free now' },
  noAlternatives: { ko: '가까운 곳에 남은 자리가 없습니다. 다른 의료기관을 골라 주세요.', en: 'Nothing free nearby. Please choose other clinics.' },
  pick: { ko: '이곳으로 예약', en: 'Book here' },
  secondDoseFull: { ko: '1차 자리는 있으나 2차 접종 일정이 찼습니다.', en: 'There is a first-dose place, but the second dose is full.' },
  choose: { ko: '의료기관 다시 고르기', en: 'Choose clinics again' },
  rejoin: { ko: '대기열 다시 들어가기', en: 'Join the waiting room again' },
  lookupInstead: { ko: '예약 조회하기', en: 'Look up the booking' },
  showBooking: { ko: '이미 있는 예약', en: 'Your existing booking' },
  foundBooking: { ko: '조회한 예약', en: 'The booking found' },
  tryAgain: { ko: '다시 시도', en: 'Try again' },
  notJoinable: { ko: '지금은 대기열에 들어갈 수 없습니다.', en: 'The waiting room is not open for this person now.' },
  lookup: { ko: '예약 조회·취소', en: 'Look up or cancel' },
  lookupButton: { ko: '조회', en: 'Look up' },
  cancel: { ko: '예약 취소', en: 'Cancel the booking' },
  cancelSure: { ko: '정말 취소할까요? 취소한 자리는 바로 다른 사람이 예약할 수 있습니다.', en: 'Cancel for sure? The place goes to someone else at once.' },
  cancelYes: { ko: '네, 취소합니다', en: 'Yes, cancel' },
  cancelDone: { ko: '예약을 취소했습니다.', en: 'The booking is cancelled.' },
  status: { ko: '상태', en: 'Status' },
  active: { ko: '예약됨', en: 'Booked' },
  name: { ko: '이름', en: 'Name' },
  lookupOffline: { ko: '조회와 취소는 인터넷 연결이 필요합니다.', en: 'Looking up and cancelling need a connection.' },
  badCode: { ko: '예약번호는 ABCD-2345처럼 8자리입니다.', en: 'A booking code has 8 characters, like ABCD-2345.' },
} satisfies Record<string, Text>;

/** Fills {name} placeholders of a message. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** The citizen app's home and journey, walked by a 70-year-old and their child: offline, eligibility, sold out, people, bookings found again. */
export const CARE_TEXT = {
  offline: { ko: '인터넷에 연결되어 있지 않습니다. 입력한 내용은 이 기기에 저장되고, 연결되면 이어서 진행됩니다.', en: 'You are offline. What you enter is kept on this device and carries on when you are back online.' },
  lookupNeedsConnection: { ko: '예약 조회와 취소는 인터넷에 연결되어야 할 수 있습니다. 연결되면 다시 눌러 주세요.', en: 'Looking up and cancelling need a connection. Try again once you are online.' },
  notEligible: { ko: '{name}님은 이번 {campaign} 예약 대상이 아닙니다 (생년월일 기준).', en: '{name} is not in a group that can book {campaign} (by birth date).' },
  whoCan: { ko: '예약 대상과 시작 일시:', en: 'Who can book, and when:' },
  cohortLine: { ko: '{label} ({from}~{to} 출생): {opensAt}부터', en: '{label} (born {from} to {to}): from {opensAt}' },
  elsewhere: { ko: '대상이 아니어도 접종이 필요하면 가까운 보건소나 질병관리청 콜센터(☎1339)에 문의하세요.', en: 'If you need a vaccination outside these groups, ask your public health centre or call 1339.' },
  notYet: { ko: '{name}님의 대기열은 {at}에 열립니다. 그때 이 화면에서 들어갈 수 있습니다.', en: 'The waiting room for {name} opens at {at}. You can join from here then.' },
  closedFor: { ko: '이 예약은 마감되었습니다.', en: 'This booking has closed.' },
  chooseFirst: { ko: '대기열에 들어가기 전에 접종받을 의료기관을 1곳 이상 고르세요. 입장한 뒤에는 고를 시간이 짧습니다.', en: 'Choose at least one clinic before joining: once you are let in, there is little time to choose.' },
  booked: { ko: '예약 완료', en: 'Booked' },
  soldOut: { ko: '자리가 모두 찼습니다', en: 'Fully booked' },
  soldOutTitle: { ko: '이번 예약의 자리가 모두 찼습니다', en: 'Every place of this opening is booked' },
  soldOutWhat: { ko: '지금은 예약할 수 있는 자리가 없습니다. 다시 시도해도 같은 결과입니다. 누군가 예약을 취소하면 자리가 다시 생깁니다.', en: 'No place is free now, and trying again will not change that. Places come back when someone cancels.' },
  notify: { ko: '자리가 생기면 문자로 알려 주세요', en: 'Text me when a place comes back' },
  notifyDone: { ko: '{phone}(으)로 알려 드리겠습니다. 다음 예약 일정도 함께 보내 드립니다.', en: 'We will text {phone}, with the next opening too.' },
  placesBack: { ko: '취소로 자리가 다시 생겼습니다.', en: 'Places have come back through cancellations.' },
  bookAgain: { ko: '다시 예약하기', en: 'Book again' },
  notifyFailed: { ko: '알림 신청을 하지 못했습니다. 연결을 확인하고 다시 눌러 주세요.', en: 'Could not sign up for the text. Check the connection and try again.' },
  otherClinics: { ko: '고른 곳에는 자리가 없지만 다른 의료기관에는 남은 자리가 있습니다.', en: 'The clinics you chose are full, but others still have places.' },
  edit: { ko: '수정', en: 'Edit' },
  editTitle: { ko: '{name}님 정보 수정', en: 'Edit {name}' },
  cancelEdit: { ko: '취소', en: 'Cancel' },
  editNote: { ko: '이름·생년월일·휴대전화를 바꾸면 본인 확인과 대기열 들어가기를 다시 해야 합니다. 이미 한 예약은 그대로입니다.', en: 'Changing the name, birth date or phone means a new phone check and joining the waiting room again. A booking already made stays.' },
  removeSure: { ko: '{name}님을 이 기기에서 지울까요? 이미 한 예약은 취소되지 않습니다.', en: 'Remove {name} from this device? A booking already made is not cancelled.' },
  removeYes: { ko: '네, 지웁니다', en: 'Yes, remove' },
  keep: { ko: '아니요', en: 'No, keep' },
  removed: { ko: '{name}님을 지웠습니다.', en: '{name} was removed.' },
  undo: { ko: '되돌리기', en: 'Undo' },
  bookedElsewhere: { ko: '이 사람은 다른 기기나 창에서 이미 예약했습니다. 이름·생년월일·휴대전화로 그 예약을 찾아 이 기기에 저장할 수 있습니다.', en: 'This person already booked from another device or window. Find that booking by name, birth date and phone, and keep it on this device.' },
  findBooking: { ko: '내 예약 찾기', en: 'Find my booking' },
  notFoundByPerson: { ko: '이 정보로 된 예약이 없습니다. 이름·생년월일·휴대전화가 예약할 때와 같은지 확인해 주세요.', en: 'No booking matches. Check that the name, birth date and phone are as they were when booking.' },
} satisfies Record<string, Text>;

/** The confirmation (issue 19): a cancelled booking, the weekday, vaccine and clinic phone, and adding it to a calendar. */
export const CONFIRM_TEXT = {
  cancelledHeading: { ko: '예약이 취소되었습니다', en: 'Booking cancelled' },
  cancelledNotValid: {
    ko: '이 예약은 취소되어 접종 기관에서 사용할 수 없습니다. 접종을 받으려면 다시 예약해 주세요.',
    en: 'This booking was cancelled and cannot be used at a clinic. Book again to be vaccinated.',
  },
  cancelledCode: { ko: '취소된 예약번호', en: 'Cancelled booking code' },
  cancelledMark: { ko: '(취소됨)', en: '(cancelled)' },
  vaccine: { ko: '접종', en: 'Vaccination' },
  phone: { ko: '전화', en: 'Phone' },
  call: { ko: '{name}에 전화하기', en: 'Call {name}' },
  addToCalendar: { ko: '캘린더에 추가 (.ics)', en: 'Add to calendar (.ics)' },
  calendarTitle: { ko: '{vaccine} {n}차 접종', en: '{vaccine}: dose {n}' },
  calendarNote: {
    ko: '예약번호 {code}. 신분증을 가지고 가세요. 변경·취소는 예약 앱의 조회 화면에서 할 수 있습니다.',
    en: 'Booking code {code}. Bring an identity card. Change or cancel in the app\'s lookup screen.',
  },
} satisfies Record<string, Text>;

/** Choosing a time of day (issue 19): bands in order of preference, and free places per clinic and day. */
export const TIME_TEXT = {
  title: { ko: '시간대', en: 'Time of day' },
  hint: {
    ko: '원하는 시간대를 고르세요. 고른 순서대로 먼저 찾습니다. 고르지 않으면 가장 빠른 시간으로 예약합니다.',
    en: 'Choose the times of day that suit you, in order; the first is tried first. None chosen: the earliest time.',
  },
  morning: { ko: '오전 (12시 전)', en: 'Morning (before 12:00)' },
  afternoon: { ko: '오후 (12시~18시)', en: 'Afternoon (12:00–18:00)' },
  evening: { ko: '저녁 (18시 이후)', en: 'Evening (from 18:00)' },
  chosen: { ko: '고른 시간대 (순서대로)', en: 'Chosen times of day, in order' },
  anyTime: { ko: '아무 시간이나', en: 'Any time' },
  add: { ko: '추가', en: 'Add' },
  free: { ko: '남은 자리 (1차 접종, 시간대별)', en: 'Places left (first dose, by time of day)' },
  freeOffline: { ko: '남은 자리는 인터넷에 연결되면 보입니다.', en: 'Places left show when online.' },
  freeNone: { ko: '고른 의료기관에 남은 자리가 없습니다.', en: 'No places left at the chosen clinics.' },
  places: { ko: '{n}자리', en: '{n} left' },
  pickDay: { ko: '이날로 고르기', en: 'Pick this day' },
  morningShort: { ko: '오전', en: 'Morning' },
  afternoonShort: { ko: '오후', en: 'Afternoon' },
  eveningShort: { ko: '저녁', en: 'Evening' },
  exactTimes: { ko: '고른 시각 (순서대로, 시간대보다 먼저 찾습니다)', en: 'Chosen exact times, in order (tried before the times of day)' },
  onlyTimes: { ko: '시간대를 고르지 않으면 고른 시각에만 예약합니다.', en: 'With no time of day chosen, only these exact times are booked.' },
  showTimes: { ko: '시각 보기', en: 'Show times' },
  pickTime: { ko: '시각 고르기', en: 'Pick time' },
  times: { ko: '시간대', en: 'Times' },
} satisfies Record<string, Text>;

/** Slot import refusals for public holidays (issue 19). */
export const HOLIDAY_TEXT = {
  holidaySlot: {
    ko: '날짜 {date}은(는) 공휴일({name})입니다. 공휴일에는 접종 일정을 넣을 수 없습니다.',
    en: '{date} is a public holiday ({name}); slots cannot be put on public holidays.',
  },
} satisfies Record<string, Text>;
