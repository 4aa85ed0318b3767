/**
 * exceljs's streaming reader (4.4.0) walks the XLSX package with unzipper's Parse (0.10.14) and stops at its 'end'
 * event. Parse emits an 'end' of its own as soon as its writable side finishes, which can be while entries it has
 * already parsed still wait, unread, in its buffer (the reader pauses it while it parses an entry). Those entries are
 * then never seen: when `xl/workbook.xml` is among them (Excel and exceljs store it near or at the end), the reader
 * fails with "Cannot read properties of undefined (reading 'sheets')" and a sound workbook was refused as damaged, or
 * read as empty by `flatfeed try`. Upstream: exceljs#3064 (open; same code in unzipper 0.12.5). Seen here now and
 * then under load in test/shared/extract/xlsx.test.ts and test/cli/authoring.test.ts.
 *
 * This holds that early 'end' back. The stream's own 'end' (Node sets `endEmitted` just before emitting it, once
 * every entry was read) still passes, and a package cut short still ends in Parse's 'error' (FILE_ENDED).
 */
interface ParseStream {
  emit(event: string | symbol, ...args: unknown[]): boolean;
  _readableState: { endEmitted: boolean };
}

interface Unzipper {
  Parse: (opts?: unknown) => ParseStream;
  flatfeedEndHeld?: true;
}

/** Wraps `unzipper.Parse` (the module object exceljs requires) once per process. */
export function holdEarlyEnd(unzipper: Unzipper): void {
  if (unzipper.flatfeedEndHeld) return;
  const parse = unzipper.Parse;
  unzipper.Parse = (opts?: unknown) => {
    const stream = parse(opts);
    const emit = stream.emit;
    stream.emit = function (this: ParseStream, event: string | symbol, ...args: unknown[]) {
      if (event === 'end' && !stream._readableState.endEmitted) return false;
      return emit.call(this, event, ...args);
    };
    return stream;
  };
  unzipper.flatfeedEndHeld = true;
}
