// The interrupt handler with real signals sent to this process: the first stops the work and runs the
// cleanups (newest first), a cleanup the run already did is not redone, a second signal exits at once while
// the cleanup is still going.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { handleInterrupts } from '../../../local/cli/interrupt';

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

describe('handleInterrupts', () => {
  it('first SIGINT: aborts, cleans newest first (skipping what already ran), exits 130', async () => {
    const log: string[] = [];
    const exits: number[] = [];
    const interruption = handleInterrupts({ log: (l) => log.push(l), exit: (code) => exits.push(code) });
    const order: string[] = [];
    try {
      interruption.onCleanup('first', () => void order.push('first'));
      const done = interruption.onCleanup('already done', () => void order.push('already done'));
      interruption.onCleanup('last', () => void order.push('last'));
      await done.run();
      process.kill(process.pid, 'SIGINT');
      await until(() => exits.length > 0);
      assert.ok(interruption.signal.aborted);
      assert.deepEqual(order, ['already done', 'last', 'first']);
      assert.deepEqual(exits, [130]);
      assert.deepEqual(log.slice(0, 1), ['SIGINT: stopping; cleaning up what this run created (press Ctrl-C again to exit at once)']);
      assert.ok(log.includes('  cleaned: last') && log.includes('  cleaned: first'));
      assert.equal(log.at(-1), 'interrupted: exit code 130');
    } finally {
      interruption.dispose();
    }
  });

  it('a second SIGINT while cleaning up exits at once', async () => {
    const log: string[] = [];
    const exits: number[] = [];
    const interruption = handleInterrupts({ log: (l) => log.push(l), exit: (code) => exits.push(code) });
    let release = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    try {
      interruption.onCleanup('a slow delete', () => slow);
      process.kill(process.pid, 'SIGINT');
      await until(() => log.length > 0);
      process.kill(process.pid, 'SIGINT');
      await until(() => exits.length > 0);
      assert.deepEqual(exits, [130]);
      assert.ok(log.includes('SIGINT again: exiting at once, without cleaning up'));
      assert.ok(!log.includes('  cleaned: a slow delete'), 'the slow cleanup had not finished');
    } finally {
      release();
      interruption.dispose();
    }
  });
});
