import dynalite from 'dynalite';
import { listenOnLoopback, LOOPBACK } from './loopback.js';

export interface DynaliteServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** dynalite on loopback; in memory, or LevelDB under dataDir so a restart keeps the ledger. */
export async function startDynalite(dataDir?: string): Promise<DynaliteServer> {
  // Tables are ACTIVE at once: nothing here models provisioning delays.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dataDir ? { path: dataDir } : {}) });
  const port = await listenOnLoopback(server);
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // SDK clients keep connections alive; close() alone would wait for them.
        server.closeAllConnections();
      }),
  };
}
