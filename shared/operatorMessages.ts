/**
 * The operator console's own texts, Korean first and English second: part of the message table,
 * kept in a module of their own because only the operator pages import it, so the citizen app's
 * first load does not carry them (shared/messages.ts re-exports nothing from here).
 */
import type { Text } from './messages';
import type { ImportProblem, ScheduleProblem } from './operatorProblems';

/** Labels of the operator console's import and schedule panels. */
export const CONSOLE_TEXT = {
  importTitle: { ko: 'CSV 불러오기', en: 'Import CSV' },
  importClinics: { ko: '의료기관', en: 'Clinics' },
  importSlots: { ko: '접종 일정(슬롯)', en: 'Slots' },
  importRoster: { ko: '예약 대상자 명단 (name,birth_date,phone)', en: 'Eligibility roster (name,birth_date,phone)' },
  importButton: { ko: '불러오기', en: 'Import' },
  importDone: { ko: '읽은 줄 {rows}, 바뀐 항목 {changed}', en: '{rows} rows read, {changed} changed' },
  importFailed: { ko: '아무것도 불러오지 않았습니다. 고칠 줄:', en: 'Nothing was loaded. Lines to fix:' },
  scheduleTitle: { ko: '예약 일정', en: 'Schedule' },
  prequeueFrom: { ko: '대기열 입장', en: 'Pre-queue from' },
  opensAt: { ko: '예약 시작', en: 'Opens' },
  closesAt: { ko: '예약 마감', en: 'Closes' },
  save: { ko: '저장', en: 'Save' },
  saved: { ko: '저장했습니다. 시민 앱에 바로 반영됩니다.', en: 'Saved. Citizens’ apps show it now.' },
  notSaved: { ko: '저장하지 않았습니다:', en: 'Not saved:' },
} satisfies Record<string, Text>;

/** The console's session and connection: only a session that has ended asks for a login. */
export const SESSION_TEXT = {
  sessionEnded: { ko: '로그인이 만료되었습니다. 다시 로그인해 주세요.', en: 'Your sign-in has ended. Please sign in again.' },
  stale: { ko: '서버에 연결할 수 없습니다. 마지막으로 받은 값을 보여 줍니다.', en: 'Cannot reach the server: showing the last figures received.' },
  unreachable: { ko: '서버에 연결할 수 없어 저장하지 않았습니다. 연결을 확인하고 다시 시도해 주세요.', en: 'Cannot reach the server; nothing was saved. Check the connection and try again.' },
} satisfies Record<string, Text>;

/** The admission rate, its pause and resume. */
export const RATE_TEXT = {
  invalid: { ko: '입장 속도는 0부터 {max}까지의 숫자로 입력하세요. 속도는 바뀌지 않았습니다.', en: 'Enter a rate from 0 to {max} people per second. The rate was not changed.' },
  failed: { ko: '입장 속도를 바꾸지 못했습니다. 연결을 확인하고 다시 시도해 주세요.', en: 'The rate was not changed. Check the connection and try again.' },
  set: { ko: '입장 속도를 초당 {rate}명으로 바꿨습니다.', en: 'Admission rate set to {rate} per second.' },
  pauseTitle: { ko: '입장을 일시정지할까요?', en: 'Pause admission?' },
  pauseEffect: {
    ko: '대기 중인 {count}명은 순서를 그대로 지키지만, 다시 시작할 때까지 아무도 입장하지 못합니다. 대기 화면에는 예상 대기 시간 대신 입장이 멈췄다는 안내가 나옵니다.',
    en: 'The {count} people waiting keep their places, but nobody is let in until you resume. Their screens show that admission is paused instead of an estimate.',
  },
  pauseYes: { ko: '네, 일시정지합니다', en: 'Yes, pause' },
  pauseNo: { ko: '취소 (입장 계속)', en: 'Cancel (keep admitting)' },
  pausedBanner: { ko: '입장이 일시정지되어 있습니다. 대기 중인 사람은 다시 시작할 때까지 입장하지 못합니다.', en: 'Admission is paused: nobody waiting is let in until you resume.' },
  resume: { ko: '입장 다시 시작 (초당 {rate}명)', en: 'Resume admission ({rate} per second)' },
  resumeHow: { ko: '다시 시작하려면 입장 속도를 입력하고 ‘속도 적용’을 누르세요.', en: 'To resume, enter a rate and press ‘Set rate’.' },
} satisfies Record<string, Text>;

