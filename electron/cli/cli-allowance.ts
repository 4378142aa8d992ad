// The command line's side of Palenca's request allowance: the --share flag, the one governor
// a command's requests go through, and the lines that tell a person what it is doing.

import type { AllowanceStatus } from '#common/models.ts';
import { AllowanceGovernor } from '../backend/allowance/allowance-governor.ts';
import type { CliIO } from './cli-io.ts';

export const DEFAULT_SHARE_PERCENT = 50;
export const BAD_SHARE =
  "The option --share must be a whole number from 25 to 100: the percent of your organisation's Palenca allowance this command may use.";

/** `--share PERCENT`: 50 when left out, null when not a whole number from 25 to 100. */
export function shareFlag(value: string | undefined): number | null {
  if (value === undefined) return DEFAULT_SHARE_PERCENT;
  if (!/^\s*\d+\s*%?\s*$/.test(value)) return null;
  const percent = Number.parseInt(value, 10);
  return percent >= 25 && percent <= 100 ? percent : null;
}

/** The process's one pacing governor: a command's every request goes through it. */
export const governorFor = (sharePercent: number): AllowanceGovernor =>
  new AllowanceGovernor({ share: sharePercent / 100 });

/** Roughly how long, in words, for the estimate line. */
export function aboutDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (ms < 45_000) return 'less than a minute';
  if (minutes < 90) return `about ${Math.max(1, minutes)} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.round(ms / 360_000) / 10;
  return `about ${hours} hours`;
}

export const shareWords = (percent: number): string =>
  percent >= 100
    ? "using all of your organisation's Palenca allowance"
    : `paced to leave ${100 - percent}% of your organisation's Palenca allowance free`;

const clockTime = (epochMs: number): string => new Date(epochMs).toTimeString().slice(0, 8);

/** One stderr line when the pacing changes in a way a person should hear of. */
function allowanceLine(status: AllowanceStatus): string | null {
  if (status.state === 'waiting' && status.until !== null) {
    return `Palenca asked to slow down: waiting for its allowance until ${clockTime(status.until)}.`;
  }
  if (status.state === 'held_back') {
    return "Palenca is busy with your organisation's other requests: taking less of the allowance.";
  }
  return null;
}

/**
 * Writes a line on stderr each time the pacing changes in a way a person should hear of (a
 * wait after a 429, others using the allowance). `clearLine` first erases a progress bar.
 */
export function tellAllowance(
  governor: AllowanceGovernor,
  io: Pick<CliIO, 'stderr'>,
  clearLine = false,
): () => void {
  let lastLine: string | null = null;
  return governor.onStatus((status) => {
    const line = allowanceLine(status);
    if (line === null || line === lastLine) return;
    lastLine = line;
    io.stderr(`${clearLine ? '\r\x1b[K' : ''}${line}\n`);
  });
}
