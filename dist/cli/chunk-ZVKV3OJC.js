import {
  BadInputError
} from "./chunk-NP6IF4YY.js";

// shared/normalize/decompress.ts
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";

// shared/normalize/guards.ts
import { Transform } from "node:stream";
var LF = 10;
var SourceMeter = class extends Transform {
  constructor(maxBytes) {
    super();
    this.maxBytes = maxBytes;
  }
  maxBytes;
  bytes = 0;
  _transform(chunk, _enc, done) {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      done(new BadInputError("too-large", `file is larger than the limit of ${this.maxBytes} bytes`));
      return;
    }
    done(null, chunk);
  }
};
var RATIO_FLOOR = 1 << 20;
function checkExpansion(limits, bytesIn, bytesOut, what) {
  if (bytesOut > limits.maxUncompressedBytes) {
    throw new BadInputError(
      "too-large",
      `${what} expands to more than the limit of ${limits.maxUncompressedBytes} bytes`
    );
  }
  if (bytesOut >= RATIO_FLOOR && bytesOut > bytesIn * limits.maxRatio) {
    const ratio = Math.round(bytesOut / Math.max(bytesIn, 1));
    throw new BadInputError(
      "zip-bomb",
      `${what}: expansion ratio ${ratio}:1 exceeds the limit of ${limits.maxRatio}:1`
    );
  }
}
var TextGuard = class {
  constructor(maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }
  maxLineBytes;
  line = 1;
  lineBytes = 0;
  hasContent = false;
  check(buf) {
    const nul = buf.indexOf(0);
    if (nul !== -1) {
      throw new BadInputError(
        "binary-content",
        `line ${this.line + countLf(buf, 0, nul)} contains a NUL byte: the file is binary, not text`
      );
    }
    if (!this.hasContent) this.hasContent = hasNonWhitespace(buf);
    let from = 0;
    for (let lf = buf.indexOf(LF); lf !== -1; lf = buf.indexOf(LF, from)) {
      this.lineBytes += lf - from;
      this.assertLine();
      this.line++;
      this.lineBytes = 0;
      from = lf + 1;
    }
    this.lineBytes += buf.length - from;
    this.assertLine();
  }
  assertLine() {
    if (this.lineBytes > this.maxLineBytes) {
      throw new BadInputError(
        "line-too-long",
        `line ${this.line} is longer than the limit of ${this.maxLineBytes} bytes; check the line endings and quoting`
      );
    }
  }
};
function countLf(buf, from, to) {
  let n = 0;
  for (let i = buf.indexOf(LF, from); i !== -1 && i < to; i = buf.indexOf(LF, i + 1)) n++;
  return n;
}
function hasNonWhitespace(buf) {
  for (const b of buf) if (b !== 32 && b !== 9 && b !== LF) return true;
  return false;
}

// shared/normalize/decompress.ts
function gunzip(source, limits) {
  const gz = createGunzip();
  source.on("error", (err) => gz.destroy(err));
  source.pipe(gz);
  async function* inflate() {
    let bytesOut = 0;
    try {
      for await (const chunk of gz) {
        bytesOut += chunk.length;
        checkExpansion(limits, gz.bytesWritten, bytesOut, "gzip stream");
        yield chunk;
      }
    } catch (err) {
      throw zlibError(err, gz.bytesWritten);
    } finally {
      source.destroy();
    }
  }
  return Readable.from(inflate(), { objectMode: false });
}
function zlibError(err, bytesIn) {
  const code = err.code;
  if (code === "Z_BUF_ERROR") {
    return new BadInputError(
      "truncated-archive",
      `gzip stream truncated after ${bytesIn} bytes; the file was cut off in transfer \u2014 send it again`,
      { cause: err }
    );
  }
  if (code === "Z_DATA_ERROR") {
    return new BadInputError(
      "malformed-content",
      `gzip data is corrupt within the first ${bytesIn} bytes (${err.message})`,
      { cause: err }
    );
  }
  return err;
}

