// Single-threaded sessions in worker threads, so that small batches (where intra-op threads do not pay off)
// still use every core: onnxruntime-node's run is synchronous on the calling thread, so concurrency needs
// threads of our own. Requests go to the worker with the fewest in flight.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OnnxRuntimeSession, RuntimeBackend, TensorFeed } from './runtime';

type Outputs = Awaited<ReturnType<OnnxRuntimeSession['run']>>;

interface Slot {
  worker: Worker;
  inFlight: number;
}

const WORKER_FILE = path.join(__dirname, `session-worker${path.extname(__filename)}`);

/** Compiled (bin/*.js): run the worker file. From TypeScript sources (tsx): register tsx's require hook first. */
function startWorker(workerData: unknown): Worker {
  if (WORKER_FILE.endsWith('.js')) return new Worker(WORKER_FILE, { workerData });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER_FILE)});`, { eval: true, workerData });
}

/** Resolves on the worker's ready message; only its own listeners are removed (Worker keeps internal ones). */
function waitUntilReady(w: Worker): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      w.off('error', onError);
      w.off('exit', onExit);
      w.off('message', onMessage);
      if (err) reject(err);
      else resolve();
    };
    const onError = (err: Error) => done(err);
    const onExit = (code: number) => done(new Error(`session worker exited with code ${code} before it was ready`));
    const onMessage = (m: { ready?: boolean; failed?: string }) => done(m.ready ? undefined : new Error(`session worker failed: ${m.failed}`));
    w.on('error', onError);
    w.on('exit', onExit);
    w.on('message', onMessage);
  });
}

export class SessionPool {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (o: Outputs) => void; reject: (e: Error) => void; slot: Slot }>();

  private constructor(private readonly slots: Slot[]) {
    for (const slot of slots) {
      slot.worker.on('message', (msg: { id: number; outputs?: Outputs; error?: string }) => {
        const w = this.waiting.get(msg.id);
        if (!w) return;
        this.waiting.delete(msg.id);
        w.slot.inFlight--;
        if (msg.error !== undefined) w.reject(new Error(msg.error));
        else w.resolve(msg.outputs!);
      });
      slot.worker.on('error', (err) => this.failAll(slot, err));
      slot.worker.on('exit', (code) => this.failAll(slot, new Error(`session worker exited with code ${code}`)));
    }
  }

  get size(): number {
    return this.slots.length;
  }

  static async open(model: Uint8Array, size: number, backend: RuntimeBackend): Promise<SessionPool> {
    const workers = Array.from({ length: size }, () => startWorker({ model, backend }));
    try {
      await Promise.all(workers.map(waitUntilReady));
    } catch (err) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw err;
    }
    return new SessionPool(workers.map((worker) => ({ worker, inFlight: 0 })));
  }

  run(feeds: Record<string, TensorFeed>): Promise<Outputs> {
    const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    slot.inFlight++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ id, feeds });
    });
  }

  private failAll(slot: Slot, err: Error): void {
    for (const [id, w] of this.waiting) {
      if (w.slot === slot) {
        this.waiting.delete(id);
        w.reject(err);
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
