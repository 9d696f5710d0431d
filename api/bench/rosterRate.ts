/** For `yeyak bench`: a registry-sized roster CSV written and imported in process, timed, with the process's peak memory before and after (it is the bench's first step, so the peak is the import's). */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '../db/open';
import { loadDemo } from '../demo/load';
import { importRoster, ROSTER_HEADER } from '../roster/import';
import { loadSecrets } from '../secrets';
import { personNo } from './people';

export interface RosterRate {
  rows: number;
  fileMb: number;
  seconds: number;
  /** Peak resident memory of this process before and after the import, MB. */
  peakBeforeMb: number;
  peakAfterMb: number;
}

export function measureRosterImport(rows: number): RosterRate {
  const dir = mkdtempSync(join(tmpdir(), 'yeyak-roster-'));
  try {
    const file = join(dir, 'roster.csv');
    const fd = openSync(file, 'w');
    let chunk = `${ROSTER_HEADER}\n`;
    for (let i = 0; i < rows; i++) {
      const p = personNo(i, 1967 + (i % 2));
      chunk += `${p.name},${p.birthDate},${p.phone}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
    closeSync(fd);
    const storage = openStorage(join(dir, 'data'));
    try {
      const demo = loadDemo(storage, { identity: 'verified', now: Date.now(), clinics: 1, days: 1 });
      const { identityKey } = loadSecrets(join(dir, 'data'));
      const peakBeforeMb = process.resourceUsage().maxRSS / 1024;
      const started = performance.now();
      importRoster(storage.sqlite, identityKey, demo.campaign.id, file);
      const seconds = (performance.now() - started) / 1000;
      return { rows, fileMb: statSync(file).size / 2 ** 20, seconds, peakBeforeMb, peakAfterMb: process.resourceUsage().maxRSS / 1024 };
    } finally {
      storage.sqlite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
