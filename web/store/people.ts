/** People kept on the device: validated with the same schema the server uses before they are stored. */
import { personSchema, type PersonInput } from '../../shared/person';
import { database, type StoredPerson } from './db';

export type PutResult = { ok: true; person: StoredPerson } | { ok: false; fields: Array<'name' | 'birthDate' | 'phone'> };

export async function listPeople(): Promise<StoredPerson[]> {
  return (await (await database()).getAll('people')).sort((a, b) => a.addedAt - b.addedAt);
}

export async function putPerson(input: PersonInput, id = crypto.randomUUID()): Promise<PutResult> {
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

export async function removePerson(id: string): Promise<void> {
  await (await database()).delete('people', id);
}
