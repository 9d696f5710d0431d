/** The console's words for an import line's or a schedule change's problem, from its code: the operator's language, line numbers and column names, cohort labels instead of ids. */
import { fill, REASON_TEXT, type Lang } from '../../shared/messages';
import { IMPORT_PROBLEM_TEXT, IMPORT_TEXT, SCHEDULE_PROBLEM_TEXT } from '../../shared/operatorMessages';
import type { LineError, ScheduleCheck } from '../../shared/operatorProblems';
import type { Campaign } from '../../shared/schedule';

/** "3번째 줄: 날짜 형식이 잘못되었습니다: …"; a problem this page does not know is said in general terms, never in the API's English. */
export function importErrorText(e: LineError, lang: Lang): string {
  const where = e.line > 0 ? fill(IMPORT_TEXT.line[lang], { line: e.line }) : IMPORT_TEXT.file[lang];
  const what = e.problem && e.problem in IMPORT_PROBLEM_TEXT
    ? fill(IMPORT_PROBLEM_TEXT[e.problem][lang], { column: e.column ?? '', ...e.params })
    : REASON_TEXT.INVALID_INPUT[lang];
  return `${where}: ${what}`;
}

const cohortName = (campaign: Campaign, id: string | undefined, lang: Lang) => {
  const k = campaign.cohorts.find((c) => c.id === id);
  return k ? (lang === 'ko' ? k.label : k.labelEn) : lang === 'ko' ? '대상 그룹' : 'A cohort';
};

export function scheduleCheckText(check: ScheduleCheck, campaign: Campaign, lang: Lang): string {
  const text = SCHEDULE_PROBLEM_TEXT[check.problem] ?? SCHEDULE_PROBLEM_TEXT.input;
  return fill(text[lang], { cohort: cohortName(campaign, check.cohorts?.[0], lang), other: cohortName(campaign, check.cohorts?.[1], lang) });
}

/** A value the input schema refused (`cohorts.1.opensAt`): the cohort it belongs to, by label. */
export function scheduleIssueText(path: string, campaign: Campaign, lang: Lang): string {
  const index = /^cohorts\.(\d+)\./.exec(path)?.[1];
  const id = index === undefined ? undefined : campaign.cohorts[Number(index)]?.id;
  return id ? fill(SCHEDULE_PROBLEM_TEXT.input[lang], { cohort: cohortName(campaign, id, lang) }) : REASON_TEXT.INVALID_INPUT[lang];
}
