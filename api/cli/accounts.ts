/**
 * `yeyak clinic-user …`, `yeyak operator …`, `yeyak sessions …`: staff accounts from a shell.
 * A password comes from standard input (--password-stdin) or is made and written to a 0600 file
 * whose path is printed; never from argv. Each change is a security event, logged to standard
 * error as a JSON line (as the server logs its own), with the system user who made it.
 */
import { type Command, Option } from 'commander';
import { userInfo } from 'node:os';
import { pino } from 'pino';
import { Accounts, CLINIC_ACCOUNTS, OPERATOR_ACCOUNTS, type AccountKind, type Actor } from '../auth/accounts';
import { generatePassword, readPasswordFromStdin, writeCredentialFile } from '../auth/credentials';
import { openStorage } from '../db/open';
import { readEnv } from '../env';
import { toSeoulIso } from '../../shared/time';

const PASSWORD_IN_ARGV = '--password is not accepted: a password on the command line shows in ps and in shell history. '
  + "Pipe it in with --password-stdin (printf '%s' \"$PASSWORD\" | yeyak … --password-stdin), or leave both out to have one made and written to a private file.";

function actor(): Actor {
  let by = 'unknown';
  try {
    by = userInfo().username;
  } catch {
    // no passwd entry (a container): the address says it came from a shell
  }
  return { address: 'cli', by };
}

/** Opens the data directory's accounts of one kind, runs `work`, and turns its errors into a message and exit 1. */
async function withAccounts(kind: AccountKind, work: (accounts: Accounts, dataDir: string) => Promise<void> | void): Promise<void> {
  const { dataDir } = readEnv();
  const storage = openStorage(dataDir);
  const log = pino({ base: { service: 'yeyak-cli' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 2, sync: true }));
  try {
    await work(new Accounts(storage.sqlite, kind, { log }), dataDir);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  } finally {
    storage.sqlite.close();
  }
}

/** The password from standard input, or one made now and written to a file (said where). */
async function passwordFor(opts: { passwordStdin?: boolean }, dataDir: string, kind: AccountKind, username: string): Promise<{ password: string; file?: string }> {
  if (opts.passwordStdin) return { password: await readPasswordFromStdin() };
  const password = generatePassword();
  return { password, file: writeCredentialFile(dataDir, kind.name, username, password) };
}

const hiddenPassword = () => new Option('--password <password>', 'not accepted (argv is visible to others): use --password-stdin').hideHelp();

function accountCommands(parent: Command, kind: AccountKind): void {
  const clinic = kind.scope !== undefined;
  for (const reset of [false, true]) {
    parent.command(reset ? 'reset' : 'add')
      .description(reset ? "set a new password (from standard input, or made and written to a 0600 file); the account's sessions end" : 'add an account; its password from standard input, or made and written to a 0600 file')
      .option('--clinic <id>', reset ? 'move the account to this clinic' : 'the clinic')
      .requiredOption('--username <name>', '3 to 40 letters, digits, . _ -')
      .option('--password-stdin', 'read the password (at least 10 characters) from standard input', false)
      .addOption(hiddenPassword())
      .action(async (opts: { clinic?: string; username: string; passwordStdin: boolean; password?: string }, cmd: Command) => {
        if (opts.password !== undefined) cmd.error(PASSWORD_IN_ARGV, { exitCode: 2 });
        if (clinic && !reset && !opts.clinic) cmd.error('--clinic is required');
        if (!clinic && opts.clinic) cmd.error('operators belong to no clinic');
        await withAccounts(kind, async (accounts, dataDir) => {
          // Checked before a password is made, so a refused add leaves no credential file behind.
          if (!reset && accounts.list(Date.now()).some((a) => a.username === opts.username)) throw new Error(`${opts.username} exists; use reset to set a new password`);
          const { password, file } = await passwordFor(opts, dataDir, kind, opts.username);
          await accounts.put({ ...(opts.clinic ? { scope: opts.clinic } : {}), username: opts.username, password, reset }, Date.now(), actor());
          console.log(`${reset ? 'password set for' : 'added'} ${kind.name} ${opts.username}${file ? `; its password is in ${file} (0600): hand it over, then delete the file` : ''}`);
        });
      });
  }
  for (const disabled of [true, false]) {
    parent.command(disabled ? 'disable' : 'enable')
      .description(disabled ? 'stop an account from signing in; its sessions end at once' : 'let a disabled account sign in again')
      .requiredOption('--username <name>', 'the account')
      .action((opts: { username: string }) => withAccounts(kind, (accounts) => {
        accounts.setDisabled(opts.username, disabled, Date.now(), actor());
        console.log(`${disabled ? 'disabled' : 'enabled'} ${kind.name} ${opts.username}`);
      }));
  }
  parent.command('list')
    .description('the accounts, whether each is disabled, and its open sessions')
    .action(() => withAccounts(kind, (accounts) => {
      for (const a of accounts.list(Date.now())) {
        console.log([a.username, ...(clinic ? [a.scope] : []), a.disabled ? 'disabled' : 'active', `${a.sessions} sessions`, `changed ${toSeoulIso(a.updatedAt)}`].join('\t'));
      }
    }));
}

export function registerAccountCommands(program: Command): void {
  accountCommands(program.command('clinic-user').description('clinic staff accounts (each sees only its own clinic)'), CLINIC_ACCOUNTS);
  accountCommands(program.command('operator').description('operator accounts, one per person: the console at /operator/'), OPERATOR_ACCOUNTS);

  const kinds = { clinic: CLINIC_ACCOUNTS, operator: OPERATOR_ACCOUNTS };
  const sessions = program.command('sessions').description('open staff sessions: list them, end them');
  sessions.command('list')
    .description('every open session: kind, id, account, clinic, address, when it began and ends')
    .action(async () => {
      for (const kind of Object.values(kinds)) {
        await withAccounts(kind, (accounts) => {
          for (const s of accounts.sessions(Date.now())) {
            console.log([kind.name, s.id, s.username, s.scope ?? '-', s.address || '?', toSeoulIso(s.createdAt), toSeoulIso(s.expiresAt)].join('\t'));
          }
        });
      }
    });
  sessions.command('revoke')
    .description('end one session (by the id sessions list shows) or every session of an account')
    .addOption(new Option('--kind <kind>', 'clinic staff or operators').choices(['clinic', 'operator']).makeOptionMandatory())
    .option('--id <id>', 'the session')
    .option('--username <name>', 'every session of this account')
    .action((opts: { kind: 'clinic' | 'operator'; id?: string; username?: string }, cmd: Command) => {
      if (!opts.id === !opts.username) cmd.error('give --id or --username');
      return withAccounts(kinds[opts.kind], (accounts) => {
        const ended = accounts.revoke(opts.id ? { id: opts.id } : { username: opts.username! }, actor());
        console.log(`${ended} session${ended === 1 ? '' : 's'} ended`);
      });
    });
}
