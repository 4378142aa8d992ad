// The runs the window started under request ids of its own, so it can cancel each by its id.
// A run started under an id already in use cancels the one before it (the window asked
// again); a run that ends lets go of its id, unless a newer run has taken it.
import { type LinkedAbort, linkedAbort } from '../linked-abort.ts';

export class CancellableRuns {
  readonly #stopping: AbortSignal;
  readonly #running = new Map<string, LinkedAbort>();

  /** `stopping`: the app's own signal, which stops every run. */
  constructor(stopping: AbortSignal) {
    this.#stopping = stopping;
  }

  /**
   * A new run's controller, aborted by `cancel(id)`, by a newer run under `id` or by the app
   * stopping. Called before the run's first await, so a cancel that comes meanwhile is not
   * lost. Without an id the run can only be stopped with the app.
   */
  start(id: string | undefined): LinkedAbort {
    const controller = linkedAbort(this.#stopping);
    if (id) {
      this.#running.get(id)?.abort();
      this.#running.set(id, controller);
    }
    return controller;
  }

  /** The run is over: unlinked from the app's signal, its id free. */
  end(id: string | undefined, controller: LinkedAbort): void {
    controller.dispose();
    if (id && this.#running.get(id) === controller) this.#running.delete(id);
  }

  cancel(id: string): void {
    this.#running.get(id)?.abort();
  }
}
