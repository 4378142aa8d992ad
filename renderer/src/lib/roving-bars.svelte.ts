// A chart's bars as one tab stop (a roving tabindex): the arrow keys, Home and End move between
// bars; the bar pointed at or focused is the active one, which shows its tip. The same for
// every chart, so each moves and speaks alike.

export class RovingBars {
  /** The bar under the pointer or the focus, whose tip shows. */
  active = $state<number | null>(null);
  /** The bar last moved to; until then the one the chart starts on. */
  #chosen = $state<number | null>(null);
  #count: () => number;
  #startAtEnd: boolean;
  /** The bars' buttons, by position (bound by the chart). */
  readonly buttons: HTMLButtonElement[] = [];

  /** `count` says how many bars there are now; `startAtEnd` starts on the last (the newest). */
  constructor(count: () => number, { startAtEnd = false } = {}) {
    this.#count = count;
    this.#startAtEnd = startAtEnd;
  }

  /** The one bar reached by Tab. */
  get tabStop(): number {
    const last = this.#count() - 1;
    return Math.min(this.#chosen ?? (this.#startAtEnd ? last : 0), last);
  }

  /** On the bars' group: moves the tab stop, and the focus with it. */
  keydown = (event: KeyboardEvent): void => {
    const last = this.#count() - 1;
    const at = this.tabStop;
    const moves: Record<string, number> = {
      ArrowRight: at + 1,
      ArrowDown: at + 1,
      ArrowLeft: at - 1,
      ArrowUp: at - 1,
      Home: 0,
      End: last,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.#chosen = Math.max(0, Math.min(last, next));
    this.buttons[this.#chosen]?.focus();
  };

  /** Bar `i`'s tab stop and its pointer and focus handlers, to spread on its button. */
  bar(i: number) {
    return {
      tabindex: i === this.tabStop ? 0 : -1,
      onmouseenter: () => {
        this.active = i;
      },
      onmouseleave: () => {
        this.active = null;
      },
      onfocus: () => {
        this.active = i;
        this.#chosen = i;
      },
      onblur: () => {
        this.active = null;
      },
    };
  }
}
