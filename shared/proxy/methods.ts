/** The HTTP methods Flatfile's API takes: what `flatfeed api` sends and the proxy's allow-list may name. No imports,
 * so the CLI can read it while it registers commands without loading the manifest schema. */
export const PROXY_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
