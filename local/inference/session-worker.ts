// Worker thread body of the session pool: one single-threaded onnxruntime session answering run requests.
import { parentPort, workerData } from 'node:worker_threads';
import { openOnnxSession, type RuntimeBackend, type TensorFeed } from './runtime';

interface Request {
  id: number;
  feeds: Record<string, TensorFeed>;
}

async function serve(): Promise<void> {
  const { model, backend } = workerData as { model: Uint8Array; backend: RuntimeBackend };
  const session = await openOnnxSession({ model, threads: 1, backend });
  parentPort!.on('message', async (msg: Request) => {
    try {
      const outputs = await session.run(msg.feeds);
      const buffers = Object.values(outputs).map((o) => o.data.buffer as ArrayBuffer);
      parentPort!.postMessage({ id: msg.id, outputs }, buffers);
    } catch (err) {
      parentPort!.postMessage({ id: msg.id, error: (err as Error).message });
    }
  });
  parentPort!.postMessage({ ready: true });
}

serve().catch((err) => parentPort!.postMessage({ failed: (err as Error).message }));
