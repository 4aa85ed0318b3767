import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestJsonSchema } from '../../../shared/manifest/json-schema.js';

describe('feeds/feeds.schema.json', () => {
  it('is current with the zod schema (run `npm run schema` after changing it)', () => {
    const committed = readFileSync(new URL('../../../feeds/feeds.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(manifestJsonSchema());
  });

  it('is referenced by the example manifest so editors complete it', () => {
    const yaml = readFileSync(new URL('../../../feeds/feeds.yaml', import.meta.url), 'utf8');
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=./feeds.schema.json');
  });
});
