// What the backend tells "Help → Copy diagnostics": the environment in use and the code of
// the last call that failed. Only the stable code is kept, never an error's message or detail,
// which may quote what Palenca or a proxy sent back.
import type { CallName, CallResult } from '#common/contract.ts';
import type { ErrorCode } from '#common/error-codes.ts';
import type { Environment } from '#common/models.ts';

export interface BackendDiagnostics {
  environment: Environment;
  /** The code of the last call that failed; null when none has. */
  lastErrorCode: ErrorCode | null;
}

/** Notes the code of every failed call's result; a cancellation is the person's choice, not one. */
export class LastErrorRecorder {
  #last: ErrorCode | null = null;

  note(result: CallResult<CallName>): void {
    if (!result.ok && result.error.code !== 'cancelled') this.#last = result.error.code;
  }

  get last(): ErrorCode | null {
    return this.#last;
  }
}
