// The engine's Web Worker (module worker): parsing and views never run on the UI thread.
// Thin on purpose: everything is in engine-host.ts and the core.
import { createEngineHost } from './engine-host.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

// The app's lib is DOM, where `self` is a Window; a dedicated worker's scope only needs these two.
interface WorkerScope {
  postMessage(m: FromWorker): void;
  addEventListener(type: 'message', fn: (ev: MessageEvent<ToWorker>) => void): void;
}

const scope = self as unknown as WorkerScope;
const handle = createEngineHost((m) => scope.postMessage(m));
scope.addEventListener('message', (ev) => {
  void handle(ev.data);
});
