// A Blob as a byte stream. Browsers and Node have Blob.stream(); jsdom's Blob (component tests)
// has only arrayBuffer()/text(), so those read it whole: fine for the small inputs tests use.

export function blobStream(blob: Blob): ReadableStream<Uint8Array> {
  if (typeof blob.stream === 'function') return blob.stream();
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return;
      done = true;
      const bytes =
        typeof blob.arrayBuffer === 'function'
          ? new Uint8Array(await blob.arrayBuffer())
          : new TextEncoder().encode(await blob.text());
      if (bytes.length > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}