// shared/normalize/peek.ts
import { Readable as Readable2 } from "node:stream";
async function peek(source, size) {
  const it = source[Symbol.asyncIterator]();
  const chunks = [];
  let length = 0;
  let ended = false;
  while (length < size) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    chunks.push(r.value);
    length += r.value.length;
  }
  const head = Buffer.concat(chunks, length);
  async function* replay() {
    try {
      if (head.length > 0) yield head;
      if (ended) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    } finally {
      await it.return?.();
    }
  }
  return { head, ended, rest: Readable2.from(replay(), { objectMode: false }) };
}

// shared/normalize/sniff.ts
var startsWith = (head, magic) => head.length >= magic.length && magic.every((b, i) => head[i] === b);
var GZIP = [31, 139];
var ZIP = [[80, 75, 3, 4], [80, 75, 5, 6]];
var OLE2 = [208, 207, 17, 224, 161, 177, 26, 225];
function sniffContainer(head) {
  if (startsWith(head, GZIP)) return "gzip";
  if (ZIP.some((m) => startsWith(head, m))) return "zip";
  if (startsWith(head, OLE2)) return "ole2";
  return "text";
}
var TEXT_CONTROLS = /* @__PURE__ */ new Set([9, 10, 11, 12, 13, 26, 27]);
var MAX_CONTROL_SHARE = 0.02;
function binaryEvidence(head) {
  const nul = head.indexOf(0);
  if (nul !== -1) return `a NUL byte at offset ${nul}`;
  let controls = 0;
  for (const b of head) if (b < 32 && !TEXT_CONTROLS.has(b) || b === 127) controls++;
  if (head.length > 0 && controls / head.length > MAX_CONTROL_SHARE) {
    return `${(controls / head.length * 100).toFixed(1)}% control characters in the first ${head.length} bytes`;
  }
  return void 0;
}

// shared/normalize/text.ts
import { Readable as Readable3, Transform as Transform2 } from "node:stream";
import iconv2 from "iconv-lite";

// shared/normalize/delimiter.ts
var DELIMITERS = [",", ";", "	", "|"];
var SAMPLE_LINES = 20;
function detectDelimiter(sample) {
  const lines = sample.replace(/"(?:[^"]|"")*"/g, "").split("\n").filter((l) => l.trim() !== "").slice(0, SAMPLE_LINES);
  const first = lines[0];
  if (first === void 0) return void 0;
  let best;
  for (const delimiter of DELIMITERS) {
    const perLine = count(first, delimiter);
    if (perLine === 0) continue;
    const consistent = lines.filter((l) => count(l, delimiter) === perLine).length;
    if (!best || consistent > best.consistent || consistent === best.consistent && perLine > best.perLine) {
      best = { delimiter, consistent, perLine };
    }
  }
  return best?.delimiter;
}
function count(line, ch) {
  let n = 0;
  for (let i = line.indexOf(ch); i !== -1; i = line.indexOf(ch, i + 1)) n++;
  return n;
}

