// Files as web byte streams for openText (the same decoder the browser uses), with file
// system errors turned into one-line InputErrors (exit 1).
import { open, stat } from 'node:fs/promises';
import { InputError, type OpenedText, openText } from '../core/ingest/decode.ts';

const READ_CHUNK = 1 << 20;

function fsError(path: string, e: unknown): InputError {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return new InputError(`${path}: no such file`);
  if (code === 'EACCES' || code === 'EPERM') return new InputError(`${path}: permission denied`);
  if (code === 'EISDIR') return new InputError(`${path}: is a directory, not a file`);
  return new InputError(`${path}: cannot read (${e instanceof Error ? e.message : String(e)})`);
}

/** A file as a ReadableStream of 1 MB chunks (each chunk a fresh buffer: the decoder may keep it). */
export async function fileStream(
  path: string,
): Promise<{ stream: ReadableStream<Uint8Array>; size: number }> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    size = st.size;
  } catch (e) {
    throw fsError(path, e);
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw fsError(path, e);
  }
  const fh = handle;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const buf = new Uint8Array(READ_CHUNK);
      let n: number;
      try {
        ({ bytesRead: n } = await fh.read(buf, 0, READ_CHUNK, null));
      } catch (e) {
        await fh.close();
        controller.error(fsError(path, e));
        return;
      }
      if (n === 0) {
        await fh.close();
        controller.close();
        return;
      }
      controller.enqueue(n === READ_CHUNK ? buf : buf.subarray(0, n));
    },
    async cancel() {
      await fh.close();
    },
  });
  return { stream, size };
}

/** Opens a file as decoded text (gzip, BOM, UTF-16 handled; binary refused with an InputError). */
export async function openFile(path: string): Promise<OpenedText & { size: number }> {
  const { stream, size } = await fileStream(path);
  const opened = await openText(stream, size, path);
  return { ...opened, size };
}

/** Every decoded text chunk of a file, in order. */
export async function* textChunks(opened: OpenedText): AsyncGenerator<string> {
  const reader = opened.text.getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    reader.releaseLock();
  }
}
