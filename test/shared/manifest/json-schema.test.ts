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

  it("documents every key of the connector (pulls, backfill, record writes, subscriptions, re-sync, proxy)", () => {
    const schema = JSON.parse(manifestJsonSchema()) as Node;
    const feed = (schema.properties!.feeds as Node).items as Node;
    const undocumented: string[] = [];
    const walk = (n: Node | undefined, path: string) => {
      if (!n) return;
      for (const [k, v] of Object.entries(n.properties ?? {})) {
        if (!v.description) undocumented.push(`${path}.${k}`);
        walk(v, `${path}.${k}`);
      }
      for (const c of [...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.items ? [n.items] : [])]) walk(c, path);
    };
    const f = feed.properties!;
    walk(f.source, 'source');
    walk(f.subscribe, 'subscribe');
    walk(f.egress!.properties!.resync, 'egress.resync');
    walk(schema.properties!.proxy, 'proxy');
    expect(f.egress!.properties!.resync!.description).toBeTruthy();
    expect(undocumented).toEqual([]);
  });
});

interface Node {
  description?: string;
  properties?: Record<string, Node>;
  anyOf?: Node[];
  oneOf?: Node[];
  items?: Node;
}
