// Where the CLI writes. run() takes this instead of touching process.stdout, so tests call it
// in-process; output is buffered into large writes that respect the stream's backpressure.

export interface CliIo {
  /** Writes to stdout; resolves when the text may be followed by more (drained). */
  write(text: string): Promise<void>;
  /** One line to stderr (the newline is added). */
  error(line: string): void;
}

/** process.stdout / process.stderr, waiting for 'drain' when the pipe is full. */
export function processIo(): CliIo {
  return {
    write(text) {
      return new Promise((resolve, reject) => {
        const ok = process.stdout.write(text, (err) => {
          if (err) reject(err);
        });
        if (ok) resolve();
        else process.stdout.once('drain', () => resolve());
      });
    },
    error(line) {
      process.stderr.write(`${line}\n`);
    },
  };
}

/** Collects output in memory (tests). */
export function memoryIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    async write(text: string) {
      io.out += text;
    },
    error(line: string) {
      io.err += `${line}\n`;
    },
  };
  return io;
}

const FLUSH_AT = 1 << 16;

/** Coalesces many small writes into ~64 KB ones; the caller awaits flushIfFull() between batches. */
export class BufferedOut {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly io: CliIo) {}

  push(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  async flushIfFull(): Promise<void> {
    if (this.size >= FLUSH_AT) await this.flush();
  }

  flush(): Promise<void> {
    if (this.parts.length === 0) return Promise.resolve();
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return this.io.write(text);
  }
}
