import { describe, expect, it } from 'vitest';
import { dispatchStrict, EventHandlingError, type Register } from '../../../shared/listener/strict-dispatch.js';

// @flatfile/listener's dispatchEvent logs a callback's error and resolves: without dispatchStrict a failed event
// would be acknowledged and never retried.

const event = { id: 'us_evt_1', topic: 'job:failed', domain: 'job', context: { environmentId: 'us_env_1', jobId: 'us_jb_1' }, payload: { job: 'file:extract' } };
const creds = { token: 'sk_test', apiUrl: 'http://127.0.0.1:9/v1' };

describe('dispatchStrict', () => {
  it("rethrows the route's error", async () => {
    const boom = new Error('route failed');
    const register: Register = (on) => on('job:failed', {}, async () => Promise.reject(boom));
    await expect(dispatchStrict(register, event, creds)).rejects.toBe(boom);
  });

  it('rethrows every error when several routes fail, and resolves when none does', async () => {
    const failing: Register = (on) => {
      on('job:failed', {}, async () => Promise.reject(new Error('a')));
      on('job:*', {}, async () => Promise.reject(new Error('b')));
    };
    await expect(dispatchStrict(failing, event, creds)).rejects.toBeInstanceOf(EventHandlingError);
    let ran = 0;
    await dispatchStrict((on) => on('job:failed', {}, async () => void ran++), event, creds);
    expect(ran).toBe(1);
  });
});
