// Enumerations mirrored from the Rust bindings, as run-time lists for selects and tests.
import type { CalendarId } from './bindings/CalendarId';
import type { DeadlineKind } from './bindings/DeadlineKind';
import type { EventKind } from './bindings/EventKind';
import type { HitKind } from './bindings/HitKind';
import type { Jurisdiction } from './bindings/Jurisdiction';
import type { Outcome } from './bindings/Outcome';
import type { Reason } from './bindings/Reason';
import type { Relief } from './bindings/Relief';
import type { Role } from './bindings/Role';
import type { SheetField } from './bindings/SheetField';
import type { Stage } from './bindings/Stage';
import type { UnitKind } from './bindings/UnitKind';

export const JURISDICTIONS: readonly Jurisdiction[] = ['us-eoir', 'us-uscis', 'mx-comar', 'co', 'unhcr'];
export const STAGES: readonly Stage[] = ['intake', 'preparing', 'filed', 'hearing', 'decided', 'appeal', 'closed'];
export const RELIEFS: readonly Relief[] = [
  'asylum',
  'withholding',
  'cat',
  'sijs',
  'u-visa',
  't-visa',
  'tps',
  'cancellation',
  'adjustment',
  'refugee-status',
  'complementary-protection',
  'other',
];
/** How a case ended (for the office's statistics). */
export const OUTCOMES: readonly Outcome[] = ['granted', 'denied', 'withdrawn', 'dismissed', 'other'];
export const ROLES: readonly Role[] = ['client', 'derivative', 'witness', 'adverse', 'other'];
export const HIT_KINDS: readonly HitKind[] = ['person', 'case', 'note', 'task', 'document'];
/** Why the conflict check thinks a person may be the one looked for. */
export const CONFLICT_REASONS: readonly Reason[] = [
  'a-number',
  'name',
  'partial-name',
  'name-variant',
  'similar-spelling',
  'alias',
  'dob',
  'dob-approximate',
];

/** What a spreadsheet column can hold, in the order of the template (docs/sheet-import.md). */
export const SHEET_FIELDS: readonly SheetField[] = [
  'external-id',
  'name',
  'aliases',
  'dob',
  'dob-approximate',
  'a-number',
  'nationality',
  'languages',
  'phone',
  'email',
  'case-title',
  'jurisdiction',
  'proceeding',
  'stage',
  'relief',
  'lawyer',
  'outcome',
];

/**
 * Every event kind, for the translations (each needs a label). The event picker does not use this
 * list: it offers the case's own `event_kinds`, which the core computes for its jurisdiction.
 */
export const EVENT_KINDS: readonly EventKind[] = [
  'last-arrival',
  'nta-served',
  'mch-hearing',
  'i589-filed',
  'i589-received',
  'biometrics',
  'ead-clock-stop',
  'ead-clock-start',
  'filing-received',
  'ich-hearing',
  'ij-decision',
  'in-absentia-order',
  'final-order',
  'address-change',
  'mx-entry',
  'mx-comar-admission',
  'co-entry',
  'co-denial-notified',
  'interview',
  'decision',
  'other',
];

export const DEADLINE_KINDS: readonly DeadlineKind[] = ['deadline', 'earliest', 'watch'];
export const CALENDAR_IDS: readonly CalendarId[] = ['us', 'mx', 'co'];
/** The kinds of record a bundle carries (what a conflict is about). */
export const UNIT_KINDS: readonly UnitKind[] = ['case', 'party', 'event', 'note', 'task', 'document', 'deadline', 'deadline-done', 'person', 'address'];
/** Field names a conflict can show (the core's record fields, in English); others are shown as sent. */
export const DIFF_FIELDS = [
  // cases, events, notes, tasks, deadlines
  'title',
  'jurisdiction',
  'proceeding',
  'relief',
  'stage',
  'lawyer',
  'receipt_number',
  'rule_editions',
  'created',
  'role',
  'event',
  'kind',
  'date',
  'note',
  'text',
  'due',
  'done',
  'rule',
  'event_id',
  // documents
  'name',
  'size',
  'sha256',
  'metadata',
  'metadata_removed',
  // people and addresses
  'aliases',
  'dob',
  'dob_approx',
  'a_number',
  'nationality',
  'languages',
  'interpreter_needed',
  'detained',
  'facility',
  'phone',
  'email',
  'address',
  'since',
  'reported_court',
  'reported_uscis',
] as const;
/** How often the backup reminder can come (days; 0 = off). */
export const BACKUP_EVERY_DAYS = [0, 1, 7, 14, 30] as const;

/** The rule id of deadlines typed in by the lawyer. */
export const MANUAL_RULE = 'manual';

/** The one rule whose edition a case can choose: filings before the individual hearing. */
export const ICH_FILINGS_RULE = 'ich-filings';
/** Its editions, newest first ('2021': 30 days before the hearing; '2008': 15 days). */
export const ICH_FILINGS_EDITIONS = ['2021', '2008'] as const;
export type IchFilingsEdition = (typeof ICH_FILINGS_EDITIONS)[number];
