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
  // Updates
  'updates_off',
  'update_not_ready',
  'restart_export_running',
  // Anything we did not foresee; logged with detail
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Finer reasons an error may carry in `reason`, when the code alone would give vaguer words
 * (the renderer has a message for each). For a pasted key (`bad_input` on `key`): why it
 * cannot be a key. For `invalid_key`: Palenca accepts it for the other environment.
 */
export const ERROR_REASONS = [
  'key_empty',
  'key_space_inside',
  'key_bad_character',
  'key_too_short',
  'key_too_long',
  'key_other_environment',
] as const;

export type ErrorReason = (typeof ERROR_REASONS)[number];

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);

/**
 * When checking a new key ends in one of these, Palenca simply could not answer: the person
 * may choose to save the key without checking. Shared so the CLI and the screens agree.
 */
export const CHECK_SKIPPABLE_CODES: readonly ErrorCode[] = [
  'offline',
  'timeout',
  'unavailable',
  'rate_limited',
];
