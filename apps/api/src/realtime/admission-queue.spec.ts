import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdmissionQueue, Busy } from './admission-queue';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('AdmissionQueue', () => {
  it('runs at most `concurrency` tasks at once, the others in their order of arrival', async () => {
    const queue = new AdmissionQueue(2, 10);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) => queue.run(async () => (started.push(i), await gate.promise, i)));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual(queue.size, { running: 2, waiting: 2 });
    gates[1].resolve();
    await runs[1];
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1, 2]);
    gates[0].resolve();
    gates[2].resolve();
    gates[3].resolve();
    assert.deepEqual(await Promise.all(runs), [0, 1, 2, 3]);
    assert.deepEqual(queue.size, { running: 0, waiting: 0 });
  });

  it('refuses with Busy (and how long to wait) when the queue is full, and frees its slot after a failing task', async () => {
    const queue = new AdmissionQueue(1, 1);
    const gate = deferred();
    const first = queue.run(() => gate.promise);
    const second = queue.run(async () => {
      throw new Error('boom');
    });
    await assert.rejects(queue.run(async () => 3), (e: unknown) => e instanceof Busy && (e.details as { retryAfterSeconds: number }).retryAfterSeconds >= 1);
    gate.resolve();
    await first;
    await assert.rejects(second, /boom/);
    assert.equal(await queue.run(async () => 4), 4);
    assert.deepEqual(queue.size, { running: 0, waiting: 0 });
  });

  it('skips a task whose requester left while it waited', async () => {
    const queue = new AdmissionQueue(1, 5);
    const gate = deferred();
    const first = queue.run(() => gate.promise);
    let ran = false;
    const skipped = queue.run(async () => (ran = true), () => false);
    gate.resolve();
    await first;
    assert.equal(await skipped, undefined);
    assert.equal(ran, false);
  });
});
