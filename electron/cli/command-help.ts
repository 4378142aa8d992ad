// The paragraphs and option lines that several commands' --help texts share, written once so
// they cannot drift apart: the key and address paragraph, the exit codes, the common options.
import { DEFAULT_SHARE_PERCENT } from './cli-allowance.ts';
import { PROGRAM } from './cli-io.ts';

/** Option lines and paragraphs, as they stand in the help texts. */
export const HELP = {
  windowOptions: `  --from YYYY-MM-DD    earliest day (required)
  --to YYYY-MM-DD      latest day (required)`,
  envOption: '  --env ENV            production or sandbox (default production)',
  shareOption: `  --share PERCENT      most of your organisation's Palenca allowance to use, 25 to 100
                       (default ${DEFAULT_SHARE_PERCENT}); the rest stays free for its own product`,
  csvOptions: `  --bom                start the file with a UTF-8 byte-order mark (for Excel)
  --delimiter D        , or ; (default ,; Excel expects ; in many locales)`,
  helpOption: '  -h, --help           show this help',
  /** Where the key comes from and where requests go: the same for every command that asks Palenca. */
  keyAndAddress: `The API key is read from the PALENCA_API_KEY environment variable, or else from the
keychain, where \`${PROGRAM} key set\` saves it.
PALENCA_API_URL overrides Palenca's address (a reverse proxy, or a test server).
HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or lowercase) send requests through a forward proxy.
A redirect is never followed: the key goes only to the address in use.`,
} as const;

const WIDTH = 80;
// Kept on one line, so the signal codes are read next to what they mean.
const KEEP_TOGETHER = '130, 143 and 129';

/** Words filled into lines of at most WIDTH columns. */
function fill(text: string): string {
  const words = text.replace(KEEP_TOGETHER, KEEP_TOGETHER.replaceAll(' ', '\u00a0')).split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.join('\n').replaceAll('\u00a0', ' ');
}

/**
 * The exit codes paragraph of a cancellable command that asks Palenca. `badInput` says what
 * exits 2; `savesFile` adds that only a success leaves a file.
 */
export function exitCodesHelp(badInput = 'bad options or input', savesFile = false): string {
  return fill(
    `Exit codes: 0 done, 2 ${badInput}, 1 anything else; ${KEEP_TOGETHER} when cancelled by SIGINT (Ctrl+C), SIGTERM and SIGHUP.${savesFile ? ' Only 0 saves a file.' : ''}`,
  );
}
