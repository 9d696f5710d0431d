/** People kept on the device: validated with the same schema the server uses before they are stored. */
import type { PersonInput } from '../../shared/person';
import { database, type StoredPerson } from './db';
import { dropJourney, listJourneys } from './journeys';

export type PutResult = { ok: true; person: StoredPerson } | { ok: false; fields: Array<'name' | 'birthDate' | 'phone'> };

export async function listPeople(): Promise<StoredPerson[]> {
  return (await (await database()).getAll('people')).sort((a, b) => a.addedAt - b.addedAt);
}

/** The server's own schema, loaded on the first save (zod is not needed to draw the first screen). */
const schema = () => import('../../shared/person').then((m) => m.personSchema);

export async function putPerson(input: PersonInput, id: string = crypto.randomUUID()): Promise<PutResult> {
  const personSchema = await schema();
  const parsed = personSchema.safeParse(input);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))].filter((f): f is 'name' | 'birthDate' | 'phone' => ['name', 'birthDate', 'phone'].includes(f));
    return { ok: false, fields };
  }
  const person: StoredPerson = { ...parsed.data, id, addedAt: Date.now() };
  await (await database()).put('people', person);
  return { ok: true, person };
}

/** Keeps the credential of a phone check with the person it belongs to. */
export async function saveCredential(personId: string, campaignId: string, held: { credential: string; expiresAt: string }): Promise<void> {
  const db = await database();
  const tx = db.transaction('people', 'readwrite');
  const person = await tx.store.get(personId);
  if (person) await tx.store.put({ ...person, credentials: { ...person.credentials, [campaignId]: held } });
  await tx.done;
}

/**
 * A person corrected: kept in their place in the list. A credential, a ticket and an admission are
 * bound to the name, birth date and phone: when those change, the credential goes, and so does any
 * journey not yet booked (it joins again as the person now is; a booking already made stays).
 */
export async function updatePerson(before: StoredPerson, input: PersonInput): Promise<PutResult> {
  const parsed = (await schema()).safeParse(input);
  if (!parsed.success) return putPerson(input, before.id);
  const same = parsed.data.name === before.name && parsed.data.birthDate === before.birthDate && parsed.data.phone === before.phone;
  const person: StoredPerson = { ...parsed.data, id: before.id, addedAt: before.addedAt, ...(same && before.credentials ? { credentials: before.credentials } : {}) };
  await (await database()).put('people', person);
  if (!same) for (const j of await listJourneys()) if (j.personId === before.id && !j.booking) await dropJourney(j.key);
  return { ok: true, person };
}

/** Puts a removed person back exactly as they were (undo): their clinic choices and journeys were never removed. */
export async function restorePerson(person: StoredPerson): Promise<void> {
  await (await database()).put('people', person);
}

export async function removePerson(id: string): Promise<void> {
  await (await database()).delete('people', id);
}
