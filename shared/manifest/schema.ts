import * as z from 'zod';
import { isKnownEncoding } from './encodings.js';
import { DECIMAL_SEPARATORS, GROUPING_SEPARATORS, NUMBER_LOCALES, type NumberLocale } from './number-formats.js';
import { OUTBOX_FORMATS } from '../egress/formats.js';
import { PROXY_METHODS } from '../proxy/methods.js';

// The feed manifest: one YAML file describing every partner feed. This schema is the single source of truth; the JSON
// Schema in feeds/feeds.schema.json is generated from it (npm run schema) so editors complete the YAML.

export const FIELD_TYPES = ['string', 'number', 'boolean', 'date', 'enum'] as const;
export const FILE_FORMATS = ['csv', 'tsv', 'psv', 'xlsx', 'xls', 'json', 'jsonl', 'fixed', 'xml'] as const;
export const CERTAINTIES = ['absolute', 'strong', 'moderate', 'weak'] as const;

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'expected lower-case letters, digits and dashes, starting with a letter (max 40)');
const fieldKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'expected lower-case letters, digits and underscores, starting with a letter');
const prefix = z
  .string()
  .min(1)
  .regex(/^[^/].*\/$/, 'expected a key prefix ending in "/" and not starting with "/"');
const regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a valid regular expression' },
);

/** EventBridge Scheduler cron: six fields (minutes hours day-of-month month day-of-week year). */
export const Schedule = z
  .object({
    cron: z
      .string()
      .regex(/^\S+( \S+){5}$/, 'expected an EventBridge cron expression with six fields, e.g. "0 6 * * ? *"')
      .describe('EventBridge cron expression (minutes hours day-of-month month day-of-week year)'),
    timezone: z
      .string()
      .refine(isTimeZone, { message: 'expected an IANA time zone such as "Europe/Berlin"' })
      .default('UTC')
      .describe('IANA time zone the cron is read in (EventBridge Scheduler handles daylight saving)'),
  })
  .strict();

/** When a scheduled pull runs. */
const pullSchedule = Schedule.describe('when the pull runs: cron-feed\'s pull-<feed> schedule (EventBridge Scheduler)');

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** How far back a scheduled pull reaches on its first run; later runs take what is new since. */
export const Backfill = z
  .union([
    z.literal('all').describe('everything the source holds (the default)'),
    z.object({ days: z.number().int().min(1).max(3650).describe('only objects of the last N days') }).strict(),
  ])
  .default('all')
  .describe(
    "first run's reach: 'all', or {days: N} to skip objects older than N days before the first pull (kept as the cutoff for later pulls)",
  );

export const PORTAL_REGIONS = ['us', 'uk0', 'de0', 'eu0', 'ca0'] as const;

const PullS3 = z
  .object({
    type: z.literal('s3').describe('copy new objects from another S3 bucket'),
    bucket: z.string().min(3).describe('the source bucket'),
    prefix: z.string().default('').describe('only keys under this prefix; the rest of the key is kept below the inbox prefix'),
    roleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'expected an IAM role ARN')
      .optional()
      .describe("a role in the partner's account to assume for reading (cross-account); absent: this account's grant"),
    schedule: pullSchedule,
    backfill: Backfill,
  })
  .strict();
const PullHttps = z
  .object({
    type: z.literal('https').describe('download one URL when it changed (ETag / Last-Modified)'),
    url: z.url({ protocol: /^https$/ }).describe('the https URL of the file'),
    headersSecret: z.string().optional().describe('Secrets Manager secret holding a JSON object of request headers'),
    schedule: pullSchedule,
    backfill: Backfill,
  })
  .strict();
const PullSftp = z
  .object({
    type: z.literal('sftp').describe('copy new files from a directory on an SFTP server'),
    host: z.string().min(1).describe('the SFTP server'),
    port: z.number().int().min(1).max(65535).default(22).describe('the SSH port'),
    username: z.string().min(1).describe('the login'),
    credentialsSecret: z.string().describe('Secrets Manager secret with {"password"} or {"privateKey"}'),
    hostKey: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'expected a pinned host key fingerprint like "SHA256:…"')
      .describe('the server\'s host key fingerprint, pinned: any other key is refused before credentials are sent'),
    path: z.string().min(1).describe('the remote directory listed'),
    pattern: regex.optional().describe('only pick up files whose name matches'),
    afterPickup: z
      .enum(['move', 'remember'])
      .default('remember')
      .describe('remember: the file (path, size, mtime) is remembered in the ledger; move: it is moved to moveTo'),
    moveTo: z.string().optional().describe('remote directory picked-up files are moved to (afterPickup: move)'),
    schedule: pullSchedule,
    backfill: Backfill,
  })
  .strict();
