// Bidi embedding/override/isolate controls (U+202A-U+202E, U+2066-U+2069): a log line holding
// U+202E ("invoice\u202Efdp.exe" reads "invoiceexe.pdf") would reorder what the reader sees, so
// wherever text from the inputs is shown or exported they are shown, not obeyed.
const BIDI_RE = /[\u202A-\u202E\u2066-\u2069]/g;

/** `\u202E` -> `[U+202E]`: visible and inert. Text without such controls is returned as is. */
export function showBidi(text: string): string {
  BIDI_RE.lastIndex = 0;
  if (!BIDI_RE.test(text)) return text;
  return text.replace(BIDI_RE, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}
