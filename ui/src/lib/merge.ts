// Words for what an import changes (`MergeCounts`), shared by the import wizard's preview and result.
import type { MergeCounts } from './bindings/MergeCounts';
import { t, tn } from './i18n/index.svelte';

/** "2 new records, 1 updated, 1 conflict": the non-zero counts only, or "No changes". */
export function countsText(c: MergeCounts): string {
  const parts: string[] = [];
  if (c.added > 0) parts.push(tn('import.nAdded', c.added));
  if (c.updated > 0) parts.push(tn('import.nUpdated', c.updated));
  if (c.unchanged > 0) parts.push(tn('import.nUnchanged', c.unchanged));
  if (c.kept_local > 0) parts.push(tn('import.nKeptLocal', c.kept_local));
  if (c.conflicts > 0) parts.push(tn('import.nConflicts', c.conflicts));
  return parts.length > 0 ? parts.join(', ') : t('import.noChange');
}
