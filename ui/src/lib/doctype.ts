// Which in-app viewer a document gets, from its file name (the record has no MIME type).
export type DocKind = 'image' | 'pdf' | 'other';

const IMAGE = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp'];

export function docKind(name: string): DocKind {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'pdf') return 'pdf';
  if (IMAGE.includes(ext)) return 'image';
  return 'other';
}

export function shortHash(h: string): string {
  return h.length > 12 ? `${h.slice(0, 12)}…` : h;
}
