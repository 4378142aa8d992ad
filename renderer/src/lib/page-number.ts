// Reads what was typed in "Go to page": a whole number from 1 to the last page, or why not.
export type PageProblem = { kind: 'not_a_page' } | { kind: 'out_of_range'; page: number };

export type PageReading = { ok: true; page: number } | { ok: false; problem: PageProblem };

export function readPageNumber(typed: string, lastPage: number): PageReading {
  const text = typed.trim();
  if (!/^\d+$/.test(text)) return { ok: false, problem: { kind: 'not_a_page' } };
  const page = Number(text);
  if (page < 1 || page > lastPage) return { ok: false, problem: { kind: 'out_of_range', page } };
  return { ok: true, page };
}
