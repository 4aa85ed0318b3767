import { closeSync, openSync, readdirSync, readSync, renameSync, statSync, type Stats } from 'node:fs';
import { join, posix } from 'node:path';
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import { hostKeyFingerprint } from '../../../shared/pull/index.js';

const { Server, utils } = ssh2;
const { OPEN_MODE, STATUS_CODE } = utils.sftp;

export interface TestSftpServer {
  port: number;
  /** The host key's "SHA256:…" fingerprint, as an operator would pin it. */
  fingerprint: string;
  stop(): Promise<void>;
}

/**
 * A real SSH server on 127.0.0.1 (ssh2's Server) whose SFTP subsystem serves `root` on disk: enough of the protocol
 * for listing, reading and renaming (what a pull does). One user, password auth.
 */
export async function startSftpServer(root: string, user: { username: string; password: string }): Promise<TestSftpServer> {
  // ECDSA, not ed25519: ssh2 1.17 fails to parse about 1 in 500 of its own generated ed25519 keys.
  const hostKey = utils.generateKeyPairSync('ecdsa', { bits: 256 });
  const parsed = utils.parseKey(hostKey.private);
  if (parsed instanceof Error) throw parsed;
  const fingerprint = hostKeyFingerprint(parsed.getPublicSSH());
  const local = (p: string) => join(root, posix.normalize(`/${p}`));

  const clients = new Set<ssh2.Connection>();
  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === user.username && ctx.password === user.password) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('error', () => undefined); // a refused client hangs up abruptly; that is the point of those tests
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        acceptSession().on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, { fd?: number; dir?: string; listed?: boolean }>();
          let next = 0;
          const handle = (h: { fd?: number; dir?: string }) => {
            const id = next++;
            handles.set(id, h);
            const b = Buffer.alloc(4);
            b.writeUInt32BE(id);
            return b;
          };
          const lookup = (b: Buffer) => (b.length === 4 ? handles.get(b.readUInt32BE(0)) : undefined);
          const fail = (reqId: number, code = STATUS_CODE.NO_SUCH_FILE) => sftp.status(reqId, code);

          sftp.on('REALPATH', (reqId, path) => sftp.name(reqId, [{ filename: posix.normalize(`/${path}`), longname: '', attrs: {} as never }]));
          sftp.on('OPENDIR', (reqId, path) => {
            try {
              if (!statSync(local(path)).isDirectory()) return fail(reqId);
              sftp.handle(reqId, handle({ dir: local(path) }));
            } catch {
              fail(reqId);
            }
          });
          sftp.on('READDIR', (reqId, h) => {
            const entry = lookup(h);
            if (!entry?.dir) return fail(reqId, STATUS_CODE.FAILURE);
            if (entry.listed) return sftp.status(reqId, STATUS_CODE.EOF);
            entry.listed = true;
            sftp.name(
              reqId,
              readdirSync(entry.dir).map((name) => {
                const st = statSync(join(entry.dir!, name));
                return { filename: name, longname: `${st.isDirectory() ? 'd' : '-'}rw-r--r-- 1 u g ${st.size} Jan 1 00:00 ${name}`, attrs: attrs(st) };
              }),
            );
          });
          sftp.on('OPEN', (reqId, path, flags) => {
            if (flags & (OPEN_MODE.WRITE | OPEN_MODE.CREAT)) return fail(reqId, STATUS_CODE.PERMISSION_DENIED);
            try {
              sftp.handle(reqId, handle({ fd: openSync(local(path), 'r') }));
            } catch {
              fail(reqId);
            }
          });
          sftp.on('READ', (reqId, h, offset, length) => {
            const entry = lookup(h);
            if (entry?.fd === undefined) return fail(reqId, STATUS_CODE.FAILURE);
            const buf = Buffer.alloc(length);
            const n = readSync(entry.fd, buf, 0, length, offset);
            if (n === 0) sftp.status(reqId, STATUS_CODE.EOF);
            else sftp.data(reqId, buf.subarray(0, n));
          });
          sftp.on('FSTAT', (reqId, h) => {
            const entry = lookup(h);
            if (entry?.fd === undefined) return fail(reqId, STATUS_CODE.FAILURE);
            sftp.attrs(reqId, attrs(statSync(`/proc/self/fd/${entry.fd}`)));
          });
          const stat = (reqId: number, path: string) => {
            try {
              sftp.attrs(reqId, attrs(statSync(local(path))));
            } catch {
              fail(reqId);
            }
          };
          sftp.on('STAT', stat);
          sftp.on('LSTAT', stat);
          sftp.on('RENAME', (reqId, from, to) => {
            try {
              renameSync(local(from), local(to));
              sftp.status(reqId, STATUS_CODE.OK);
            } catch {
              fail(reqId, STATUS_CODE.FAILURE);
            }
          });
          sftp.on('CLOSE', (reqId, h) => {
            const entry = lookup(h);
            if (!entry) return fail(reqId, STATUS_CODE.FAILURE);
            if (entry.fd !== undefined) closeSync(entry.fd);
            handles.delete(h.readUInt32BE(0));
            sftp.status(reqId, STATUS_CODE.OK);
          });
        });
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    fingerprint,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const c of clients) c.end();
      }),
  };
}

function attrs(st: Stats) {
  return {
    mode: st.mode,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    atime: Math.floor(st.atimeMs / 1000),
    mtime: Math.floor(st.mtimeMs / 1000),
  };
}
