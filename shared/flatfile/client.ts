import { FlatfileClient } from '@flatfile/api';

export interface FlatfileConnection {
  token: string;
  /** Base URL without /v1, e.g. https://platform.flatfile.com/api or the local emulator's URL. */
  apiUrl?: string;
}

/** Built per use with explicit settings: Flatfile's own plugins bind clients at import time, which we do not copy. */
export function createFlatfileClient({ token, apiUrl }: FlatfileConnection): FlatfileClient {
  return new FlatfileClient({ token, ...(apiUrl ? { apiUrl } : {}) });
}
