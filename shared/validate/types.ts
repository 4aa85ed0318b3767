// The slice of Flatfile's record wire format validation reads and writes (reference §2.8).

export type MessageType = 'error' | 'warn' | 'info';

/** A message we write: always `custom-logic`, the only source a writer may set. */
export interface Message {
  type: MessageType;
  message: string;
  source: 'custom-logic';
}

/** A message as read back: any source, optional `field`/`path` the platform adds. */
export interface StoredMessage {
  type?: string;
  message?: string;
  source?: string;
  field?: string;
}

export type Scalar = string | number | boolean | null | undefined;

/**
 * A record as validation reads it: its values by field key, flat (as v2 JSON Lines carry them), and the messages the
 * sheet holds on its cells where it holds any. One object per record and one per cell with messages, instead of the
 * v1 format's object per cell and list per cell (about 40 objects per record).
 */
export interface SheetRecord {
  id: string;
  /** Field key → value; an absent key is an empty cell. May hold other keys (`__k`, `__n`…): fields never start with `_`. */
  values: Record<string, unknown>;
  /** Field key → the cell's messages, every source; absent for a record read without any (see records.ts). */
  messages?: Record<string, StoredMessage[] | undefined>;
}

/** A record's value for a field key: only its own keys (a field called `constructor` is not Object's). */
export const valueOf = (record: SheetRecord, key: string): unknown => (Object.hasOwn(record.values, key) ? record.values[key] : undefined);

/** What validation decides for one cell: the value to keep and our messages for it. */
export interface CellResult {
  value: Scalar;
  messages: readonly Message[];
}

/** A validated record: one result per manifest field. */
export interface Outcome {
  id: string;
  cells: Record<string, CellResult>;
}

/** A write-back entry: `PUT /sheets/{id}/records` body element. */
export interface RecordUpdate {
  id: string;
  values: Record<string, { value?: Scalar; messages: Message[] }>;
}

export const isEmpty = (v: unknown): v is '' | null | undefined => v === undefined || v === null || v === '';

export const error = (message: string): Message => ({ type: 'error', message, source: 'custom-logic' });
export const warning = (message: string): Message => ({ type: 'warn', message, source: 'custom-logic' });
export const info = (message: string): Message => ({ type: 'info', message, source: 'custom-logic' });

/** Shared empty list: most cells have no messages, and this one is never mutated. */
export const NONE: readonly Message[] = Object.freeze([]);
