// How many page requests may be in flight: halves when Palenca pushes back (429/5xx),
// grows back by one after a run of clean pages, never above the configured bound.
export class AdaptiveWindow {
  private size: number;
  private cleanRun = 0;

  constructor(
    readonly max: number,
    /** Clean pages in a row before the window grows by one. */
    private readonly growAfter = 8,
  ) {
    this.size = Math.max(1, Math.floor(max));
  }

  get current(): number {
    return this.size;
  }

  /** A page was refused for load (rate limited, unavailable, timed out). */
  pushback(): void {
    this.size = Math.max(1, Math.floor(this.size / 2));
    this.cleanRun = 0;
  }

  /** A page came back at the first try. */
  clean(): void {
    this.cleanRun++;
    if (this.cleanRun >= this.growAfter && this.size < this.max) {
      this.size++;
      this.cleanRun = 0;
    }
  }
}
