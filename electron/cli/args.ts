// Command-line flags through node:util parseArgs, with its errors turned into plain usage lines.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { fail, ok, type Result } from '#common/result.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<T extends Options>(
  args: string[],
  options: T,
): Result<ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true }>>['values']> {
  try {
    const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
    return ok(values);
  } catch (error) {
    return fail('bad_input', plainParseError(error));
  }
}

function plainParseError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const option = /'(-[^']*)'/.exec(e.message ?? '')?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${option ?? ''}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option
        ? `The option ${option.split(' ')[0]} needs a value.`
        : 'An option needs a value.';
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'Unexpected argument. Options are written as --name value.';
    default:
      return 'The command line could not be read.';
  }
}

/** A whole number written in digits, else NaN (so the client's own check names the field). */
export function wholeNumber(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/**
 * `--external-id` given but empty would silently mean "no filter", and one of only spaces or
 * tabs is almost surely a quoting slip in a script: both are refused. Any other value is sent
 * exactly as given, leading and trailing spaces included (an external ID may have them).
 */
export function blankFlag(value: string | undefined): boolean {
  return value !== undefined && value.trim() === '';
}

export const BLANK_EXTERNAL_ID =
  'The option --external-id is empty or only spaces. Give an external ID, or leave the option out to include every user.';
