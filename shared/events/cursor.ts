import type { Ledger } from '../ledger/index.js';

/** Where the events poller of one Flatfile environment stands: the createdAt (ISO) of the newest event enqueued. */
export class EventCursor {
  private readonly pk: string;

  constructor(
    private readonly ledger: Ledger,
    environmentId: string,
  ) {
    this.pk = `CURSOR#events#${environmentId}`;
  }

  async read(): Promise<string | undefined> {
    return this.ledger.getValue<string>(this.pk, 'CURSOR');
  }

  /**
   * Moves the cursor forward to `to`, never backwards (one conditional write: when an overlapping poller got further
   * first, its position stands). Returns the cursor as it is afterwards.
   */
  async advance(to: string): Promise<string> {
    if (await this.ledger.advanceValue(this.pk, 'CURSOR', to)) return to;
    return (await this.read()) ?? to;
  }
}
