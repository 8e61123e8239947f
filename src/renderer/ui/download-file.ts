/** The object URL of a download lives this long after the click, so the browser can start reading it. */
const OBJECT_URL_LIFETIME_MS = 10_000;

/** Saves text as a file through the browser's download: Blob, object URL, a temporary `<a download>`. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
}
