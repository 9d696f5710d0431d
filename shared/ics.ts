/** An iCalendar file (RFC 5545) for a booking's appointments: UTC times, escaped text, CRLF lines folded at 75 octets. */

export interface CalendarEvent {
  /** Globally unique and stable, so importing the file again updates the same event. */
  uid: string;
  /** Epoch ms. */
  start: number;
  minutes: number;
  summary: string;
  location: string;
  description: string;
}

/** RFC 5545 3.3.11: backslash, semicolon and comma are escaped; a newline becomes \n. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** 20210817T000000Z: a UTC date-time (3.3.5, form 2), which needs no VTIMEZONE. */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
}

/** UTF-8 octets of one character (shared/ has no TextEncoder: no DOM, no Node). */
const octetsOf = (ch: string): number => encodeURIComponent(ch).replace(/%[0-9A-F]{2}/g, 'x').length;

/** RFC 5545 3.1: lines longer than 75 octets are folded (CRLF and one space), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = octetsOf(ch);
    // The first line holds 75 octets; each continuation 74 after its leading space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The whole file; `now` is the DTSTAMP (when the file was made). */
export function buildIcs(events: CalendarEvent[], now: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//yeyak//booking//KO', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${utcStamp(now)}`,
      `DTSTART:${utcStamp(e.start)}`,
      `DTEND:${utcStamp(e.start + e.minutes * 60_000)}`,
      `SUMMARY:${escapeText(e.summary)}`,
      `LOCATION:${escapeText(e.location)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      // A reminder the day before: the clinic expects people on time.
      'BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${escapeText(e.summary)}`, 'TRIGGER:-P1D', 'END:VALARM',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
