/** The staff endpoints outside tRPC: a clinic's day as CSV (clinic session) and the operator's CSV import of clinics, slots and rosters (too large for a tRPC body). */
import type http from 'node:http';
import type { App } from '../app';
import { csvFileName, dayToCsv } from '../clinic/csv';
import { importClinics, importSlots } from '../operator/import';
import { importRosterText, RosterError, UnknownCampaign } from '../roster/import';
import type { LineError } from '../../shared/operatorProblems';
import { SESSION_COOKIE } from '../routers/clinic';
import { OPERATOR_COOKIE } from '../routers/operator';
import { isCalendarDate } from '../../shared/time';
import { createRequestContext } from './context';

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const refusal = (reason: string, message: string, details?: unknown) => ({ error: { message, data: { reason, ...(details ? { details } : {}) } } });

/** The session's clinic's day as CSV; the clinic always comes from the session, never from the URL. */
export function exportCsv(app: App, req: http.IncomingMessage, res: http.ServerResponse, query: string): void {
  const ctx = createRequestContext(app, req, res);
  const clinicId = app.clinic.scopeOf(ctx.cookies[SESSION_COOKIE], app.now());
  const date = new URLSearchParams(query).get('date') ?? '';
  if (!clinicId) return answer(res, 401, refusal('FORBIDDEN', 'Sign in first.'));
  if (!isCalendarDate(date)) return answer(res, 400, refusal('INVALID_INPUT', 'date must be YYYY-MM-DD'));
  const day = app.clinic.day(clinicId, date);
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': csvFileName(day),
    'cache-control': 'private, no-store',
  });
  res.end(dayToCsv(day));
}

/** A campaign's roster (kind 'roster', with campaignId): replaced all or nothing, the first bad line named; the whole country's goes through `yeyak roster import`. */
function importRosterCsv(app: App, res: http.ServerResponse, campaignId: unknown, csv: string): void {
  if (typeof campaignId !== 'string' || campaignId === '') {
    return answer(res, 400, refusal('INVALID_INPUT', 'campaignId names the campaign whose roster this is', { errors: [{ line: 0, message: 'campaignId names the campaign whose roster this is', problem: 'unknown_roster_campaign' } satisfies LineError] }));
  }
  try {
    const r = importRosterText(app.sqlite, app.secrets.identityKey, campaignId, csv);
    answer(res, 200, { ok: true, rows: r.rows, changed: r.people });
  } catch (err) {
    if (err instanceof RosterError) {
      const error: LineError = { line: err.line, message: err.message.replace(/^line \d+: /, ''), ...(err.code ? { problem: err.code } : {}), ...(err.column ? { column: err.column } : {}), ...(err.params ? { params: err.params } : {}) };
      return answer(res, 400, refusal('INVALID_INPUT', 'nothing was loaded', { errors: [error] }));
    }
    if (err instanceof UnknownCampaign) return answer(res, 400, refusal('INVALID_INPUT', 'nothing was loaded', { errors: [{ line: 0, message: err.message, problem: 'unknown_roster_campaign' } satisfies LineError] }));
    app.log.error({ err: { message: (err as Error).message } }, 'roster import failed');
    answer(res, 503, refusal('RATE_LIMITED', 'the database is busy; nothing was loaded, try again'));
  }
}

/** A country's clinics or slots: up to 16 MiB of CSV, sent as JSON `{ kind, csv }` (every POST is JSON). */
const MAX_CSV_BYTES = 16 * 1024 * 1024;
/** JSON escapes quotes and line ends, so the body may be larger than the file it carries. */
const MAX_BODY_BYTES = 2 * MAX_CSV_BYTES + 1024;

/** All-or-nothing, errors by line. */
export function importCsv(app: App, req: http.IncomingMessage, res: http.ServerResponse): void {
  const ctx = createRequestContext(app, req, res);
  if (!app.operator.scopeOf(ctx.cookies[OPERATOR_COOKIE], app.now())) return void (req.resume(), answer(res, 401, refusal('FORBIDDEN', 'Sign in first.')));
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= MAX_BODY_BYTES) chunks.push(c);
  });
  req.on('end', () => {
    if (size > MAX_BODY_BYTES) return answer(res, 413, refusal('INVALID_INPUT', 'the file is over 16 MiB'));
    let body: { kind?: unknown; csv?: unknown; campaignId?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) ?? {};
    } catch {
      return answer(res, 400, refusal('INVALID_INPUT', 'the body is not valid JSON'));
    }
    const { kind, csv, campaignId } = body;
    if (kind !== 'clinics' && kind !== 'slots' && kind !== 'roster') return answer(res, 400, refusal('INVALID_INPUT', 'kind is clinics, slots or roster'));
    if (typeof csv !== 'string') return answer(res, 400, refusal('INVALID_INPUT', 'csv is the file as text'));
    if (Buffer.byteLength(csv) > MAX_CSV_BYTES) return answer(res, 413, refusal('INVALID_INPUT', 'the file is over 16 MiB'));
    if (kind === 'roster') return importRosterCsv(app, res, campaignId, csv);
    try {
      const result = kind === 'clinics' ? importClinics(app.db, app.sqlite, csv) : importSlots(app.sqlite, csv);
      answer(res, result.ok ? 200 : 400, result.ok ? result : refusal('INVALID_INPUT', 'nothing was loaded', { errors: result.errors }));
    } catch (err) {
      app.log.error({ err: { message: (err as Error).message } }, 'import failed');
      answer(res, 503, refusal('RATE_LIMITED', 'the database is busy; nothing was loaded, try again'));
    }
  });
}
