// A short message at the top of the screen (已退出登录, a network error) for the shop frame,
// which has no antd: plain DOM, so it works in any frame and survives navigation. Announced
// through a polite live region; taps pass through it (it only informs).
const SHOW_MS = 3_000;

let host: HTMLDivElement | null = null;

function container(): HTMLDivElement {
  if (host?.isConnected) return host;
  host = document.createElement('div');
  host.className = 'lt-toasts';
  host.setAttribute('role', 'status');
  host.setAttribute('aria-live', 'polite');
  document.body.appendChild(host);
  return host;
}

export function toast(text: string, kind: 'success' | 'error' = 'success'): void {
  const note = document.createElement('div');
  note.className = `lt-toast lt-toast-${kind}`;
  const mark = document.createElement('span');
  mark.className = 'lt-toast-mark';
  mark.setAttribute('aria-hidden', 'true');
  mark.textContent = kind === 'success' ? '✓' : '!';
  const words = document.createElement('span');
  words.textContent = text;
  note.append(mark, words);
  container().appendChild(note);
  setTimeout(() => note.remove(), SHOW_MS);
}
