import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadManifest } from '../../../shared/manifest/index.js';
import { parseManifest } from '../../../shared/manifest/parse-yaml.js';
import { ManifestError } from '../../../shared/errors/index.js';

const example = readFileSync(new URL('../../../feeds/feeds.yaml', import.meta.url), 'utf8');

/** Edits the example manifest through the YAML document model, so tests change one thing and keep the rest valid. */
function variant(edit: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(example);
  edit(doc);
  return doc.toString();
}

function problemsOf(text: string): string[] {
  try {
    parseManifest(text, 'feeds/test.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    return [...(e as ManifestError).problems];
  }
  throw new Error('expected the manifest to be rejected');
}

/** 1-based line of the first occurrence of a text in the YAML. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('feed manifest loader', () => {
  it('loads the example manifest with defaults applied', async () => {
    const m = await loadManifest();
    expect(m.feeds.map((f) => f.name)).toEqual(['contacts', 'orders']);
    const orders = m.feeds[1]!;
    expect(orders.format.encoding).toBe('windows-1252');
    expect(orders.format.limits.maxRatio).toBe(100);
    expect(orders.format.limits.maxMembers).toBe(100); // default kept beside the override
    expect(m.feeds[0]!.egress.pageSize).toBe(10_000);
    expect(m.feeds[0]!.fields.find((f) => f.key === 'status')?.default).toBe('lead');
  });

  it('names file, line, path and what is expected for a bad field type', () => {
    const text = variant((doc) => doc.setIn(['feeds', 1, 'fields', 3, 'type'], 'integr'));
    const problems = problemsOf(text);
    const line = lineOf(text, 'type: integr');
    expect(problems).toEqual([
      `feeds/test.yaml:${line}:15 feeds[1].fields[3].type: expected one of string|number|boolean|date|enum, got "integr"`,
    ]);
  });

  it('rejects duplicate feed names', () => {
    const text = variant((doc) => doc.setIn(['feeds', 1, 'name'], 'contacts'));
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^feeds\/test\.yaml:\d+:\d+ feeds\[1\]\.name: duplicate feed name "contacts" \(also feeds\[0\]\)$/),
    ]);
  });

  it('rejects overlapping inbox prefixes', () => {
    const text = variant((doc) => doc.setIn(['feeds', 1, 'source', 'inboxPrefix'], 'acme/'));
    expect(problemsOf(text)).toEqual([
      expect.stringContaining(
        'feeds[1].source.inboxPrefix: inbox prefix "acme/" overlaps "acme/contacts/" of feed "contacts" (feeds[0])',
      ),
    ]);
  });

  it('rejects fieldMap entries naming unknown field keys', () => {
    const text = variant((doc) => doc.setIn(['feeds', 1, 'mapping', 'fieldMap', 'Menge'], 'qty'));
    expect(problemsOf(text)).toEqual([
      expect.stringContaining(
        'feeds[1].mapping.fieldMap.Menge: unknown field key "qty"; expected one of order_id|customer|sku|description|quantity|unit_price|currency|order_date',
      ),
    ]);
  });

  it('rejects enum defaults outside the options', () => {
    const text = variant((doc) => doc.setIn(['feeds', 0, 'fields', 6, 'default'], 'prospect'));
    const problems = problemsOf(text);
    expect(problems).toEqual([
      `feeds/test.yaml:${lineOf(text, 'default: prospect')}:18 feeds[0].fields[6].default: expected one of lead|active|inactive, got "prospect"`,
    ]);
  });

  it('reports every problem at once, missing keys at their parent', () => {
    const text = variant((doc) => {
      doc.deleteIn(['feeds', 0, 'sheet']);
      doc.setIn(['feeds', 0, 'format', 'accept'], ['csv', 'pdf']);
      doc.setIn(['feeds', 1, 'fields', 0, 'colour'], 'red');
    });
    const problems = problemsOf(text);
    expect(problems).toHaveLength(3);
    expect(problems).toContainEqual(expect.stringMatching(/ feeds\[0\]\.sheet: required object is missing, e\.g\. sheet: \{slug: "…", name: "…"\}$/));
    expect(problems).toContainEqual(
      expect.stringMatching(/ feeds\[0\]\.format\.accept\[1\]: expected one of csv\|tsv\|psv\|xlsx\|xls\|json\|jsonl\|fixed\|xml, got "pdf"$/),
    );
    // Nothing like "colour" among a field's keys: all of them are listed (the schema's, however many it has).
    expect(problems).toContainEqual(
      expect.stringMatching(
        new RegExp(`^feeds/test\\.yaml:${lineOf(text, 'colour: red')}:9 feeds\\[1\\]\\.fields\\[0\\]: unknown key "colour"; expected one of key\\|label\\|description\\|type\\|required\\|.*\\|transform$`),
      ),
    );
  });

  it('reports YAML syntax errors with their position', () => {
    expect(problemsOf('version: 1\nfeeds:\n  - name: [unclosed\n')).toEqual([expect.stringMatching(/^feeds\/test\.yaml:\d+:\d+ /)]);
  });

  it('requires fixed-width columns when fixed-width files are accepted', () => {
    const text = variant((doc) => doc.setIn(['feeds', 1, 'format', 'accept'], ['csv', 'fixed']));
    expect(problemsOf(text)).toEqual([
      expect.stringContaining('feeds[1].format.fixedWidth: expected fixedWidth.columns when the feed accepts fixed-width files'),
    ]);
  });

  it('rejects an unknown declared encoding and a bad time zone', () => {
    const text = variant((doc) => {
      doc.setIn(['feeds', 1, 'format', 'encoding'], 'klingon-8');
      doc.setIn(['feeds', 1, 'expectations', 'cadence', 'timezone'], 'Mars/Olympus');
    });
    const problems = problemsOf(text);
    expect(problems).toContainEqual(expect.stringContaining('feeds[1].format.encoding: expected an encoding iconv-lite knows'));
    expect(problems).toContainEqual(
      expect.stringContaining('feeds[1].expectations.cadence.timezone: expected an IANA time zone such as "Europe/Berlin", got "Mars/Olympus"'),
    );
  });

  it('reads a wrong type as wrong, not as missing, and shows the shape expected', () => {
    const text = variant((doc) => doc.setIn(['feeds', 0, 'fields', 0, 'required'], 'yes'));
    expect(problemsOf(text)).toEqual([
      `feeds/test.yaml:${lineOf(text, 'required: yes')}:19 feeds[0].fields[0].required: expected boolean, got "yes", e.g. required: true`,
    ]);
  });

  it('suggests the key a mistyped one meant, with an example of its shape', () => {
    const text = variant((doc) => {
      doc.setIn(['feeds', 0, 'fields', 6, 'values'], ['lead']);
      doc.deleteIn(['feeds', 0, 'fields', 6, 'options']);
      doc.setIn(['feeds', 1, 'fields', 7, 'dateFormat'], ['DD.MM.YYYY']);
    });
    const problems = problemsOf(text);
    expect(problems).toContainEqual(
      `feeds/test.yaml:${lineOf(text, 'values:')}:9 feeds[0].fields[6]: unknown key "values"; did you mean "options"? e.g. options: [{value: "…"}]`,
    );
    expect(problems).toContainEqual(
      `feeds/test.yaml:${lineOf(text, 'dateFormat:')}:9 feeds[1].fields[7]: unknown key "dateFormat"; did you mean "dateFormats"? e.g. dateFormats: ["…"]`,
    );
  });

  it('refuses a missing manifest file in one line', async () => {
    const err = await loadManifest('feeds/nope.yaml').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as ManifestError).message).toBe('feeds/nope.yaml: no such file (the feed manifest; pass another with -m/--manifest)');
  });
});
