// Giving the event loop a turn during a long parse, so a worker can receive its cancel message.
// setTimeout(0) is clamped to 4 ms once nested, which over thousands of chunks adds seconds;
// a MessageChannel round trip is not clamped and exists in browsers, workers and Node.

export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      // Closed so the ports do not keep a Node process alive.
      ch.port1.close();
      ch.port2.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/** Yields at most every `sliceMillis` of work: cheap to call after every chunk. */
export class Slicer {
  private last = performance.now();
  constructor(private readonly sliceMillis = 30) {}
  async maybeYield(): Promise<void> {
    const now = performance.now();
    if (now - this.last < this.sliceMillis) return;
    await yieldToEventLoop();
    this.last = performance.now();
  }
}
