// `palenca-users-cli list`: one page of users in a date window, as a table or as JSON.

import type { UsersPage } from '#common/models.ts';
import { checkSearchInput } from '../../backend/palenca/search-input.ts';
import { BLANK_EXTERNAL_ID, blankFlag, wholeNumber } from '../args.ts';
import { DEFAULT_SHARE_PERCENT, tellAllowance } from '../cli-allowance.ts';
import { reportAppError, reportError } from '../cli-errors.ts';
import { type CliCommand, type CliIO, EXIT, PROGRAM } from '../cli-io.ts';
import type { CliClientOptions } from '../cli-key.ts';
import { exitCodesHelp, HELP } from '../command-help.ts';
import {
  type CheckedLine,
  checkedCommand,
  commandLine,
  openClient,
  SHARED_FLAGS,
  windowRequired,
} from '../command-start.ts';
import { formatTable } from '../table.ts';

const DEFAULT_PER_PAGE = 50;

const USAGE = `Usage: ${PROGRAM} list --from YYYY-MM-DD --to YYYY-MM-DD [options]

Prints one page of the users who connected between two days (both included),
newest first.

Options:
${HELP.windowOptions}
  --external-id ID     only the users with exactly this external ID (sent as given:
                       upper and lower case, and spaces at either end, count)
  --page N             which page to print, 1 to 100000 (default 1)
  --per-page M         users per page, 1 to 150 (default ${DEFAULT_PER_PAGE})
${HELP.envOption}
  --share PERCENT      most of your organisation's Palenca allowance to use, 25 to 100
                       (default ${DEFAULT_SHARE_PERCENT}; one page is one request)
  --json               print {"users": [...], "pagination": {...}} instead of a table
${HELP.helpOption}

${HELP.keyAndAddress}

${exitCodesHelp()}
`;

const FLAGS = {
  ...SHARED_FLAGS.window,
  ...SHARED_FLAGS.api,
  'external-id': { type: 'string' },
  page: { type: 'string' },
  'per-page': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const COMMAND_LINE = commandLine('list', USAGE, FLAGS, windowRequired);

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
  async function run({ flags, settings }: CheckedLine<typeof FLAGS>, io: CliIO): Promise<number> {
    if (blankFlag(flags['external-id'])) return reportError(io, BLANK_EXTERNAL_ID, EXIT.usage);
    const query = {
      from: flags.from ?? '',
      to: flags.to ?? '',
      externalId: flags['external-id'],
      page: wholeNumber(flags.page, 1),
      perPage: wholeNumber(flags['per-page'], DEFAULT_PER_PAGE),
    };
    // Input is checked before the key is looked up: a typo needs no key to be reported.
    const checked = checkSearchInput(query);
    if (!checked.ok) return reportAppError(io, checked.error);

    const opened = await openClient(settings, io, options);
    if (typeof opened === 'number') return opened;
    const unwatch = tellAllowance(opened.governor, io);
    const page = await opened.client.searchUsers(query, io.signal ? { signal: io.signal } : {});
    unwatch();
    if (!page.ok) return reportAppError(io, page.error);

    io.stdout(
      flags.json
        ? `${JSON.stringify({ users: page.value.users, pagination: page.value.pagination }, null, 2)}\n`
        : renderTable(page.value),
    );
    return EXIT.ok;
  }

  return checkedCommand(COMMAND_LINE, 'print one page of users between two days', run);
}
