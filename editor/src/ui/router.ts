import { useSyncExternalStore } from 'react';

// Hash routes keep every client route served by the one index.html, with no server rewrites.
function currentPath(): string {
  return window.location.hash.replace(/^#/, '') || '/';
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function navigate(path: string): void {
  window.location.hash = path;
}
