import { readFile } from 'node:fs/promises';
import { SetupError } from './setup-error.js';
import { join } from 'node:path';
import * as z from 'zod';
import { TERMINAL_STATES, type RunCounts, type RunState } from '../shared/ledger/index.js';

const countsSchema = z.strictObject({
  rowsRead: z.number().int().optional(),
  recordsCreated: z.number().int().optional(),
  valid: z.number().int().optional(),
  invalid: z.number().int().optional(),
  egressed: z.number().int().optional(),
  rejected: z.number().int().optional(),
});

const expectedSchema = z.record(
  z.string(),
  z.strictObject({
    state: z.enum(TERMINAL_STATES),
    counts: countsSchema.optional(),
    outputs: z.number().int().optional().describe('how many objects the run writes (outbox and rejects)'),
    note: z.string().optional().describe('why the outcome is what it is, for the person reading expected.json'),
  }),
);

export type ExpectedOutcome = z.infer<typeof expectedSchema>[string];

/** `<samplesDir>/expected.json`: each sample's expected final state and counts. */
export async function loadExpected(samplesDir: string): Promise<Record<string, ExpectedOutcome>> {
  const file = join(samplesDir, 'expected.json');
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
    throw new SetupError(`${file}: no such file; a samples folder needs one, e.g. {"<feed>/<file>": {"state": "done", "rowsRead": 20}}`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SetupError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = expectedSchema.safeParse(json);
  if (!parsed.success) throw new SetupError(`${file}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
  return parsed.data;
}

/** How a run differs from its expectation, one phrase per difference; empty when it is as expected. */
export function compareWithExpected(
  got: { state: RunState | 'missing'; counts: RunCounts; outputs: readonly string[] },
  want: ExpectedOutcome | undefined,
): string[] {
  if (!want) return ['no expectation for it in samples/expected.json'];
  // A run in another state has other counts too: the state alone says what went wrong.
  if (got.state !== want.state) return [got.state === 'missing' ? `no run, expected ${want.state}` : `state ${got.state}, expected ${want.state}`];
  const problems: string[] = [];
  for (const [k, v] of Object.entries(want.counts ?? {})) {
    const count = got.counts[k as keyof RunCounts];
    if (count !== v) problems.push(`${k} ${count ?? 'unset'}, expected ${v}`);
  }
  if (want.outputs !== undefined && got.outputs.length !== want.outputs) problems.push(`${got.outputs.length} outputs, expected ${want.outputs}`);
  return problems;
}
