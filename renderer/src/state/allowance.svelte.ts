// What each environment's request governor is doing, from the backend's `allowance` events:
// the one place the renderer learns that Palenca refused a request and everything waits.
// Interactive calls (a page of users, a user's accounts, the count before an export) read it
// while they load, to say "Waiting for Palenca's allowance until 14:03".
import type { AllowanceStatus, Environment } from '#common/models.ts';

const PACED: AllowanceStatus = { state: 'paced', until: null };

class AllowanceState {
  #status = $state.raw<Record<Environment, AllowanceStatus>>({
    production: PACED,
    sandbox: PACED,
  });
  #unsubscribe: (() => void) | null = null;

  listen(): () => void {
    this.#unsubscribe ??= window.palenca.on('allowance', ({ environment, status }) => {
      this.#status = { ...this.#status, [environment]: status };
    });
    return () => {
      this.#unsubscribe?.();
      this.#unsubscribe = null;
    };
  }

  /** The latest state pushed for `environment` (paced until told otherwise). */
  statusOf(environment: Environment): AllowanceStatus {
    return this.#status[environment];
  }

  /** Whether everything sent to `environment` waits for Palenca's next window. */
  isWaiting(environment: Environment): boolean {
    return this.#status[environment].state === 'waiting';
  }
}

export const allowance = new AllowanceState();
