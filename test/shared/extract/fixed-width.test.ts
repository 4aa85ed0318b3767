import { describe, expect, it } from 'vitest';
import { openFixedWidth } from '../../../shared/extract/fixed-width.js';
import { readAll } from './support.js';

const fixedWidth = {
  columns: [
    { key: 'id', start: 1, width: 4 },
    { key: 'name', label: 'Full name', start: 5, width: 10 },
    { key: 'amount', start: 15, width: 8 },
  ],
};

describe('openFixedWidth', () => {
  it('cuts lines by the manifest columns (1-based start, width), trimmed; short lines give empty cells', async () => {
    const text = '0001Ada Lovel    12.50\n\n0002Zoë Ünal      -3\n0003Linus\n';
    expect(await readAll(openFixedWidth, text, { fixedWidth })).toEqual({
      sheetName: 'test',
      columns: ['id', 'Full name', 'amount'],
      rows: [
        ['0001', 'Ada Lovel', '12.50'],
        ['0002', 'Zoë Ünal', '-3'],
        ['0003', 'Linus', ''],
      ],
    });
  });

  it('counts characters, not UTF-16 units, outside the basic plane', async () => {
    const out = await readAll(openFixedWidth, '0001😀 smiley  00000001\n', { fixedWidth });
    expect(out.rows).toEqual([['0001', '😀 smiley', '00000001']]);
  });

  it('needs the manifest columns', async () => {
    await expect(readAll(openFixedWidth, 'x')).rejects.toThrow(/needs format.fixedWidth.columns/);
  });
});