const PullPortal = z
  .object({
    type: z.literal('flatfile-portal').describe("pull batches submitted through Flatfile's legacy Portal (v2/v3)"),
    licenseKey: z.uuid().describe("the legacy Portal's license key (embed): batches submitted through it are pulled"),
    region: z
      .enum(PORTAL_REGIONS)
      .default('us')
      .describe('legacy API host: api.<region>.flatfile.io (us, uk0, de0, eu0, ca0)'),
    credentialsSecret: z
      .string()
      .min(1)
      .describe('Secrets Manager secret with {"accessKeyId", "secretAccessKey"} of a legacy access key'),
    api: z
      .enum(['rest', 'graphql'])
      .default('rest')
      .describe('rest: X-Api-Key on every call; graphql: a bearer token from /auth/access-key/exchange, cached and refreshed'),
    pageSize: z.number().int().min(1).max(10_000).default(1000).describe('rows read per request'),
    schedule: pullSchedule,
    backfill: Backfill,
  })
  .strict();

export const Source = z
  .object({
    inboxPrefix: prefix.describe('where files for this feed land in the inbox bucket'),
    suffixes: z.array(z.string().min(1)).optional().describe('only keys ending in one of these start a run'),
    retainDays: z.number().int().min(1).max(3650).default(30).describe('inbox objects expire after this many days'),
    pull: z
      .discriminatedUnion('type', [PullS3, PullHttps, PullSftp, PullPortal])
      .optional()
      .describe('a scheduled pull of another source into this inbox prefix: s3, https, sftp or flatfile-portal'),
    write: z
      .object({
        maxBytes: z
          .number()
          .int()
          .min(1)
          .max(6 * MiB)
          .default(1 * MiB)
          .describe('larger writes are refused (413); a Function URL takes at most 6 MiB'),
      })
      .strict()
      .optional()
      .describe(
        'records pushed over HTTP (POST /feeds/<name>/records, JSON or JSONL, signed, with an Idempotency-Key) become a run like a dropped file',
      ),
  })
  .strict();

export const Limits = z
  .object({
    maxBytes: z.number().int().positive().default(2 * GiB),
    maxUncompressedBytes: z.number().int().positive().default(4 * GiB),
    maxMembers: z.number().int().positive().default(100),
    maxRatio: z.number().positive().default(200),
    maxLineBytes: z.number().int().positive().default(1 * MiB),
  })
  .strict();

export const FixedWidthColumn = z
  .object({
    key: z.string().min(1),
    label: z.string().optional(),
    start: z.number().int().min(1).describe('1-based first character'),
    width: z.number().int().min(1),
  })
  .strict();

export const NumberFormat = z
  .union([
    z.enum(Object.keys(NUMBER_LOCALES) as [NumberLocale, ...NumberLocale[]]).describe(
      'a locale shorthand: de-DE, it-IT, es-ES, nl-NL, pt-BR, tr-TR write 1.234,56; fr-FR, de-AT, pl-PL, cs-CZ, sv-SE, ru-RU write 1 234,56; de-CH writes 1\'234.56; en-US, en-GB write 1,234.56',
    ),
    z
      .object({
        decimal: z.enum(DECIMAL_SEPARATORS).describe('the decimal separator'),
        grouping: z
          .enum(GROUPING_SEPARATORS)
          .default('none')
          .describe("the thousands separator, only ever in groups of three digits; ' ' also matches no-break spaces"),
      })
      .strict()
      .refine((f) => f.decimal !== f.grouping, { message: 'expected different decimal and grouping separators' }),
  ])
  .describe(
    'how number cells are written; absent: "." decimals and no grouping ("1,234" is then invalid, never guessed). ' +
      'Text that does not fit is an invalid record quoting the value',
  );

