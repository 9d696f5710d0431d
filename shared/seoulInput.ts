/** Between an ISO instant and the value of a datetime-local input, in Seoul time whatever the browser's zone. */
import { SEOUL_OFFSET_MS } from './time';

export function toSeoulLocalInput(iso: string): string {
  return new Date(Date.parse(iso) + SEOUL_OFFSET_MS).toISOString().slice(0, 16);
}

export function fromSeoulLocalInput(value: string): string {
  return `${value.length === 16 ? `${value}:00` : value}+09:00`;
}
