// The worker side of the protocol: one message in -> one Workbench call -> one message out,
// plus progress messages and cancellation by request id. Kept apart from engine.worker.ts so
// tests can drive it without a real Worker.

import { Workbench } from '../core/engine/workbench.ts';
import { InputError } from '../core/ingest/decode.ts';
import { blobStream } from './blob-stream.ts';
import type { CallMessage, FromWorker, ToWorker } from './protocol.ts';

export type Post = (m: FromWorker) => void;

export function createEngineHost(
  post: Post,
  workbench: Workbench = new Workbench(),
): (m: ToWorker) => Promise<void> {
  const running = new Map<number, AbortController>();

  async function call(m: CallMessage): Promise<FromWorker> {
    switch (m.method) {
      case 'addSource': {
        const [input] = m.args;
        const ctl = new AbortController();
        running.set(m.id, ctl);
        try {
          const value = await workbench.addSource(
            {
              name: input.name,
              kind: input.kind,
              stream: blobStream(input.blob),
              totalBytes: input.blob.size,
              clock: input.clock,
              sourceId: input.sourceId,
            },
            (progress) => post({ type: 'progress', id: m.id, progress }),
            ctl.signal,
          );
          return { type: 'result', id: m.id, value };
        } finally {
          running.delete(m.id);
        }
      }
      case 'removeSource':
        await workbench.removeSource(...m.args);
        return { type: 'result', id: m.id, value: undefined };
      case 'setFormat':
        return { type: 'result', id: m.id, value: await workbench.setFormat(...m.args) };
      case 'listSources':
        return { type: 'result', id: m.id, value: workbench.listSources() };
      case 'view':
        return { type: 'result', id: m.id, value: workbench.view(...m.args) };
      case 'rows':
        return { type: 'result', id: m.id, value: workbench.rows(...m.args) };
      case 'detail':
        return { type: 'result', id: m.id, value: workbench.detail(...m.args) };
      case 'eventRows':
        return { type: 'result', id: m.id, value: workbench.eventRows(...m.args) };
      case 'indexAt':
        return { type: 'result', id: m.id, value: workbench.indexAt(...m.args) };
      case 'find':
        return { type: 'result', id: m.id, value: workbench.find(...m.args) };
      case 'context':
        return { type: 'result', id: m.id, value: workbench.context(...m.args) };
      case 'histogram':
        return { type: 'result', id: m.id, value: workbench.histogram(...m.args) };
      case 'lanes':
        return { type: 'result', id: m.id, value: workbench.lanes(...m.args) };
      case 'clocks':
        return { type: 'result', id: m.id, value: workbench.clocks() };
      case 'setClock':
        return { type: 'result', id: m.id, value: await workbench.setClock(...m.args) };
      case 'entities':
        return { type: 'result', id: m.id, value: workbench.entities() };
      case 'lifecycle':
        return { type: 'result', id: m.id, value: workbench.lifecycle(...m.args) };
      case 'rowOf':
        return { type: 'result', id: m.id, value: workbench.rowOf(...m.args) };
      case 'analysis':
        return { type: 'result', id: m.id, value: workbench.analysis(...m.args) };
    }
  }

  return async (m: ToWorker) => {
    if (m.type === 'cancel') {
      running.get(m.id)?.abort();
      return;
    }
    let reply: FromWorker;
    try {
      reply = await call(m);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      reply = {
        type: 'error',
        id: m.id,
        error: { name: err instanceof InputError ? 'InputError' : err.name, message: err.message },
      };
    }
    post(reply);
  };
}
