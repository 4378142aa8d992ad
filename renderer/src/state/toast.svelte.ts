// One short notice at a time ("Copied"), announced politely and gone after a moment.
const VISIBLE_MS = 2000;

class ToastState {
  #message = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;

  get message(): string | null {
    return this.#message;
  }

  show(message: string): void {
    this.#message = message;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#message = null;
    }, VISIBLE_MS);
  }
}

export const toast = new ToastState();
