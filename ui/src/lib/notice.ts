// A one-shot message for the next screen, e.g. on the new case after intake: "the conflict check
// found no one". Memory only (a translation key, never a record); the first screen that asks for
// it takes it, so it is shown once.
import type { Key } from './i18n/index.svelte';

let pending: { caseId: string; key: Key } | null = null;

/** Leave a message for the case screen of `caseId`, opened next. */
export function noticeForCase(caseId: string, key: Key): void {
  pending = { caseId, key };
}

/** The message left for this case, if any; it is forgotten either way. */
export function takeCaseNotice(caseId: string): Key | null {
  const p = pending;
  pending = null;
  return p && p.caseId === caseId ? p.key : null;
}
