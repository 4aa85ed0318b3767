import { describe, expect, it } from 'vitest';
import { finalState } from '../../../shared/run/final-state.js';
import { canMove, isTerminal, STAGES, TERMINAL_STATES, TRANSITIONS, type RunState } from '../../../shared/run/states.js';

const ALL = [...STAGES, ...TERMINAL_STATES] as RunState[];

describe('the run transition table', () => {
  it('names every state once, with the terminal states of the design', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ALL].sort());
    expect([...TERMINAL_STATES].sort()).toEqual(['done', 'expanded', 'failed', 'mismatch', 'needs-review', 'rejected', 'stalled', 'unrouted']);
  });

  it('only moves forward: no stage leads to itself or to an earlier stage', () => {
    STAGES.forEach((from, i) => {
      for (const earlier of STAGES.slice(0, i + 1)) expect(canMove(from, earlier), `${from} → ${earlier}`).toBe(false);
    });
  });

  it('every stage can end rejected, failed or stalled (nothing waits forever)', () => {
    for (const s of STAGES) for (const end of ['rejected', 'failed', 'stalled'] as const) expect(canMove(s, end), `${s} → ${end}`).toBe(true);
  });

  it('the happy paths are allowed', () => {
    const native: RunState[] = ['received', 'uploaded', 'mapping', 'validating', 'egressing', 'done'];
    const extracted: RunState[] = ['received', 'uploaded', 'extracting', 'mapping', 'validating', 'egressing', 'done'];
    for (const path of [native, extracted]) for (let i = 1; i < path.length; i++) expect(canMove(path[i - 1]!, path[i]!)).toBe(true);
    expect(canMove('received', 'expanded')).toBe(true);
    expect(canMove('egressing', 'mismatch')).toBe(true);
  });

  it('terminal states lead nowhere, except a mapping a person finishes (needs-review → validating)', () => {
    for (const t of TERMINAL_STATES) {
      expect(isTerminal(t)).toBe(true);
      const allowed = ALL.filter((to) => canMove(t, to));
      expect(allowed, t).toEqual(t === 'needs-review' ? ['validating'] : []);
    }
    expect(canMove('done', 'validating')).toBe(false);
    expect(canMove('done', 'extracting')).toBe(false);
  });
});

describe('the final state of an egressed run', () => {
  it('a mismatch wins over held records and over success', () => {
    expect(finalState({ mismatches: ['rowsRead 20 ≠ recordsCreated 19'], held: 3 })).toBe('mismatch');
    expect(finalState({ mismatches: ['x'], held: 0 })).toBe('mismatch');
  });
  it('held records leave it needs-review; otherwise done', () => {
    expect(finalState({ mismatches: [], held: 2 })).toBe('needs-review');
    expect(finalState({ mismatches: [], held: 0 })).toBe('done');
  });
});