/** The live chart: what each line measures, in which unit, and its text alternative. */
export const CHART_TEXT = {
  title: { ko: '최근 5분 (2초 간격)', en: 'Last 5 minutes (every 2 s)' },
  waiting: { ko: '대기 인원, 사전 대기 포함 (명)', en: 'People waiting, pre-queue included (people)' },
  bookings: { ko: '초당 예약 (건/초)', en: 'Bookings per second (per s)' },
  people: { ko: '명', en: 'people' },
  perSecond: { ko: '건/초', en: 'per s' },
  solid: { ko: '실선·동그라미, 왼쪽 눈금', en: 'solid line, circles, left scale' },
  dashed: { ko: '점선·네모, 오른쪽 눈금', en: 'dashed line, squares, right scale' },
  ago: { ko: '5분 전', en: '5 min ago' },
  now: { ko: '지금', en: 'Now' },
  series: { ko: '항목', en: 'Series' },
  high: { ko: '5분 중 최고', en: 'Highest in 5 min' },
  low: { ko: '5분 중 최저', en: 'Lowest in 5 min' },
  noData: { ko: '아직 값이 없습니다.', en: 'No figures yet.' },
} satisfies Record<string, Text>;

/** Where an import problem is: a line of the file, or the file (or form) as a whole. */
export const IMPORT_TEXT = {
  line: { ko: '{line}번째 줄', en: 'Line {line}' },
  rosterCampaign: { ko: '명단의 캠페인 (명단을 불러올 때)', en: 'Campaign of the roster (for a roster)' },
  file: { ko: '파일 전체', en: 'The file' },
  busy: { ko: '데이터베이스가 바빠 아무것도 불러오지 않았습니다. 잠시 후 다시 시도해 주세요.', en: 'The database is busy; nothing was loaded. Try again shortly.' },
  tooLarge: { ko: '파일이 16MB보다 큽니다. 나누어 불러오세요.', en: 'The file is over 16 MB. Split it.' },
  offline: { ko: '서버에 연결할 수 없어 아무것도 불러오지 않았습니다. 연결을 확인하고 다시 시도해 주세요.', en: 'Cannot reach the server; nothing was loaded. Check the connection and try again.' },
} satisfies Record<string, Text>;

