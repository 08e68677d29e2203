// A file the app made, handed to the browser's downloads: an <a download> on an object URL.
// Nothing leaves the machine; the URL names bytes in this tab's memory. Shared here because the
// incidents and recall features both download files and features do not import each other.

/** How long the object URL lives after the click: the browser reads it once the download starts. */
const REVOKE_AFTER_MS = 40_000;

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  // Inside an open modal dialog the rest of the page is inert: the link goes where the focus is.
  const host = document.activeElement?.closest('dialog[open]') ?? document.body;
  host.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
