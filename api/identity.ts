/** A person's key: a keyed hash of the normalized identity, so the uniqueness index holds no readable personal data. */
import { createHmac } from 'node:crypto';
import { identityOf, type Person } from '../shared/person';

export function personKey(identityKey: Buffer, person: Person): string {
  return createHmac('sha256', identityKey).update(identityOf(person)).digest('base64url');
}
