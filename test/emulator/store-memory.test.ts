import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { extractDelimited } from '../../emulator/extract/csv.js';
import { MemoryBlobs } from '../../emulator/store/blobs.js';
import { FragmentArena } from '../../emulator/store/fragments.js';
import { StringInterner } from '../../emulator/store/interner.js';

// What keeps the emulator's memory bounded at a million rows (BENCHMARKS.md): a read cache of fixed size, uploads
// read back in pieces, extraction that lets the API answer, one copy of repeated strings.

/** Fragments `texts` for `rows`, back to back with a comma after each, as RecordJson hands them over. */
function store(arena: FragmentArena, rows: number[], texts: string[]): void {
  const spans = new Int32Array(rows.length * 2);
  let src = '';
  texts.forEach((t, i) => {
    spans[2 * i] = src.length;
    spans[2 * i + 1] = t.length;
    src += `${t},`;
  });
  arena.setMany(rows, Buffer.from(src), spans);
}

const text = (arena: FragmentArena, rows: number[]) => Buffer.concat(arena.ranges(rows, 0, rows.length)).toString();

describe('the read cache (FragmentArena)', () => {
  it('drops its oldest chunks past its size and serves the rest unchanged', () => {
    const arena = new FragmentArena(100, 64);
    store(arena, [0, 1, 2, 3], ['{"a":0}', '{"a":1}', '{"a":2}', '{"a":3}']);
    store(arena, [4, 5, 6, 7], ['{"b":4}', '{"b":5}', '{"b":6}', '{"b":7}']);
    store(arena, [8, 9, 10, 11], ['{"c":8}', '{"c":9}', '{"c":10}', '{"c":11}']);
    // Three 64-byte chunks kept (192 > 100) until a read trims them.
    expect([0, 4, 8].map((r) => arena.has(r))).toEqual([true, true, true]);
    arena.trim();
    expect([0, 3, 4, 7, 8, 11].map((r) => arena.has(r))).toEqual([false, false, false, false, true, true]);
    expect(text(arena, [8, 9, 10, 11])).toBe('{"c":8},{"c":9},{"c":10},{"c":11}');
    // A dropped row stored again reads its new fragment.
    store(arena, [0], ['{"a":"again"}']);
    expect(text(arena, [0, 8])).toBe('{"a":"again"},{"c":8}');
  });

  it('reuses a dropped chunk only once no lease of it is left, and a leased range keeps its bytes meanwhile', () => {
    const arena = new FragmentArena(130, 64);
    store(arena, [0, 1], ['{"a":0}', '{"a":1}']);
    const held = arena.lease([0, 1], 0, 2);
    const first = held.parts[0]!.buffer;
    store(arena, [2, 3], ['x'.repeat(60), 'y'.repeat(60)]);
    // Three chunks (192 bytes > 130): the read trims the first, still leased, so the next chunk is new memory.
    arena.trim();
    expect(arena.has(0)).toBe(false);
    store(arena, [4], ['z'.repeat(60)]);
    expect(Buffer.concat(held.parts).toString()).toBe('{"a":0},{"a":1}');
    const lent = arena.lease([4], 0, 1);
    expect(lent.parts[0]!.buffer).not.toBe(first);
    lent.release();
    // Released (twice: the second is a no-op), the dropped chunk is taken for the next one.
    held.release();
    held.release();
    store(arena, [5], ['w'.repeat(60)]);
    const reused = arena.lease([5], 0, 1);
    expect(reused.parts[0]!.buffer).toBe(first);
    expect(Buffer.concat(reused.parts).toString()).toBe('w'.repeat(60));
  });

  it('keeps everything while under its size', () => {
    const arena = new FragmentArena(1000, 64);
    store(arena, [0, 1], ['{"a":0}', '{"a":1}']);
    store(arena, [2], ['x'.repeat(60)]);
    arena.trim();
    expect(text(arena, [0, 1, 2])).toBe(`{"a":0},{"a":1},${'x'.repeat(60)}`);
  });
});

describe('uploads held in memory (MemoryBlobs)', () => {
  it('read back byte for byte, in the pieces they arrived in', async () => {
    const blobs = new MemoryBlobs();
    const pieces = Array.from({ length: 40 }, (_, i) => Buffer.alloc(10_000, i));
    expect(await blobs.write('f', Readable.from(pieces))).toBe(400_000);
    const read: Buffer[] = [];
    for await (const chunk of blobs.read('f')) read.push(chunk as Buffer);
    expect(read.length).toBe(40);
    expect(Buffer.concat(read).equals(Buffer.concat(pieces))).toBe(true);
  });
});

describe('native extraction of a file held in memory', () => {
  it('lets other work run between its batches', async () => {
    const csv = `a,b\n${Array.from({ length: 25_000 }, (_, i) => `${i},x${i}`).join('\n')}\n`;
    let otherWorkRan = false;
    setImmediate(() => (otherWorkRan = true));
    const seen: boolean[] = [];
    const count = await extractDelimited(Readable.from([Buffer.from(csv)]), ',', () => {}, () => seen.push(otherWorkRan));
    expect(count).toBe(25_000);
    // The first batch may come before anything else ran; every later one comes after.
    expect(seen).toEqual([false, true, true]);
  });
});

describe('repeated strings (StringInterner)', () => {
  it('returns every value as given, strings and others alike', () => {
    const strings = new StringInterner();
    const values = ['DE', 'FR', 'DE', 42, undefined, 'DE', { a: 1 }, ''];
    expect(values.map((v) => strings.intern(v))).toEqual(values);
  });

  it('passes through a column that does not repeat once its table is full', () => {
    const strings = new StringInterner();
    for (let i = 0; i < 70_000; i++) expect(strings.intern(`user${i}@example.com`)).toBe(`user${i}@example.com`);
    expect(strings.intern('user5@example.com')).toBe('user5@example.com');
  });
});
