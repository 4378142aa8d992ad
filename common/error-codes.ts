// The one list of error codes the app can show. Renderer catalogs must have a message for each.
export const ERROR_CODES = [
  // Palenca client
  'missing_key',
  'invalid_key',
  'bad_request',
  'rate_limited',
  'unavailable',
  'timeout',
  'offline',
  'bad_response',
  'cancelled',
  'insecure_url',
  'not_found',
  // Palenca's answer itself: too large to read (abandoned while reading), or at odds with
  // itself or the request (more users than asked for…). Neither is retried nor skippable.
  'answer_too_large',
  'answer_inconsistent',
  // The network between this computer and Palenca (network-errors.ts)
  'certificate_untrusted',
  'proxy_failed',
  'redirected',
  // IPC boundary
  'bad_input',
  // Keychain
  'keychain_unavailable',
  'keychain_timeout',
  // Files and export
  'export_busy',
  'export_changed',
  'write_failed',
  'file_missing',
  // The chosen file cannot be an export: a link, a folder, a device, a pipe, a name too long
  'bad_target',
  // Export options (issue 18): "since the last export" with no earlier export to continue
  // from; the accounts columns for more users than an hour of requests allows
  'no_last_export',
  'accounts_too_many',
  // A value a workbook cannot hold exactly (a control character XML forbids): the workbook
  // is not saved rather than saved altered; CSV keeps it
  'not_in_workbook',
  // Connections: the window's attempts kept changing while they were read
  'window_changed',
  // Reconcile a list: nothing to look up, more than 5,000 IDs, no column by that name,
  // one already running, none to resume or export
  'list_empty',
  'list_too_long',
  'list_no_column',
  'reconcile_busy',
  'no_reconcile',
  // Updates
  'updates_off',
  'update_not_ready',
  'restart_export_running',
  // Anything we did not foresee; logged with detail
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Why a pasted text cannot be a key: the screens say each at the key field. */
export const KEY_TEXT_REASONS = [
  'key_empty',
  'key_space_inside',
  'key_bad_character',
  'key_too_short',
  'key_too_long',
] as const;

export type KeyTextReason = (typeof KEY_TEXT_REASONS)[number];

/**
 * Finer reasons an error may carry in `reason`, when the code alone would give vaguer words
 * (the renderer has a message for each). For a pasted key (`bad_input` on `key`): why it
 * cannot be a key. For `invalid_key`: Palenca accepts it for the other environment.
 */
export const ERROR_REASONS = [...KEY_TEXT_REASONS, 'key_other_environment'] as const;

export type ErrorReason = (typeof ERROR_REASONS)[number];

export const isKeyTextReason = (value: unknown): value is KeyTextReason =>
  typeof value === 'string' && (KEY_TEXT_REASONS as readonly string[]).includes(value);

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);

// Named groups of codes, so the backend, the CLI and the screens decide alike.

/** Palenca is struggling (unavailable, too slow): fewer requests at once before trying again. */
export const PUSHBACK_CODES: readonly ErrorCode[] = ['unavailable', 'timeout'];

/** Palenca said "not now": struggling, or its allowance used up. Worth asking again later. */
export const BUSY_CODES: readonly ErrorCode[] = [...PUSHBACK_CODES, 'rate_limited'];

/**
 * Palenca could not answer: busy, or out of reach. Nothing says the key is wrong, so when
 * checking a new key ends in one of these, the person may save it without checking.
 */
export const CHECK_SKIPPABLE_CODES: readonly ErrorCode[] = [...BUSY_CODES, 'offline'];

/**
 * Worth another try of the same request once the client's own retries gave up: Palenca
 * struggling, the network gone for a moment, or an answer garbled on the way.
 */
export const RETRYABLE_CODES: readonly ErrorCode[] = [...PUSHBACK_CODES, 'offline', 'bad_response'];

/** The request's input was refused; with a `field`, the words name it. */
export const BAD_INPUT_CODES: readonly ErrorCode[] = ['bad_request', 'bad_input'];

/** The person's own input is at fault, the chosen file included: the CLI's usage errors. */
export const USAGE_ERROR_CODES: readonly ErrorCode[] = [...BAD_INPUT_CODES, 'bad_target'];
