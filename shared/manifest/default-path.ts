/** Where the feed manifest is when nothing names another (a module of its own, so the CLI can name it without loading the schema). */
export const DEFAULT_MANIFEST_PATH = 'feeds/feeds.yaml';
