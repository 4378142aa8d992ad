// Checks a search body the way Palenca's FastAPI service does, answering with its `detail` list.
import { parseDay } from './days.ts';

export interface DetailItem {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
}

export interface SearchRequest {
  startDate: string;
  endDate: string;
  externalId: string | null;
  itemsPerPage: number;
  page: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkDate(body: Record<string, unknown>, field: string, problems: DetailItem[]) {
  const value = body[field];
  if (value === undefined) {
    problems.push({ loc: ['body', field], msg: 'Field required', type: 'missing' });
    return '';
  }
  if (typeof value !== 'string') {
    problems.push({
      loc: ['body', field],
      msg: 'Input should be a valid date',
      type: 'date_type',
      input: value,
    });
    return '';
  }
  if (parseDay(value) === null) {
    problems.push({
      loc: ['body', field],
      msg: 'Input should be a valid date in the format YYYY-MM-DD',
      type: 'date_from_datetime_parsing',
      input: value,
    });
    return '';
  }
  return value;
}

function checkInt(
  options: Record<string, unknown>,
  field: string,
  fallback: number,
  min: number,
  max: number | null,
  problems: DetailItem[],
): number {
  const value = options[field];
  if (value === undefined) return fallback;
  const loc = ['body', 'options', field];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    problems.push({ loc, msg: 'Input should be a valid integer', type: 'int_type', input: value });
    return fallback;
  }
  if (value < min) {
    const msg = `Input should be greater than or equal to ${min}`;
    problems.push({ loc, msg, type: 'greater_than_equal', input: value });
  } else if (max !== null && value > max) {
    const msg = `Input should be less than or equal to ${max}`;
    problems.push({ loc, msg, type: 'less_than_equal', input: value });
  }
  return value;
}

export function validateSearch(
  body: unknown,
): { ok: true; request: SearchRequest } | { ok: false; detail: DetailItem[] } {
  if (!isRecord(body)) {
    return {
      ok: false,
      detail: [{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }],
    };
  }
  const problems: DetailItem[] = [];
  const startDate = checkDate(body, 'start_date', problems);
  const endDate = checkDate(body, 'end_date', problems);
  let externalId: string | null = null;
  if (body.external_id !== undefined && body.external_id !== null) {
    if (typeof body.external_id === 'string') externalId = body.external_id;
    else {
      problems.push({
        loc: ['body', 'external_id'],
        msg: 'Input should be a valid string',
        type: 'string_type',
        input: body.external_id,
      });
    }
  }
  let itemsPerPage = 100;
  let page = 1;
  if (body.options !== undefined && body.options !== null) {
    if (!isRecord(body.options)) {
      problems.push({
        loc: ['body', 'options'],
        msg: 'Input should be a valid dictionary',
        type: 'dict_type',
      });
    } else {
      itemsPerPage = checkInt(body.options, 'items_per_page', 100, 1, 150, problems);
      page = checkInt(body.options, 'page', 1, 1, null, problems);
    }
  }
  if (problems.length > 0) return { ok: false, detail: problems };
  return { ok: true, request: { startDate, endDate, externalId, itemsPerPage, page } };
}
