// Calendar arithmetic on UTC epoch days, shared by the fake's data and its validation.

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The epoch day of a real calendar day `YYYY-MM-DD`, or null (2023-02-30 is null). */
export function parseDay(text: string): number | null {
  const match = DAY_PATTERN.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999: Palenca (pydantic)
  // takes any day from 0001-01-01.
  const back = new Date(0);
  back.setUTCFullYear(year, month - 1, day);
  const ms = back.getTime();
  if (
    year < 1 ||
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day
  ) {
    return null;
  }
  return Math.round(ms / DAY_MS);
}

export function formatDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function epochDayToMs(epochDay: number): number {
  return epochDay * DAY_MS;
}
