/** Many distinct, valid people for load tests: Hangul names, birth dates inside a cohort, mobile numbers from the index. */
import type { PersonInput } from '../../shared/person';

const SYLLABLES = '가나다라마바사아자차카타파하거너더러머버';

export function personNo(i: number, birthYear = 1967): PersonInput {
  let name = '';
  let n = i;
  do {
    name += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  const month = String(1 + (i % 12)).padStart(2, '0');
  const day = String(1 + (i % 28)).padStart(2, '0');
  return { name: `김${name}`, birthDate: `${birthYear}-${month}-${day}`, phone: `010-${String(1000 + (i % 9000)).padStart(4, '0')}-${String(i % 10000).padStart(4, '0')}` };
}