// shared/normalize/encoding.ts
import { isUtf8 } from "node:buffer";
import chardet from "chardet";
import iconv from "iconv-lite";
var UTF8_BOM = Buffer.from([239, 187, 191]);
function bomEncoding(head) {
  if (head[0] === 239 && head[1] === 187 && head[2] === 191) return "utf-8";
  if (head[0] === 255 && head[1] === 254) return "utf-16le";
  if (head[0] === 254 && head[1] === 255) return "utf-16be";
  return void 0;
}
function declaredEncoding(name) {
  if (!iconv.encodingExists(name)) throw new RangeError(`unknown encoding "${name}" in the feed configuration`);
  return name.toLowerCase();
}
var WESTERN_SINGLE_BYTE = /* @__PURE__ */ new Set(["ISO-8859-1", "ISO-8859-9", "ISO-8859-15", "windows-1252", "windows-1254", "windows-1258"]);
function sniffEncoding(head, whole) {
  const complete = whole ? head : head.subarray(0, head.length - incompleteTail(head));
  if (isUtf8(complete)) return "utf-8";
  const guess = chardet.detect(head);
  if (guess === null) {
    throw new BadInputError("undecodable-text", "the text encoding could not be recognised; declare it in the feed manifest");
  }
  if (WESTERN_SINGLE_BYTE.has(guess)) return "windows-1252";
  if (!iconv.encodingExists(guess)) {
    throw new BadInputError(
      "undecodable-text",
      `the text looks like ${guess}, which is not supported; re-export it as UTF-8 or declare its encoding in the feed manifest`
    );
  }
  return guess.toLowerCase();
}
function incompleteTail(buf) {
  for (let back = 1; back <= Math.min(4, buf.length); back++) {
    const b = buf[buf.length - back] ?? 0;
    if ((b & 192) === 128) continue;
    const need = b >= 240 ? 4 : b >= 224 ? 3 : b >= 192 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}
function createDecoder(encoding) {
  if (encoding === "utf-8" || encoding === "utf8") return new Utf8Validator();
  const table = singleByteTable(encoding);
  return table ? new SingleByteDecoder(table) : new IconvDecoder(encoding);
}
var Utf8Validator = class {
  carry = Buffer.alloc(0);
  offset = 0;
  first = true;
  write(chunk) {
    let buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    if (this.first && buf.length >= 3) {
      this.first = false;
      if (buf.subarray(0, 3).equals(UTF8_BOM)) {
        buf = buf.subarray(3);
        this.offset += 3;
      }
    }
    const tail = incompleteTail(buf);
    const body = buf.subarray(0, buf.length - tail);
    if (!isUtf8(body)) this.reject(body);
    this.carry = Buffer.from(buf.subarray(body.length));
    this.offset += body.length;
    return body;
  }
  end() {
    if (this.carry.length > 0) this.reject(this.carry);
    return Buffer.alloc(0);
  }
  reject(buf) {
    throw new BadInputError(
      "undecodable-text",
      `invalid UTF-8 at byte ${this.offset + firstInvalid(buf)}; the start of the file looked like UTF-8 \u2014 declare its real encoding (e.g. windows-1252) in the feed manifest or re-export it as UTF-8`
    );
  }
};
function firstInvalid(buf) {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i] ?? 0;
    const need = b < 128 ? 1 : b >= 194 && b < 224 ? 2 : b >= 224 && b < 240 ? 3 : b >= 240 && b < 245 ? 4 : 0;
    if (need === 0 || i + need > buf.length) return i;
    for (let k = 1; k < need; k++) if (((buf[i + k] ?? 0) & 192) !== 128) return i;
    i += need;
  }
  return 0;
}
var IconvDecoder = class {
  decoder;
  constructor(encoding) {
    this.decoder = iconv.getDecoder(encoding);
  }
  write(chunk) {
    return Buffer.from(this.decoder.write(chunk), "utf8");
  }
  end() {
    return Buffer.from(this.decoder.end() ?? "", "utf8");
  }
};
function singleByteTable(encoding) {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const chars = [...iconv.decode(all, encoding, { stripBOM: false })];
  if (chars.length !== 256) return void 0;
  const table = chars.map((c) => Buffer.from(c, "utf8"));
  return table.every((utf8, i) => iconv.decode(all.subarray(i, i + 1), encoding, { stripBOM: false }) === utf8.toString()) ? table : void 0;
}
var SingleByteDecoder = class {
  constructor(table) {
    this.table = table;
  }
  table;
  write(chunk) {
    const out = Buffer.allocUnsafe(chunk.length * 3);
    let o = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b < 128) {
        out[o++] = b;
        continue;
      }
      const seq = this.table[b];
      for (let k = 0; k < seq.length; k++) out[o++] = seq[k];
    }
    return out.subarray(0, o);
  }
  end() {
    return Buffer.alloc(0);
  }
};

