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

export interface StoredCell {
  value?: unknown;
  messages?: StoredMessage[];
}

export interface SheetRecord {
  id: string;
  values: Record<string, StoredCell | undefined>;
}

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
