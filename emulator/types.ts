// Wire shapes as the emulator stores them: plain JSON with ISO date strings, so persistence is a JSON dump.
export type Json = Record<string, unknown>;

export interface Environment extends Json {
  id: string;
  accountId: string;
  name: string;
  isProd: boolean;
  guestAuthentication: string[];
  features: Json;
  metadata: Json;
}

export interface Space extends Json {
  id: string;
  name: string;
  environmentId: string;
  createdAt: string;
  updatedAt: string;
  guestAuthentication: string[];
}

export interface FileRecord extends Json {
  id: string;
  name: string;
  ext: string;
  mimetype: string;
  encoding: string;
  status: string;
  mode: string;
  size: number;
  bytesReceived: number;
  spaceId: string;
  environmentId: string;
  createdAt: string;
  updatedAt: string;
  workbookId?: string;
  sheetId?: string;
}

export interface Workbook extends Json {
  id: string;
  name: string;
  spaceId: string;
  environmentId: string;
  labels: string[];
  settings: Json & { trackChanges?: boolean };
  createdAt: string;
  updatedAt: string;
}

export interface Message {
  type?: 'error' | 'warn' | 'info';
  source?: string;
  message?: string;
  field?: string;
  path?: string;
}

export interface Property extends Json {
  key: string;
  type: string;
  label?: string;
  alternativeNames?: string[];
  constraints?: Json[];
  config?: Json;
}

export interface SheetConfig extends Json {
  name: string;
  slug: string;
  fields: Property[];
  allowAdditionalFields?: boolean;
}

export interface Sheet extends Json {
  id: string;
  workbookId: string;
  name: string;
  slug: string;
  config: SheetConfig;
  createdAt: string;
  updatedAt: string;
}

export interface Job extends Json {
  id: string;
  type: string;
  operation: string;
  source: string;
  status: string;
  createdBy: string;
  environmentId: string;
  createdAt: string;
  updatedAt: string;
  spaceId?: string;
  destination?: string;
  config?: Json;
  input?: Json;
  trigger?: string;
  managed?: boolean;
  progress?: number;
  info?: string;
}

export interface Commit extends Json {
  id: string;
  sheetId: string;
  createdBy: string;
  createdAt: string;
  completedAt?: string;
  completedBy?: string;
}

export interface Secret extends Json {
  id: string;
  name: string;
  value: string;
  environmentId?: string;
  spaceId?: string;
}

export interface FlatfileEvent extends Json {
  id: string;
  topic: string;
  domain: string;
  context: Json & { accountId: string; environmentId: string };
  payload: Json;
  createdAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  dataUrl?: string;
}

/** A sheet snapshot: the records as they were when it was taken (immutable), diffed against the sheet on read. */
export interface SheetSnapshot extends Json {
  id: string;
  sheetId: string;
  label?: string;
  threadId?: string;
  createdAt: string;
  createdBy: string;
  /** The sheet's configuration when taken (the summary's `config` and `schemaDiff`). */
  config: SheetConfig;
  /** [row, stored values] of every live record when taken. */
  rows: [number, Record<string, unknown>][];
}