// shared/normalize/format.ts
import { extname } from "node:path";
function extensionOf(name) {
  const bare = name.replace(/\.(gz|gzip)$/i, "");
  return extname(bare).slice(1).toLowerCase();
}
var DELIMITED_EXTENSIONS = /* @__PURE__ */ new Set(["csv", "tsv", "psv"]);
function structuredFormat(sample, name) {
  const ext = extensionOf(name);
  if (DELIMITED_EXTENSIONS.has(ext)) return void 0;
  const text = sample.trimStart();
  if (text.startsWith("<")) return "xml";
  if (text.startsWith("[")) return "json";
  if (text.startsWith("{")) return ext === "jsonl" || ext === "ndjson" || isJsonLines(text) ? "jsonl" : "json";
  return void 0;
}
function isJsonLines(text) {
  const [first, second] = text.split("\n").filter((l) => l.trim() !== "");
  if (first === void 0 || second === void 0 || !second.trimStart().startsWith("{")) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}
function delimiterFromName(name) {
  const ext = extensionOf(name);
  return ext === "tsv" ? "	" : ext === "psv" ? "|" : ",";
}
function delimitedFormat(delimiter) {
  return delimiter === "	" ? "tsv" : delimiter === "|" ? "psv" : "csv";
}

// shared/normalize/line-endings.ts
var CR = 13;
var LF2 = 10;
var LineEndings = class {
  /** The previous chunk ended in CR, so an LF starting this one is the second half of a CRLF already emitted. */
  afterCr = false;
  normalize(buf) {
    if (buf.length === 0) return buf;
    const start = this.afterCr && buf[0] === LF2 ? 1 : 0;
    this.afterCr = buf[buf.length - 1] === CR;
    let cr = buf.indexOf(CR, start);
    if (cr === -1) return start === 0 ? buf : buf.subarray(start);
    const out = Buffer.allocUnsafe(buf.length - start);
    let o = 0;
    let from = start;
    while (cr !== -1) {
      o += buf.copy(out, o, from, cr);
      out[o++] = LF2;
      from = buf[cr + 1] === LF2 ? cr + 2 : cr + 1;
      cr = buf.indexOf(CR, from);
    }
    o += buf.copy(out, o, from);
    return out.subarray(0, o);
  }
};

// shared/normalize/rows.ts
var LF3 = 10;
var QUOTE = 34;
var LineCounter = class {
  count = 0;
  lineBytes = 0;
  push(buf) {
    let from = 0;
    for (let lf = buf.indexOf(LF3); lf !== -1; lf = buf.indexOf(LF3, from)) {
      if (this.lineBytes + lf - from > 0) this.count++;
      this.lineBytes = 0;
      from = lf + 1;
    }
    this.lineBytes += buf.length - from;
  }
  records() {
    return this.count + (this.lineBytes > 0 ? 1 : 0);
  }
};
var DelimitedRecordCounter = class {
  constructor(delimiter) {
    this.delimiter = delimiter;
  }
  delimiter;
  count = 0;
  recordBytes = 0;
  inQuotes = false;
  /** Saw a quote inside a quoted field; the next byte decides whether it closed the field or was escaped. */
  quotePending = false;
  /** Last byte of the previous chunk; LF at the start so the first field starts a record. */
  prev = LF3;
  push(buf) {
    const len = buf.length;
    let i = 0;
    let nextLf = -2;
    let nextQuote = -2;
    while (i < len) {
      if (this.quotePending) {
        this.quotePending = false;
        if (buf[i] === QUOTE) {
          this.recordBytes++;
          i++;
          continue;
        }
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        const q = buf.indexOf(QUOTE, i);
        const end = q === -1 ? len : q + 1;
        this.recordBytes += end - i;
        i = end;
        if (q !== -1) this.quotePending = true;
        continue;
      }
      if (nextLf !== -1 && nextLf < i) nextLf = buf.indexOf(LF3, i);
      if (nextQuote !== -1 && nextQuote < i) nextQuote = buf.indexOf(QUOTE, i);
      if (nextQuote !== -1 && (nextLf === -1 || nextQuote < nextLf)) {
        const before = nextQuote === 0 ? this.prev : buf[nextQuote - 1];
        this.inQuotes = before === LF3 || before === this.delimiter;
        this.recordBytes += nextQuote + 1 - i;
        i = nextQuote + 1;
      } else if (nextLf !== -1) {
        if (this.recordBytes + nextLf - i > 0) this.count++;
        this.recordBytes = 0;
        i = nextLf + 1;
      } else {
        this.recordBytes += len - i;
        i = len;
      }
    }
    if (len > 0) this.prev = buf[len - 1] ?? LF3;
  }
  records() {
    return this.count + (this.recordBytes > 0 ? 1 : 0);
  }
};

