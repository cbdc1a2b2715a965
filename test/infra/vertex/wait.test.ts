// The waiter and retry loop on a ManualClock: delays follow the backoff curve, jitter stays within bounds,
// transient errors are retried and others are not, the timeout ends the wait at the deadline.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../local/emulator/clock';
import { backoffDelay, retryTransient, waitForTerminal, WaitTimeoutError } from '../../../infra/vertex/wait';

const policy = { initialMs: 1000, maxMs: 10_000, multiplier: 2, jitter: 0.2 };

describe('backoffDelay', () => {
  it('grows exponentially and is capped', () => {
    const exact = { ...policy, random: () => 0.5 };
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(exact, n)), [1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('jitters by at most ±20% and never above the cap', () => {
    assert.equal(backoffDelay({ ...policy, random: () => 0 }, 1), 1600);
    assert.equal(backoffDelay({ ...policy, random: () => 0.999999 }, 1), 2400);
    assert.equal(backoffDelay({ ...policy, random: () => 0.999999 }, 10), 10_000);
  });
});

describe('retryTransient', () => {
  const transient = Object.assign(new Error('unavailable'), { code: 14 });
  it('retries UNAVAILABLE, then returns the value', async () => {
    const clock = new ManualClock(0);
    let calls = 0;
    const value = await retryTransient(async () => (++calls < 3 ? Promise.reject(transient) : 'ok'), { clock, backoff: { ...policy, random: () => 0.5 } });
    assert.equal(value, 'ok');
    assert.equal(calls, 3);
    assert.equal(clock.now(), 3000);
  });

  it('does not retry INVALID_ARGUMENT', async () => {
    let calls = 0;
    const invalid = Object.assign(new Error('bad'), { code: 3 });
    await assert.rejects(retryTransient(async () => { calls++; throw invalid; }, { clock: new ManualClock(0) }), /bad/);
    assert.equal(calls, 1);
  });

  it('does not retry a quota RESOURCE_EXHAUSTED (a capacity error), but does retry a plain 429', async () => {
    const quota = Object.assign(new Error('x'), { code: 8, details: 'Quota exceeded for aiplatform.googleapis.com/custom_model_serving_nvidia_l4_gpus' });
    let calls = 0;
    await assert.rejects(retryTransient(async () => { calls++; throw quota; }, { clock: new ManualClock(0) }));
    assert.equal(calls, 1);
    const rate = Object.assign(new Error('x'), { code: 8, details: 'Too many requests' });
    calls = 0;
    await assert.rejects(retryTransient(async () => { calls++; throw rate; }, { clock: new ManualClock(0), maxRetries: 2 }));
    assert.equal(calls, 3);
  });
});

describe('waitForTerminal', () => {
  it('polls at once, then on the backoff curve until a terminal state', async () => {
    const clock = new ManualClock(0);
    const seen: number[] = [];
    const { value, polls, failed } = await waitForTerminal({
      get: async () => (seen.push(clock.now()), clock.now() >= 7000 ? 'DONE' : 'RUNNING'),
      stateOf: (s) => s,
      terminalStates: new Set(['DONE']),
      clock,
      timeoutMs: 60_000,
      backoff: { ...policy, random: () => 0.5 },
    });
    assert.equal(value, 'DONE');
    assert.equal(polls, 4);
    assert.equal(failed, false);
    assert.deepEqual(seen, [0, 1000, 3000, 7000]);
  });

  it('reports a terminal error state as failed', async () => {
    const clock = new ManualClock(0);
    const result = await waitForTerminal({
      get: async () => 'FAILED',
      stateOf: (s) => s,
      terminalStates: new Set(['DONE', 'FAILED']),
      errorStates: new Set(['FAILED']),
      clock,
      timeoutMs: 1000,
    });
    assert.deepEqual(result, { value: 'FAILED', failed: true, polls: 1, elapsedMs: 0 });
  });

  it('ends with WaitTimeoutError after a last poll exactly at the deadline', async () => {
    const clock = new ManualClock(0);
    const seen: number[] = [];
    const error = await waitForTerminal({
      get: async () => (seen.push(clock.now()), 'RUNNING'),
      stateOf: (s) => s,
      terminalStates: new Set(['DONE']),
      clock,
      timeoutMs: 5000,
      backoff: { ...policy, random: () => 0.5 },
    }).catch((e: unknown) => e);
    assert.ok(error instanceof WaitTimeoutError);
    assert.equal(error.message, 'still RUNNING after 5s (timeout 5s)');
    assert.deepEqual(seen, [0, 1000, 3000, 5000]);
  });
});
