/**
 * Runs tasks with at most `limit` in flight: `run` waits for a free slot, so a producer reading a file can never get
 * more than `limit` chunks ahead of the API. The first failure is rethrown by the next `run` or by `drain`.
 */
export class Bounded {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  async run(task: () => Promise<void>): Promise<void> {
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    this.check();
    const p: Promise<void> = task()
      .catch((error: unknown) => void (this.failure ??= { error }))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    this.check();
  }

  private check(): void {
    if (this.failure) throw this.failure.error;
  }
}