// shared/normalize/text.ts
var DELIMITED = /* @__PURE__ */ new Set(["csv", "tsv", "psv"]);
var TextConverter = class {
  constructor(encoding, format, delimiter, maxLineBytes) {
    this.format = format;
    this.decoder = createDecoder(encoding);
    this.guard = new TextGuard(maxLineBytes);
    this.counter = delimiter !== void 0 ? new DelimitedRecordCounter(delimiter.charCodeAt(0)) : format === "jsonl" || format === "fixed" ? new LineCounter() : void 0;
  }
  format;
  decoder;
  eol = new LineEndings();
  guard;
  counter;
  bytesOut = 0;
  write(chunk) {
    return this.pass(this.decoder.write(chunk));
  }
  end() {
    const out = this.pass(this.decoder.end());
    if (!this.guard.hasContent) throw new BadInputError("empty-file", "file has no content (only whitespace)");
    if (DELIMITED.has(this.format) && (this.counter?.records() ?? 0) < 2) {
      throw new BadInputError("header-only", "file has a header row but no data rows");
    }
    return out;
  }
  rows() {
    if (!this.counter) return void 0;
    const records = this.counter.records();
    return DELIMITED.has(this.format) ? Math.max(records - 1, 0) : records;
  }
  pass(decoded) {
    const out = this.eol.normalize(decoded);
    this.guard.check(out);
    this.counter?.push(out);
    this.bytesOut += out.length;
    return out;
  }
};
var TextTransform = class extends Transform2 {
  constructor(converter) {
    super();
    this.converter = converter;
  }
  converter;
  _transform(chunk, _enc, done) {
    try {
      done(null, this.converter.write(chunk));
    } catch (err) {
      done(err);
    }
  }
  _flush(done) {
    try {
      done(null, this.converter.end());
    } catch (err) {
      done(err);
    }
  }
};
function textFile(peeked, name, options, bytesIn) {
  const { head } = peeked;
  if (head.length === 0) throw new BadInputError("empty-file", "file is empty (0 bytes)");
  const bom = bomEncoding(head);
  const declared = options.encoding === void 0 ? void 0 : declaredEncoding(options.encoding);
  if (bom === void 0 && !/^utf-?(16|32)/.test(declared ?? "")) {
    const evidence = binaryEvidence(head);
    if (evidence) {
      throw new BadInputError(
        "binary-content",
        `"${name}" is not text: ${evidence}; send CSV, TSV, JSON, XML, XLSX or XLS`
      );
    }
  }
  const encoding = bom ?? declared ?? sniffEncoding(head, peeked.ended);
  const sample = sampleLines(iconv2.decode(head, encoding), peeked.ended);
  const structured = options.format ?? structuredFormat(sample, name);
  const delimiter = structured === void 0 || DELIMITED.has(structured) ? options.delimiter ?? detectDelimiter(sample) ?? delimiterFromName(name) : void 0;
  const format = structured ?? delimitedFormat(delimiter ?? ",");
  const converter = new TextConverter(encoding, format, delimiter, options.limits.maxLineBytes);
  let body;
  if (peeked.ended) {
    body = Readable3.from([Buffer.concat([converter.write(head), converter.end()])], { objectMode: false });
  } else {
    const transform = new TextTransform(converter);
    body = peeked.rest.pipe(transform);
    peeked.rest.on("error", (err) => transform.destroy(err));
    transform.on("close", () => peeked.rest.destroy());
  }
  const stats = () => ({ bytesIn: bytesIn(), bytesOut: converter.bytesOut, rows: converter.rows() });
  return {
    name,
    format,
    sourceEncoding: encoding,
    ...delimiter !== void 0 && { delimiter },
    body,
    stats
  };
}
function sampleLines(text, whole) {
  const lf = text.replace(/\r\n?/g, "\n").replace(/^\uFEFF/, "");
  if (whole) return lf;
  const last = lf.lastIndexOf("\n");
  return last === -1 ? lf : lf.slice(0, last);
}