export const Format = z
  .object({
    accept: z.array(z.enum(FILE_FORMATS)).min(1),
    encoding: z
      .string()
      .refine((e) => isKnownEncoding(e), { message: 'expected an encoding iconv-lite knows, e.g. "windows-1252"' })
      .optional()
      .describe('declared encoding; detected when absent'),
    delimiter: z.enum([',', ';', '\t', '|']).optional().describe('detected when absent'),
    sheet: z.string().optional().describe('spreadsheet sheet name; the first sheet when absent'),
    headerRow: z.number().int().min(1).optional().describe('1-based header row; detected when absent'),
    numberFormat: NumberFormat.optional(),
    utf8InDeclared: z
      .enum(['warn', 'refuse'])
      .default('warn')
      .describe(
        'a declared single-byte encoding (e.g. windows-1252) meeting text that is valid multi-byte UTF-8: ' +
          'warn decodes by the declaration and says so on the run and in the notice; refuse rejects the file',
      ),
    fixedWidth: z.object({ columns: z.array(FixedWidthColumn).min(1) }).strict().optional(),
    limits: Limits.default(Limits.parse({})),
  })
  .strict();

export const EnumOption = z
  .object({
    value: z.string().min(1),
    label: z.string().optional(),
    alternativeNames: z.array(z.string()).default([]),
  })
  .strict();

export const Field = z
  .object({
    key: fieldKey,
    label: z.string().optional(),
    description: z.string().optional(),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(false),
    unique: z
      .union([
        z.boolean(),
        z.object({ caseSensitive: z.boolean().default(true), ignoreEmpty: z.boolean().default(true) }).strict(),
      ])
      .default(false)
      .describe('no two records of one file may share the value (each file is validated in a workbook of its own)'),
    options: z.array(EnumOption).min(1).optional().describe('enum options (type: enum)'),
    default: z.string().optional(),
    aliases: z.array(z.string().min(1)).default([]).describe('other source headers that mean this field'),
    pattern: regex.optional(),
    patternMessage: z.string().optional(),
    format: z.enum(['email', 'url']).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    dateFormats: z
      .array(z.string().min(1))
      .optional()
      .describe('accepted input formats, e.g. "DD.MM.YYYY"; output is ISO 8601'),
    dateTime: z
      .enum(['reject', 'date', 'keep'])
      .default('reject')
      .describe(
        'a date-time (2026-11-17T09:30:00 or a spreadsheet date-time cell) in a date field: reject it; date: keep the ' +
          'date part (the time is dropped, as declared here); keep: output the ISO 8601 date-time as written',
      ),
    transform: z.array(z.enum(['trim', 'lower', 'upper', 'collapse-spaces'])).default(['trim']),
  })
  .strict();

export const Mapping = z
  .object({
    fieldMap: z
      .record(z.string(), fieldKey)
      .default({})
      .describe('source header → field key; always wins over automatic matching'),
    autoExecute: z.boolean().default(true).describe('execute the plan without a person when it is confident'),
    minCertainty: z.enum(CERTAINTIES).default('strong'),
  })
  .strict();

export const Validation = z
  .object({
    invalid: z
      .enum(['reject', 'review'])
      .default('reject')
      .describe('reject: invalid records go back to the partner; review: they wait in Flatfile'),
    hooks: z.string().optional().describe('path of a TypeScript module with record hooks, relative to the manifest'),
  })
  .strict();