/** Each import problem; {column} is the CSV header's name, {value} the cell as written. */
export const IMPORT_PROBLEM_TEXT: Record<ImportProblem, Text> = {
  not_csv: { ko: 'CSV 파일로 읽을 수 없습니다. 따옴표가 짝이 맞는지 확인하세요.', en: 'Not readable as CSV. Check that quotes are paired.' },
  header: { ko: '첫 줄(제목 줄)은 {expected} 이어야 합니다.', en: 'The first line must be {expected}.' },
  empty_file: { ko: '파일이 비어 있습니다. 첫 줄은 {expected} 이어야 합니다.', en: 'The file is empty. The first line must be {expected}.' },
  cell_count: { ko: '칸이 {count}개입니다. {expected}개여야 합니다.', en: '{count} cells; {expected} expected.' },
  id_format: { ko: '{column} "{value}": 영문, 숫자, _, - 만 쓸 수 있습니다.', en: '{column} "{value}": letters, digits, _ and - only.' },
  duplicate_id: { ko: '{column} "{value}"이(가) 두 번 나옵니다.', en: '{column} "{value}" appears twice.' },
  length: { ko: '{column}은(는) {min}~{max}자여야 합니다.', en: '{column} must be {min} to {max} characters.' },
  unknown_region: { ko: '{column} "{value}"은(는) 17개 시·도 이름이 아닙니다 (예: 서울특별시).', en: '{column} "{value}" is not one of the 17 provinces and cities (e.g. 서울특별시).' },
  landline_format: { ko: '{column} 형식이 잘못되었습니다: "{value}" (예: 02-1234-5678).', en: '{column} is not a phone number like 02-1234-5678: "{value}".' },
  unknown_campaign: { ko: '{column} "{value}"은(는) 등록된 캠페인이 아닙니다.', en: '{column} "{value}" is not a known campaign.' },
  unknown_clinic: { ko: '{column} "{value}"은(는) 등록되지 않은 의료기관입니다. 의료기관을 먼저 불러오세요.', en: '{column} "{value}" is not a known clinic. Import clinics first.' },
  dose: { ko: '{column} "{value}": 1~{max}차만 쓸 수 있습니다.', en: '{column} "{value}": dose 1 to {max} only.' },
  date_format: { ko: '{column} 형식이 잘못되었습니다: "{value}" (예: 2021-08-20).', en: '{column} is not a date like 2021-08-20: "{value}".' },
  time_format: { ko: '{column} 형식이 잘못되었습니다: "{value}" (예: 09:30).', en: '{column} is not a time like 09:30: "{value}".' },
  capacity_range: { ko: '{column} "{value}": 0부터 {max}까지의 정수여야 합니다.', en: '{column} "{value}": a whole number from 0 to {max}.' },
  below_booked: { ko: '{column} {value}명은 이미 예약된 {booked}명보다 적습니다.', en: '{column} {value} is below the {booked} already booked.' },
  duplicate_slot: { ko: '같은 접종 일정이 두 번 나옵니다.', en: 'This slot appears twice.' },
  holiday: { ko: '{column} {value}은(는) 공휴일({name})입니다. 공휴일에는 접종 일정을 넣을 수 없습니다.', en: '{column} {value} is a public holiday ({name}); slots cannot be put on public holidays.' },
  name_format: { ko: '이름(name)은 한글 또는 영문 1~40자여야 합니다.', en: 'The name must be 1 to 40 Hangul or Latin letters.' },
  birth_date_format: { ko: '생년월일(birth_date)이 올바른 날짜가 아닙니다 (예: 1967-01-02).', en: 'The birth_date is not a real date like 1967-01-02.' },
  mobile_format: { ko: '휴대전화(phone)는 010-1234-5678 형식이어야 합니다.', en: 'The phone must look like 010-1234-5678.' },
  unknown_roster_campaign: { ko: '명단의 캠페인 ID에 맞는 캠페인이 없습니다.', en: 'No campaign has the roster’s campaign ID.' },
};

/** Each reason a schedule change is refused; {cohort} and {other} are cohort labels. */
export const SCHEDULE_PROBLEM_TEXT: Record<ScheduleProblem | 'input', Text> = {
  interval: { ko: '2회 접종 캠페인은 접종 간격이 1일 이상이어야 합니다.', en: 'A two-dose campaign needs an interval of at least one day.' },
  duplicate_cohort: { ko: '{cohort}: 같은 대상 그룹이 두 번 있습니다.', en: '{cohort}: listed twice.' },
  birth_dates: { ko: '{cohort}: 출생일 범위가 올바르지 않습니다.', en: '{cohort}: the birth dates must be real and in order.' },
  time_format: { ko: '{cohort}: 일시를 모두 입력하세요.', en: '{cohort}: fill in every date and time.' },
  time_order: { ko: '{cohort}: 대기열 입장은 예약 시작보다 늦을 수 없고, 예약 시작은 예약 마감보다 빨라야 합니다.', en: '{cohort}: the pre-queue cannot start after the opening, and the opening must come before the close.' },
  overlap: { ko: '{cohort}와(과) {other}의 예약 기간이 겹치고 출생일도 겹칩니다.', en: '{cohort} and {other} are open at the same time for some of the same birth dates.' },
  doses_fixed: { ko: '이미 예약한 사람이 있어 접종 횟수와 간격은 바꿀 수 없습니다.', en: 'Doses and the interval cannot change once people have booked.' },
  cohort_elsewhere: { ko: '{cohort}: 다른 캠페인의 대상 그룹입니다.', en: '{cohort}: belongs to another campaign.' },
  shuffled: { ko: '{cohort}: 사전 대기 순서를 이미 정했으므로 대기열 입장과 예약 시작 시각은 바꿀 수 없습니다.', en: '{cohort}: its pre-queue has been drawn, so its pre-queue and opening times are fixed.' },
  queued: { ko: '{cohort}: 대기 중인 사람이 있어 뺄 수 없습니다.', en: '{cohort}: people are queued in it, so it cannot be removed.' },
  input: { ko: '{cohort}: 입력한 값을 확인해 주세요.', en: '{cohort}: check what you entered.' },
};