// shared/normalize/unzip.ts
import { createReadStream } from "node:fs";
import { once } from "node:events";
import { Readable as Readable4 } from "node:stream";
import yauzl from "yauzl";

// shared/normalize/spool.ts
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
async function spool(source) {
  const dir = await mkdtemp(join(tmpdir(), "flatfeed-normalize-"));
  const path = join(dir, "archive.zip");
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const out = createWriteStream(path);
    await pipeline(source, out);
    return { path, size: out.bytesWritten, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

// shared/normalize/unzip.ts
async function openZip(source, what, limits) {
  const spooled = await spool(source);
  let zipfile;
  try {
    zipfile = await yauzl.openPromise(spooled.path, { autoClose: false, validateEntrySizes: true });
  } catch (err) {
    await spooled.remove();
    throw archiveError(err, what, spooled.size);
  }
  try {
    if (zipfile.entryCount > limits.maxMembers) {
      throw new BadInputError(
        "too-many-members",
        `${what} has ${zipfile.entryCount} entries, more than the limit of ${limits.maxMembers}`
      );
    }
    const entries = await readEntries(zipfile).catch((err) => {
      throw archiveError(err, what, spooled.size);
    });
    const names = new Set(entries.map((e) => e.fileName));
    return {
      size: spooled.size,
      entries,
      isXlsx: names.has("[Content_Types].xml") && entries.some((e) => e.fileName.startsWith("xl/")),
      members: () => entries.filter((e) => !isJunk(e.fileName)),
      openMember: async (entry) => {
        const stream = await zipfile.openReadStreamPromise(entry).catch((err) => {
          throw memberError(err, what, entry.fileName);
        });
        return mapErrors(stream, (err) => memberError(err, what, entry.fileName));
      },
      openWhole: async () => {
        const stream = createReadStream(spooled.path);
        await once(stream, "open");
        return stream;
      },
      close: async () => {
        zipfile.close();
        await spooled.remove();
      }
    };
  } catch (err) {
    zipfile.close();
    await spooled.remove();
    throw err;
  }
}
function isJunk(path) {
  return path.endsWith("/") || path.startsWith("__MACOSX/") || path.split("/").some((seg) => seg.startsWith("."));
}
function readEntries(zipfile) {
  return new Promise((resolve, reject) => {
    const entries = [];
    zipfile.on("entry", (entry) => {
      entries.push(entry);
      zipfile.readEntry();
    });
    zipfile.once("end", () => resolve(entries));
    zipfile.once("error", reject);
    zipfile.readEntry();
  });
}
function mapErrors(stream, map) {
  async function* pass() {
    try {
      yield* stream;
    } catch (err) {
      throw map(err);
    }
  }
  return Readable4.from(pass(), { objectMode: false });
}
var message = (err) => err instanceof Error ? err.message : String(err);
function archiveError(err, what, size) {
  const text = message(err);
  if (/end of central directory record signature not found/i.test(text)) {
    return new BadInputError(
      "truncated-archive",
      `${what} is truncated or damaged: its central directory is missing (${size} bytes received); send it again`,
      { cause: err }
    );
  }
  return new BadInputError("malformed-content", `${what} is not a valid zip archive: ${text}`, { cause: err });
}
function memberError(err, what, member) {
  const text = message(err);
  if (/too many bytes in the stream/.test(text)) {
    return new BadInputError(
      "zip-bomb",
      `${what} member "${member}" expands beyond the size its header declares (${text})`,
      { cause: err }
    );
  }
  if (/unsupported compression method|encrypted/.test(text)) {
    return new BadInputError("unsupported-format", `${what} member "${member}": ${text}`, { cause: err });
  }
  const zlibCode = String(err.code ?? "");
  if (zlibCode.startsWith("Z_") || /not enough bytes in the stream|invalid local file header|crc32/.test(text)) {
    return new BadInputError("malformed-content", `${what} member "${member}" is corrupt: ${text}`, { cause: err });
  }
  return err;
}

// shared/normalize/index.ts
var SAMPLE_BYTES = 64 * 1024;
async function* normalize(source, name, options) {
  const meter = new SourceMeter(options.limits.maxBytes);
  source.on("error", (err) => meter.destroy(err));
  meter.on("close", () => source.destroy());
  source.pipe(meter);
  try {
    const peeked = await peek(meter, SAMPLE_BYTES);
    const bytesIn = () => meter.bytes;
    switch (sniffContainer(peeked.head)) {
      case "gzip": {
        const inner = await peek(gunzip(peeked.rest, options.limits), SAMPLE_BYTES);
        const container = sniffContainer(inner.head);
        if (container === "gzip") throw nested(`"${name}"`, "a gzip stream inside a gzip stream");
        if (container === "zip") yield* zipFiles(inner, name, options);
        else yield single(inner, name, options, bytesIn);
        return;
      }
      case "zip":
        yield* zipFiles(peeked, name, options);
        return;
      default:
        yield single(peeked, name, options, bytesIn);
    }
  } catch (err) {
    meter.destroy();
    throw err;
  }
}
function single(peeked, name, options, bytesIn) {
  if (sniffContainer(peeked.head) === "ole2") return passThrough(name, "xls", peeked.rest, bytesIn);
  return textFile(peeked, name, options, bytesIn);
}
async function* zipFiles(peeked, name, options) {
  const { limits } = options;
  const zip = await openZip(peeked.rest, `zip "${name}"`, limits);
  try {
    if (zip.isXlsx) {
      yield passThrough(name, "xlsx", await zip.openWhole(), () => zip.size);
      return;
    }
    const members = zip.members();
    if (members.length === 0) {
      throw new BadInputError("empty-archive", `zip "${name}" contains no files (only folders or system files)`);
    }
    const declared = members.reduce((sum, e) => sum + e.uncompressedSize, 0);
    checkExpansion(limits, zip.size, declared, `zip "${name}"`);
    for (const entry of members) {
      const member = await peek(await zip.openMember(entry), SAMPLE_BYTES);
      yield await memberFile(member, name, entry.fileName, options, () => entry.compressedSize);
    }
  } finally {
    await zip.close();
  }
}
async function memberFile(member, archive, path, options, bytesIn) {
  const name = `${archive}/${path}`;
  const subject = `zip member "${path}" of "${archive}"`;
  switch (sniffContainer(member.head)) {
    case "gzip":
      throw nested(subject, "a gzip stream");
    case "zip": {
      const inner = await openZip(member.rest, subject, options.limits);
      try {
        if (!inner.isXlsx) throw nested(subject, "itself an archive");
        return passThrough(name, "xlsx", await inner.openWhole(), () => inner.size);
      } finally {
        await inner.close();
      }
    }
    default:
      return single(member, name, options, bytesIn);
  }
}
function nested(subject, what) {
  return new BadInputError(
    "nested-archive",
    `${subject} is ${what}; nested archives are not accepted \u2014 send the files inside it directly`
  );
}
function passThrough(name, format, body, bytesIn) {
  let bytesOut = 0;
  body.on("data", (chunk) => {
    bytesOut += chunk.length;
  });
  body.pause();
  return { name, format, body, stats: () => ({ bytesIn: bytesIn(), bytesOut }) };
}

// shared/ingress/normalize-options.ts
function normalizeOptionsFor(feed) {
  return {
    limits: feed.format.limits,
    ...feed.format.encoding ? { encoding: feed.format.encoding } : {},
    ...feed.format.delimiter ? { delimiter: feed.format.delimiter } : {},
    ...feed.format.fixedWidth && feed.format.accept.length === 1 ? { format: "fixed" } : {}
  };
}

export {
  normalize,
  normalizeOptionsFor
};
//# sourceMappingURL=chunk-ZVKV3OJC.js.map
