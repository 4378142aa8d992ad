// The column separator Excel expects on a computer: it opens a .csv with the region's list
// separator, which is `;` wherever the decimal separator is a comma (1,5), since a comma
// there already belongs to numbers. Derived from the locale data itself, not a hand-kept
// list of countries: es-MX writes 1.5 (comma-separated files), pt-BR and es-CO 1,5 (semicolons).
import type { CsvDelimiter } from './models.ts';

/** `,` or `;` for a BCP 47 locale such as `pt-BR`; `,` for anything it cannot read. */
export function excelSeparatorFor(locale: string | null | undefined): CsvDelimiter {
  // POSIX-style names (`pt_BR.UTF-8`) reach us from some Linux desktops.
  const tag = (locale ?? '').split('.')[0]?.replaceAll('_', '-') ?? '';
  if (!tag || tag === 'C' || tag === 'POSIX') return ',';
  try {
    const parts = new Intl.NumberFormat(tag).formatToParts(1.5);
    return parts.find((part) => part.type === 'decimal')?.value === ',' ? ';' : ',';
  } catch {
    return ',';
  }
}
