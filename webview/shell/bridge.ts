/**
 * The page's link to whoever hosts it: VS Code (acquireVsCodeApi: postMessage, getState/setState) or nothing at all
 * (the standalone report, where saving is a download and copying uses the clipboard API).
 */

/** The object VS Code injects into webviews (declared here: the webview must not import 'vscode'). */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface Bridge {
  /** True inside VS Code; false in a standalone report. */
  readonly hosted: boolean;
  post(message: unknown): void;
  getState<T>(): T | undefined;
  setState(state: unknown): void;
  onMessage(cb: (message: unknown) => void): void;
}

let cached: Bridge | undefined;

export function getBridge(): Bridge {
  if (cached) return cached;
  // acquireVsCodeApi may be called only once per page, hence the cache.
  const api: VsCodeApi | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  let memoryState: unknown;
  cached = {
    hosted: api !== undefined,
    post: (m) => api?.postMessage(m),
    getState: <T>() => (api ? api.getState() : memoryState) as T | undefined,
    setState: (s) => {
      if (api) api.setState(s);
      else memoryState = s;
    },
    onMessage: (cb) => window.addEventListener('message', (e: MessageEvent) => cb(e.data)),
  };
  return cached;
}

/** Base64 of bytes (for binary saves through postMessage). */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Starts a browser download (standalone report). */
export function download(name: string, mime: string, data: string | Uint8Array): void {
  const blob = new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copies through the Clipboard API, falling back to a hidden textarea (file:// pages may lack the permission). */
export async function clipboardCopy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('aria-hidden', 'true');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.append(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}
