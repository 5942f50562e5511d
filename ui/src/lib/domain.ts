// Enumerations mirrored from the Rust bindings, as run-time lists for selects and tests.
import type { DateKind } from './bindings/DateKind';
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
export const DATE_KINDS: readonly DateKind[] = [
  'last-arrival',
  'nta-served',
  'i589-filed',
  'i589-received',
  'mch-hearing',
  'ich-hearing',
  'interview',
  'decision',
  'other',
];
export const HIT_KINDS: readonly HitKind[] = ['person', 'case', 'note', 'task', 'document'];
