/**
 * The measured admission rate: people let in per second over the last window of time in which
 * people were actually waiting. Idle time (nobody queued) does not dilute it, so the ETA stays
 * honest when a queue forms again.
 */

interface Sample {
  seconds: number;
  admitted: number;
}

export class RateMeter {
  #samples: Sample[] = [];
  #seconds = 0;
  #admitted = 0;
  /** Ticks with people waiting but nobody let in, in a row. */
  #stalledFor = 0;

  constructor(private readonly windowSeconds = 30, private readonly minSeconds = 5, private readonly stallSeconds = 10) {}

  /** One tick: `seconds` elapsed with people waiting, `admitted` let in. Call only for ticks with a backlog. */
  record(seconds: number, admitted: number): void {
    this.#samples.push({ seconds, admitted });
    this.#seconds += seconds;
    this.#admitted += admitted;
    while (this.#samples.length > 0 && this.#seconds - this.#samples[0]!.seconds >= this.windowSeconds) {
      const old = this.#samples.shift()!;
      this.#seconds -= old.seconds;
      this.#admitted -= old.admitted;
    }
    this.#stalledFor = admitted > 0 ? 0 : this.#stalledFor + seconds;
  }

  /** Per second; the target until enough has been measured; null when paused or stalled. */
  rate(target: number): number | null {
    if (target <= 0) return null;
    if (this.#stalledFor >= this.stallSeconds) return null;
    if (this.#seconds < this.minSeconds) return target;
    return this.#admitted / this.#seconds;
  }
}
