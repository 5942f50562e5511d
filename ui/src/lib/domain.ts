// Enumerations mirrored from the Rust bindings, as run-time lists for selects and tests.
import type { CalendarId } from './bindings/CalendarId';
import type { DeadlineKind } from './bindings/DeadlineKind';
import type { EventKind } from './bindings/EventKind';
import type { HitKind } from './bindings/HitKind';
import type { Jurisdiction } from './bindings/Jurisdiction';
import type { Relief } from './bindings/Relief';
import type { Role } from './bindings/Role';
import type { Stage } from './bindings/Stage';

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
export const ROLES: readonly Role[] = ['client', 'derivative', 'witness', 'adverse', 'other'];
export const HIT_KINDS: readonly HitKind[] = ['person', 'case', 'note', 'task', 'document'];

/** Every event kind, in the order the event picker offers them: each country's, then those that apply everywhere. */
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

const US: readonly Jurisdiction[] = ['us-eoir', 'us-uscis'];
const COURT: readonly Jurisdiction[] = ['us-eoir'];

/**
 * Where each event kind means something (mirrors `EventKind::jurisdictions` in the Rust core, which
 * rejects the others with `invalid-input`); `null` means every jurisdiction.
 */
export const EVENT_KIND_JURISDICTIONS: Readonly<Record<EventKind, readonly Jurisdiction[] | null>> = {
  'last-arrival': US,
  'i589-filed': US,
  'i589-received': US,
  'ead-clock-stop': US,
  'ead-clock-start': US,
  biometrics: US,
  'address-change': US,
  'nta-served': COURT,
  'mch-hearing': COURT,
  'ich-hearing': COURT,
  'filing-received': COURT,
  'ij-decision': COURT,
  'in-absentia-order': COURT,
  'final-order': COURT,
  'mx-entry': ['mx-comar'],
  'mx-comar-admission': ['mx-comar'],
  'co-entry': ['co'],
  'co-denial-notified': ['co'],
  interview: null,
  decision: null,
  other: null,
};

/** Whether an event of this kind can be recorded on a case in this jurisdiction. */
export function eventKindValidFor(kind: EventKind, jurisdiction: Jurisdiction): boolean {
  const allowed = EVENT_KIND_JURISDICTIONS[kind];
  return allowed === null || allowed.includes(jurisdiction);
}

/** The event kinds a case in this jurisdiction accepts, in picker order. */
export function eventKindsFor(jurisdiction: Jurisdiction): EventKind[] {
  return EVENT_KINDS.filter((k) => eventKindValidFor(k, jurisdiction));
}

export const DEADLINE_KINDS: readonly DeadlineKind[] = ['deadline', 'earliest', 'watch'];
export const CALENDAR_IDS: readonly CalendarId[] = ['us', 'mx', 'co'];

/** The rule id of deadlines typed in by the lawyer. */
export const MANUAL_RULE = 'manual';

/** The one rule whose edition a case can choose: filings before the individual hearing. */
export const ICH_FILINGS_RULE = 'ich-filings';
/** Its editions, newest first ('2021': 30 days before the hearing; '2008': 15 days). */
export const ICH_FILINGS_EDITIONS = ['2021', '2008'] as const;
export type IchFilingsEdition = (typeof ICH_FILINGS_EDITIONS)[number];
/**
 * The day from which the engine applies the 2021 edition automatically (by the hearing date). Used
 * only to guess whether an applied edition was chosen for the case, since the core does not say.
 */
export const ICH_FILINGS_2021_FROM = '2021-01-01';
