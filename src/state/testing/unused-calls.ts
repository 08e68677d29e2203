// The timeline-navigation, clock and entity calls of WorkbenchClient, for hand-made test clients
// that do not exercise them: each one fails loudly if a component calls it after all.
import type { WorkbenchClient } from '../../core/engine/client-api.ts';

type Extra =
  | 'eventRows'
  | 'indexAt'
  | 'rowOf'
  | 'find'
  | 'context'
  | 'histogram'
  | 'lanes'
  | 'clocks'
  | 'setClock'
  | 'entities'
  | 'lifecycle'
  | 'analysis';

const notUsed = (name: string) => async () => {
  throw new Error(`${name} is not used by this test client`);
};

export function unusedCalls(): Pick<WorkbenchClient, Extra> {
  return {
    eventRows: notUsed('eventRows'),
    indexAt: notUsed('indexAt'),
    rowOf: notUsed('rowOf'),
    find: notUsed('find'),
    context: notUsed('context'),
    histogram: notUsed('histogram'),
    lanes: notUsed('lanes'),
    clocks: notUsed('clocks'),
    setClock: notUsed('setClock'),
    entities: notUsed('entities'),
    lifecycle: notUsed('lifecycle'),
    analysis: notUsed('analysis'),
  };
}
