// Catalog icons are names; plain symbols keep the editor free of an icon font dependency.
const icons: Record<string, string> = {
  webhook: '⚡',
  play: '▶',
  shuffle: '⇄',
  filter: '⋔',
  globe: '⇢',
  reply: '↩',
  clock: '◷',
  alert: '⚠',
  code: '{}',
  send: '➤',
  merge: '⋈',
  split: '⇉',
  sigma: 'Σ',
  pencil: '✎',
  'arrow-right': '→',
  hourglass: '◴',
  workflow: '↳',
  repeat: '↻',
};

export function iconOf(name: string | null): string {
  return (name === null ? undefined : icons[name]) ?? '◆';
}
