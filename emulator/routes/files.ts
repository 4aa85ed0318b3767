import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { badRequest } from '../errors.js';
import { detectHeader } from '../extract/header.js';
import { newId } from '../ids.js';
import { ok, page, readObject, success } from '../http.js';
import type { Router } from '../router.js';
import { checkRequest } from '../schemas.js';
import type { Services } from '../services.js';
import type { FileRecord } from '../types.js';

const MIME: Record<string, string> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  psv: 'text/plain',
  txt: 'text/plain',
  json: 'application/json',
  xml: 'application/xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  zip: 'application/zip',
  gz: 'application/gzip',
};

interface Upload {
  fields: Record<string, string[]>;
  name?: string;
  size: number;
}

/** Told when the `file` part begins (with the fields sent before it) and as its bytes are stored. */
interface UploadWatch {
  begins(upload: Upload): void;
  received(bytes: number): void;
  /** Awaited once, after the first bytes of the file part: where a test holds an upload in flight. */
  hold?: () => Promise<void>;
}

/** Parses the multipart upload, streaming the `file` part straight into blob storage. */
async function receive(req: IncomingMessage, s: Services, id: string, watch: UploadWatch): Promise<Upload> {
  if (!/^multipart\/form-data/i.test(String(req.headers['content-type'] ?? ''))) {
    throw badRequest('Uploads must be multipart/form-data', 'file');
  }
  return new Promise<Upload>((resolve, reject) => {
    const upload: Upload = { fields: {}, size: 0 };
    let stored: Promise<void> = Promise.resolve();
    let parser: busboy.Busboy;
    try {
      // Browsers and form-data-encoder send UTF-8 file names raw; busboy would read them as Latin-1.
      parser = busboy({ headers: req.headers, limits: { files: 1 }, defParamCharset: 'utf8' });
    } catch (err) {
      reject(badRequest(`Invalid multipart request: ${(err as Error).message}`, 'file'));
      return;
    }
    parser.on('field', (name, value) => (upload.fields[name] ??= []).push(value));
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return;
      }
      upload.name = info.filename;
      watch.begins(upload);
      let held = false;
      const counted = new Transform({
        transform(chunk: Buffer, _enc, done) {
          watch.received(chunk.length);
          if (held || !watch.hold) return done(null, chunk);
          held = true;
          this.push(chunk);
          watch.hold().then(() => done(), done);
        },
      });
      stream.once('error', (e) => counted.destroy(e));
      stored = s.blobs.write(id, stream.pipe(counted)).then((n) => void (upload.size = n));
    });
    parser.on('error', (err: Error) => {
      req.unpipe(parser);
      req.resume();
      reject(badRequest(`Invalid multipart request: ${err.message}`, 'file'));
    });
    parser.on('close', () => stored.then(() => resolve(upload), reject));
    // A client that goes away mid-body: busboy would wait for the rest for ever.
    req.once('close', () => {
      if (req.complete) return;
      const cut = badRequest('The upload was cut off before its end', 'file');
      parser.destroy(cut);
      reject(cut);
    });
    req.pipe(parser);
  });
}

export function fileRoutes(r: Router, s: Services): void {
  const { state, jobs, blobs } = s;
  const emit = (topic: string, file: FileRecord, payload: Record<string, unknown> = {}): void => {
    state.events.emit(topic, 'file', { environmentId: file.environmentId, spaceId: file.spaceId, fileId: file.id }, payload);
  };
  /** The file record an upload makes, from the form's fields (throws for a missing or unknown Space). */
  const recordOf = (id: string, upload: Upload): FileRecord => {
    const spaceId = upload.fields.spaceId?.[0];
    if (!spaceId) throw badRequest('spaceId is required', 'spaceId');
    const space = state.space(spaceId);
    const environmentId = upload.fields.environmentId?.[0] ?? space.environmentId;
    state.environment(environmentId);
    const name = upload.name || 'upload';
    const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
    const now = new Date().toISOString();
    return {
      id,
      name,
      ext,
      mimetype: MIME[ext] ?? 'application/octet-stream',
      encoding: '7bit',
      // Extraction (ours or an extractor plugin's) moves it to complete or failed.
      status: 'partial',
      mode: upload.fields.mode?.[0] === 'export' ? 'export' : 'import',
      size: upload.size,
      bytesReceived: upload.size,
      spaceId,
      environmentId,
      createdAt: now,
      updatedAt: now,
      ...(upload.fields.actions ? { actions: upload.fields.actions.map((a) => JSON.parse(a) as unknown) } : {}),
      ...(upload.fields.origin ? { origin: upload.fields.origin[0] } : {}),
    };
  };

  r.add('POST', '/files', async ({ req }) => {
    const id = newId('fl');
    // Realism fileCreatedAtUploadStart: the file exists, and file:created is sent, once its part begins.
    let early: FileRecord | undefined;
    const watch: UploadWatch = {
      begins(upload) {
        if (!s.fileCreatedAtUploadStart) return;
        try {
          early = { ...recordOf(id, upload), size: 0, bytesReceived: 0 };
        } catch {
          return; // the fields are not all there yet (or wrong): the file is made, or refused, at the end
        }
        state.files.set(id, early);
        emit('file:created', early);
      },
      received(bytes) {
        if (early) early.bytesReceived += bytes;
      },
      ...(s.holdUpload ? { hold: () => (early ? s.holdUpload!(early) : Promise.resolve()) } : {}),
    };
    try {
      const upload = await receive(req, s, id, watch);
      if (upload.name === undefined) throw badRequest('The multipart body has no "file" part', 'file');
      const file = early ?? recordOf(id, upload);
      Object.assign(file, { size: upload.size, bytesReceived: upload.size, updatedAt: new Date().toISOString() });
      if (!early) {
        state.files.set(id, file);
        emit('file:created', file);
      }
      jobs.extractNative(file);
      return ok(file);
    } catch (err) {
      await blobs.remove(id);
      if (early && state.files.delete(id)) emit('file:deleted', early);
      if (err instanceof SyntaxError) throw badRequest(`actions must be JSON: ${err.message}`, 'actions');
      throw err;
    }
  });
  r.add('GET', '/files', ({ query }) => {
    const spaceId = query.get('spaceId');
    const mode = query.get('mode') ?? 'import';
    const list = [...state.files.values()].filter((f) => (!spaceId || f.spaceId === spaceId) && f.mode === mode);
    return page(list, query, 20);
  });
  r.add('GET', '/files/:id', ({ params }) => ok(state.file(params.id!)));
  r.add('PATCH', '/files/:id', async ({ req, params }) => {
    const file = state.file(params.id!);
    const body = checkRequest('UpdateFileRequest', await readObject(req));
    if (typeof body.workbookId === 'string') state.workbook(body.workbookId);
    Object.assign(file, body, { id: file.id, updatedAt: new Date().toISOString() });
    emit('file:updated', file, { status: file.status, ...(file.workbookId ? { workbookId: file.workbookId } : {}) });
    return ok(file);
  });
  r.add('DELETE', '/files/:id', async ({ params }) => {
    const file = state.file(params.id!);
    state.files.delete(file.id);
    await blobs.remove(file.id);
    emit('file:deleted', file);
    return success();
  });
  r.add('POST', '/files/detect-header', async ({ req }) => {
    const body = checkRequest('DetectHeaderRequest', await readObject(req));
    return ok(detectHeader(body.options as Record<string, unknown>, body.data as string[][]));
  });
  r.add('GET', '/files/:id/download', ({ params }) => {
    const file = state.file(params.id!);
    return { stream: blobs.read(file.id), contentType: file.mimetype, length: file.size };
  });
}
