// The one place that maps the app's From/To onto Palenca's date fields. Whether a text is a real
// calendar day is common/days.ts's to say, for the backend and the page alike.

/** The app's window: From is the earliest day, To the latest (both inclusive, YYYY-MM-DD). */
export interface AppDateWindow {
  from: string;
  to: string;
}

/** Palenca's names for the same window. */
export interface ApiDateWindow {
  start_date: string;
  end_date: string;
}

/**
 * The prose of Palenca's API reference and its request sample make `start_date` the LATEST
 * day and `end_date` the EARLIEST, while its parameter table shows the opposite. Prose and
 * sample agree, so they win. If Palenca's live behaviour ever says otherwise, flip it here only.
 */
export function toApiDateWindow(window: AppDateWindow): ApiDateWindow {
  return { start_date: window.to, end_date: window.from };
}

/** Which app field each API date field stands for, derived from the mapping above. */
export const APP_FIELD_OF_API_DATE: Readonly<Record<keyof ApiDateWindow, 'from' | 'to'>> = (() => {
  const probe = toApiDateWindow({ from: 'from', to: 'to' });
  return {
    start_date: probe.start_date as 'from' | 'to',
    end_date: probe.end_date as 'from' | 'to',
  };
})();
