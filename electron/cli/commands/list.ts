// `palenca-users-cli list`: one page of users in a date window, as a table or as JSON.

import type { UsersPage } from '#common/models.ts';
import { checkSearchInput } from '../../backend/palenca/search-input.ts';
import { BLANK_EXTERNAL_ID, blankFlag, parseFlags, wholeNumber } from '../args.ts';
import {
  BAD_SHARE,
  DEFAULT_SHARE_PERCENT,
  governorFor,
  shareFlag,
  tellAllowance,
} from '../cli-allowance.ts';
import { reportAppError, reportError } from '../cli-errors.ts';
import { type CliCommand, type CliIO, EXIT, PROGRAM } from '../cli-io.ts';
import { BAD_ENVIRONMENT, type CliClientOptions, cliClient, environmentFlag } from '../cli-key.ts';
import { formatTable } from '../table.ts';

const DEFAULT_PER_PAGE = 50;

const USAGE = `Usage: ${PROGRAM} list --from YYYY-MM-DD --to YYYY-MM-DD [options]

Prints one page of the users who connected between two days (both included),
newest first.

Options:
  --from YYYY-MM-DD    earliest day (required)
  --to YYYY-MM-DD      latest day (required)
  --external-id ID     only the users with exactly this external ID (sent as given:
                       upper and lower case, and spaces at either end, count)
  --page N             which page to print, 1 to 100000 (default 1)
  --per-page M         users per page, 1 to 150 (default ${DEFAULT_PER_PAGE})
  --env ENV            production or sandbox (default production)
  --share PERCENT      most of your organisation's Palenca allowance to use, 25 to 100
                       (default ${DEFAULT_SHARE_PERCENT}; one page is one request)
  --json               print {"users": [...], "pagination": {...}} instead of a table
  -h, --help           show this help

The API key is read from the PALENCA_API_KEY environment variable, or else from the
keychain, where \`${PROGRAM} key set\` saves it.
PALENCA_API_URL overrides Palenca's address (a reverse proxy, or a test server).
HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or lowercase) send requests through a forward proxy.
A redirect is never followed: the key goes only to the address in use.

Exit codes: 0 done, 2 bad options or input, 1 anything else; 130, 143 and 129
when cancelled by SIGINT (Ctrl+C), SIGTERM and SIGHUP.
`;

const FLAGS = {
  from: { type: 'string' },
  to: { type: 'string' },
  'external-id': { type: 'string' },
  page: { type: 'string' },
  'per-page': { type: 'string' },
  env: { type: 'string' },
  share: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function renderTable(page: UsersPage): string {
  const { pagination } = page;
  const total = pagination.total_items;
  const summary = `Page ${pagination.page} of ${Math.max(1, pagination.total_pages)} · ${total} ${total === 1 ? 'user' : 'users'}`;
  if (page.users.length === 0) {
    return `${total === 0 ? 'No users in this window.' : 'No users on this page.'}\n${summary}\n`;
  }
  const table = formatTable(
    ['User ID', 'External ID', 'Widget ID'],
    page.users.map((user) => [user.user_id, user.external_id ?? '—', user.widget_id]),
  );
  return `${table}\n\n${summary}\n`;
}

export function createListCommand(options: CliClientOptions = {}): CliCommand {
  async function run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseFlags(args, FLAGS);
    if (!parsed.ok) {
      return reportError(io, `${parsed.error.message} Run \`${PROGRAM} list --help\`.`, EXIT.usage);
    }
    const flags = parsed.value;
    if (flags.help) {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    if (!flags.from || !flags.to) {
      const missing = !flags.from ? '--from' : '--to';
      return reportError(io, `The option ${missing} YYYY-MM-DD is required.`, EXIT.usage);
    }
    const environment = environmentFlag(flags.env);
    if (!environment) return reportError(io, BAD_ENVIRONMENT, EXIT.usage);
    const share = shareFlag(flags.share);
    if (share === null) return reportError(io, BAD_SHARE, EXIT.usage);
    if (blankFlag(flags['external-id'])) return reportError(io, BLANK_EXTERNAL_ID, EXIT.usage);
    const query = {
      from: flags.from,
      to: flags.to,
      externalId: flags['external-id'],
      page: wholeNumber(flags.page, 1),
      perPage: wholeNumber(flags['per-page'], DEFAULT_PER_PAGE),
    };
    // Input is checked before the key is looked up: a typo needs no key to be reported.
    const checked = checkSearchInput(query);
    if (!checked.ok) return reportAppError(io, checked.error);

    const governor = governorFor(share);
    const client = await cliClient(environment, io.env, governor, options);
    if (!client.ok) return reportAppError(io, client.error);
    const unwatch = tellAllowance(governor, io);
    const page = await client.value.searchUsers(query, io.signal ? { signal: io.signal } : {});
    unwatch();
    if (!page.ok) return reportAppError(io, page.error);

    io.stdout(
      flags.json
        ? `${JSON.stringify({ users: page.value.users, pagination: page.value.pagination }, null, 2)}\n`
        : renderTable(page.value),
    );
    return EXIT.ok;
  }

  return {
    name: 'list',
    summary: 'print one page of users between two days',
    usage: USAGE,
    run,
    cancellable: true,
  };
}
