import type { AddressInfo, Server } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** Listens on an ephemeral loopback port; resolves with the port. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
