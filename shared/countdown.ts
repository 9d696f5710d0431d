/** Countdowns against the server's clock: a phone whose clock is wrong still counts down to the real opening. */

/** How far the server's clock is ahead of ours, from one schedule.get round trip (NTP-style midpoint). */
export function clockSkewMs(serverTimeIso: string, sentAt: number, receivedAt: number): number {
  return Date.parse(serverTimeIso) - (sentAt + receivedAt) / 2;
}

/** Remaining time as "2일 03:04:05" (`dayUnit` from the message table); days only when there are some. */
export function formatRemaining(ms: number, dayUnit: string): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return d > 0 ? `${d}${dayUnit} ${hms}` : hms;
}