export const Egress = z
  .object({
    prefix: prefix.optional().describe('outbox key prefix; the feed name when absent'),
    formats: z.array(z.enum(OUTBOX_FORMATS)).min(1).default(['jsonl']).describe('outbox formats: those egress has a writer for'),
    include: z.enum(['valid', 'all']).default('valid'),
    rejects: z.boolean().default(true),
    rejectsLayout: z
      .enum(['fields', 'partner'])
      .default('fields')
      .describe(
        "fields: the rejects file is UTF-8 CSV with the feed's field keys as headers; partner: it comes back as the " +
          "partner's file was written — every column of theirs in their order (unmapped ones too) with their values, " +
          'their headers (in the reasons too), delimiter, encoding and line end. Either way each reject carries its ' +
          'row number and its reasons',
      ),
    notify: z.boolean().default(true),
    mode: z
      .enum(['incremental', 'full'])
      .default('incremental')
      .describe('incremental: what changed since the last sync (each new file); full: the whole sheet (a backfill)'),
    pageSize: z.number().int().min(1).max(10_000).default(10_000).describe('records read from Flatfile per page while exporting'),
    resync: z
      .object({
        every: z
          .string()
          .regex(
            /^(1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))$/,
            'expected an EventBridge rate such as "15 minutes", "1 hour" or "2 days" (singular for 1, plural above)',
          )
          .describe('how often, as an EventBridge rate: "15 minutes", "1 hour", "1 day"'),
      })
      .strict()
      .optional()
      .describe(
        "re-sync the feed's workbooks on a schedule: each destination workbook of a done run with records changed " +
          'since its last sync (the lastSyncedCommitId stamped on it) gets one incremental egress, what a person\'s ' +
          '"Sync now" does; deleted records are not exported (a change subscription reports them)',
      ),
    csvFormulaEscape: z
      .boolean()
      .default(true)
      .describe(
        "prefix cells starting with = + - @ (a spreadsheet formula) with ' in the outbox CSV; false writes them raw " +
          '(the rejects file is always neutralised)',
      ),
  })
  .strict();

export const Subscribe = z
  .object({
    watchFields: z
      .array(fieldKey)
      .min(1)
      .optional()
      .describe('updates are sent only when one of these fields changed, with only these fields; absent: every field'),
    queue: z
      .enum(['changes', 'own'])
      .default('changes')
      .describe(
        'changes: the shared FIFO queue <prefix>-changes.fifo; own: a FIFO queue of this feed alone, <prefix>-changes-<feed>.fifo ' +
          '(the outbound queue is a standard queue and cannot keep a record\'s changes in order)',
      ),
  })
  .strict()
  .describe(
    "record-level change events after a run: when a person creates, fixes or deletes records in a done run's workbook, " +
      'one event per record change (create/update/delete, with the changed fields), in order per record, each once',
  );

export const Expectations = z
  .object({
    cadence: z
      .object({
        cron: Schedule.shape.cron,
        timezone: Schedule.shape.timezone,
        graceMinutes: z.number().int().min(0).default(60),
      })
      .strict()
      .optional()
      .describe('when a file is expected; no file by then (plus grace) raises the stale-feed alarm'),
    maxInvalidRatio: z.number().min(0).max(1).optional(),
  })
  .strict();

export const Feed = z
  .object({
    name: slug,
    description: z.string().optional(),
    source: Source,
    format: Format,
    sheet: z.object({ slug: fieldKey, name: z.string().min(1) }).strict(),
    fields: z.array(Field).min(1),
    mapping: Mapping.default(Mapping.parse({})),
    validation: Validation.default(Validation.parse({})),
    egress: Egress.default(Egress.parse({})),
    subscribe: Subscribe.optional(),
    expectations: Expectations.default(Expectations.parse({})),
  })
  .strict();


export const ProxyRule = z
  .object({
    methods: z.array(z.enum(PROXY_METHODS)).min(1).describe('the HTTP methods allowed on this path'),
    path: z
      .string()
      .regex(
        /^\/(v1|v2-alpha)(\/([A-Za-z0-9_.-]+|\*))*(\/\*\*)?$/,
        'expected a Flatfile API path such as "/v1/sheets/*/records": literal segments, "*" for one segment, a final "**" for any rest',
      )
      .describe('a Flatfile API path: literal segments, "*" for one segment, a final "**" for any rest'),
  })
  .strict();

export const Proxy = z
  .object({
    allow: z.array(ProxyRule).min(1).describe('the only methods and paths the proxy function forwards; everything else is refused (403)'),
    maxBodyBytes: z.number().int().min(1).max(6 * MiB).default(1 * MiB).describe('larger request bodies are refused (413)'),
  })
  .strict()
  .describe('the proxy function: internal callers (IAM) reach Flatfile with its secret key without holding it');

export const Manifest = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    feeds: z.array(Feed).min(1),
    proxy: Proxy.optional(),
  })
  .strict();

export type Manifest = z.output<typeof Manifest>;
export type Feed = z.output<typeof Feed>;
export type Field = z.output<typeof Field>;
export type FileFormat = (typeof FILE_FORMATS)[number];
export type Certainty = (typeof CERTAINTIES)[number];
