// Reloads every `closeOpportunities.autoRefreshMinutes` minutes (0 = never), clamped to one minute … one
// day, and never starts a reload while one is still running. No `vscode` import: timers are injectable.

export interface Timers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realTimers: Timers = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export class AutoRefresh {
  private timer: unknown;
  private running: Promise<unknown> | undefined;
  /** The timer's period; undefined while off. */
  private period: number | undefined;

  constructor(
    /** Starts a reload; its promise ends when the reload did. Undefined when there was nothing to reload. */
    private readonly refresh: () => Promise<unknown> | undefined,
    /** The setting, already clamped (0 or 1–1440). */
    private readonly minutes: () => number,
    /** True while some other load is running (a filter change, a manual refresh): this tick is skipped. */
    private readonly busy: () => boolean = () => false,
    private readonly timers: Timers = realTimers,
  ) {}

  restart(): void {
    this.dispose();
    const minutes = this.minutes();
    if (minutes > 0) {
      this.period = Math.round(minutes * 60_000);
      this.timer = this.timers.setInterval(() => this.tick(), this.period);
    }
  }

  /** How often it reloads, in ms; undefined while off. */
  get intervalMs(): number | undefined {
    return this.period;
  }

  /** One tick of the timer (public for tests). */
  tick(): void {
    if (this.running || this.busy()) return;
    const running = this.refresh();
    if (!running) return;
    this.running = running;
    const done = () => {
      if (this.running === running) this.running = undefined;
    };
    running.then(done, done);
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clearInterval(this.timer);
    this.timer = undefined;
    this.period = undefined;
  }
}
