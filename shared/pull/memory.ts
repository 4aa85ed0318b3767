import type { Ledger } from '../ledger/index.js';

/** What a feed's pulls already did (objects copied, validators seen), kept in the ledger under PULL#<feed>. */
export class PullMemory {
  constructor(
    private readonly ledger: Pick<Ledger, 'getValue' | 'setValue'>,
    private readonly feed: string,
  ) {}

  get<T>(id: string): Promise<T | undefined> {
    return this.ledger.getValue<T>(`PULL#${this.feed}`, id);
  }

  set<T>(id: string, value: T): Promise<void> {
    return this.ledger.setValue(`PULL#${this.feed}`, id, value);
  }

  async seen(id: string): Promise<boolean> {
    return (await this.get(id)) !== undefined;
  }
}
