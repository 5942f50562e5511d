// The one typed IPC module: every call from the UI to the Rust shell goes through here.
// The UI stores nothing; it asks Rust for every record, every time.
import { invoke as tauriInvoke } from '@tauri-apps/api/core';
import { listen as tauriListen } from '@tauri-apps/api/event';
import { getCurrentWebview } from '@tauri-apps/api/webview';

import type { AppState } from './bindings/AppState';
import type { BackupStatus } from './bindings/BackupStatus';
import type { BackupSummary } from './bindings/BackupSummary';
import type { CalendarId } from './bindings/CalendarId';
import type { CalendarItem } from './bindings/CalendarItem';
import type { Case } from './bindings/Case';
import type { CaseDetails } from './bindings/CaseDetails';
import type { CaseFilter } from './bindings/CaseFilter';
import type { CasePage } from './bindings/CasePage';
import type { Closure } from './bindings/Closure';
import type { Conflict } from './bindings/Conflict';
import type { ConflictMatch } from './bindings/ConflictMatch';
import type { ConflictQuery } from './bindings/ConflictQuery';
import type { Contact } from './bindings/Contact';
import type { Created } from './bindings/Created';
import type { Dashboard } from './bindings/Dashboard';
import type { DuressAction } from './bindings/DuressAction';
import type { Deadline } from './bindings/Deadline';
import type { DeadlineFilter } from './bindings/DeadlineFilter';
import type { DeadlineSettings } from './bindings/DeadlineSettings';
import type { Document } from './bindings/Document';
import type { EventKind } from './bindings/EventKind';
import type { ExportSummary } from './bindings/ExportSummary';
import type { FailedUnlockPolicy } from './bindings/FailedUnlockPolicy';
import type { ImportPreview } from './bindings/ImportPreview';
import type { ImportSummary } from './bindings/ImportSummary';
import type { IntakeResult } from './bindings/IntakeResult';
import type { IpcError } from './bindings/IpcError';
import type { Keep } from './bindings/Keep';
import type { NewPerson } from './bindings/NewPerson';
import type { Person } from './bindings/Person';
import type { PublicIdentity } from './bindings/PublicIdentity';
import type { Report } from './bindings/Report';
import type { Reminder } from './bindings/Reminder';
import type { Role } from './bindings/Role';
import type { SearchHit } from './bindings/SearchHit';
import type { SecuritySettings } from './bindings/SecuritySettings';
import type { SeenReminder } from './bindings/SeenReminder';
import type { Settings } from './bindings/Settings';
import type { SheetField } from './bindings/SheetField';
import type { SheetSummary } from './bindings/SheetSummary';
import type { TravelSummary } from './bindings/TravelSummary';
import type { Warning } from './bindings/Warning';
import type { WipeReport } from './bindings/WipeReport';

export type { IpcError };

/** Error codes the Rust side can return (see docs/architecture.md). */
export const ERROR_CODES = [
  'wrong-secret',
  'wrong-secret-tries-left',
  'wiped-after-failed-unlocks',
  'not-a-vault',
  'vault-exists',
  'vault-in-use',
  'keyslots-corrupt',
  'kdf-params-rejected',
  'vault-too-new',
  'database-corrupt',
  'attachment-corrupt',
  'not-found',
  'invalid-input',
  'disk-full',
  'io',
  'database',
  'locked',
  'internal',
  'bundle-not-for-you',
  'bundle-damaged',
  'bundle-bad-signature',
  'bundle-unknown-signer',
  'bundle-unverified-signer',
  'bundle-changed',
  'bundle-mismatch',
  'bundle-replayed',
  'bundle-too-large',
  'bundle-unsupported',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isKnownErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

/** Turn anything a rejected invoke can give into an `IpcError`. Never throws. */
export function toIpcError(e: unknown): IpcError {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    const m = (e as { message?: unknown }).message;
    const out: IpcError = { code: (e as { code: string }).code, message: typeof m === 'string' ? m : '' };
    // `wrong-secret-tries-left` says how many wrong passphrases are left before the wipe.
    const left = (e as { tries_left?: unknown }).tries_left;
    if (typeof left === 'number' && Number.isInteger(left) && left >= 0) out.tries_left = left;
    return out;
  }
  if (typeof e === 'string') return { code: 'internal', message: e };
  if (e instanceof Error) return { code: 'internal', message: e.message };
  return { code: 'internal', message: String(e) };
}

export function isIpcError(e: unknown): e is IpcError {
  return !!e && typeof e === 'object' && typeof (e as IpcError).code === 'string' && typeof (e as IpcError).message === 'string';
}

/** Why the vault locked: idle timeout, the Lock button or shortcut, or the screen locking / the computer going to sleep. */
export type LockReason = 'idle' | 'manual' | 'system';
export type VaultLockedPayload = { reason: LockReason };

export type DragDropPayload =
  | { type: 'enter'; paths: string[]; position: { x: number; y: number } }
  | { type: 'over'; position: { x: number; y: number } }
  | { type: 'drop'; paths: string[]; position: { x: number; y: number } }
  | { type: 'leave' };

/** What ipc.ts needs from the shell; swapped for a fake in tests. */
export interface Transport {
  invoke(cmd: string, args?: Record<string, unknown>): Promise<unknown>;
  listen(event: string, handler: (payload: unknown) => void): Promise<() => void>;
  onDragDrop(handler: (payload: DragDropPayload) => void): Promise<() => void>;
}

export const tauriTransport: Transport = {
  invoke: (cmd, args) => tauriInvoke(cmd, args),
  listen: (event, handler) => tauriListen(event, (e) => handler(e.payload)),
  onDragDrop: (handler) =>
    getCurrentWebview().onDragDropEvent((e) => {
      const p = e.payload;
      if (p.type === 'leave') handler({ type: 'leave' });
      else if (p.type === 'over') handler({ type: 'over', position: { x: p.position.x, y: p.position.y } });
      else handler({ type: p.type, paths: p.paths, position: { x: p.position.x, y: p.position.y } });
    }),
};

let transport: Transport = tauriTransport;

/** Replace the transport (tests). Returns the previous one. */
export function setTransport(t: Transport): Transport {
  const prev = transport;
  transport = t;
  return prev;
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return (await transport.invoke(cmd, args)) as T;
  } catch (e) {
    throw toIpcError(e);
  }
}

// ---- vault -----------------------------------------------------------------------------------

export const appState = () => call<AppState>('app_state');
export const vaultCreate = (passphrase: string) => call<Created>('vault_create', { passphrase });
export const vaultUnlock = (passphrase: string) => call<void>('vault_unlock', { passphrase });
export const vaultUnlockRecovery = (code: string) => call<void>('vault_unlock_recovery', { code });
export const vaultLock = () => call<void>('vault_lock');
/**
 * Panic wipe: destroys the vault on this computer without a passphrase, keys first (the key slots
 * are destroyed before anything else, so the vault is unreadable even if the wipe is interrupted),
 * then its files. After it resolves there is no vault.
 */
export const vaultWipe = () => call<WipeReport>('vault_wipe');
export const vaultChangePassphrase = (passphrase: string) => call<void>('vault_change_passphrase', { passphrase });
/** Works while locked too: settings are not kept in the vault. */
export const settingsSet = (settings: Settings) => call<Settings>('settings_set', { settings });

// ---- security (docs/panic.md) ------------------------------------------------------------------

/** The failed-unlock policy and whether a duress passphrase is set (and what it does). */
export const securityGet = () => call<SecuritySettings>('security_get');
/**
 * Wipe the vault after `wipe_after` wrong passphrases in a row (1–100), or never (null).
 * Refused with `invalid-input` after a recovery-code unlock, until a new passphrase is set.
 */
export const failedUnlockSet = (policy: FailedUnlockPolicy) => call<SecuritySettings>('failed_unlock_set', { policy });
/** Set or replace the duress passphrase (one key derivation, about a second). */
export const duressSet = (passphrase: string, action: DuressAction) => call<SecuritySettings>('duress_set', { passphrase, action });
export const duressClear = () => call<SecuritySettings>('duress_clear');
export const activity = () => call<void>('activity');

// ---- records ---------------------------------------------------------------------------------

export const dashboard = () => call<Dashboard>('dashboard');
export const casesList = (filter: CaseFilter) => call<CasePage>('cases_list', { filter });
export const lawyers = () => call<string[]>('lawyers');
export const caseGet = (id: string) => call<Case>('case_get', { id });
export const personGet = (id: string) => call<Person>('person_get', { id });
export const intake = (person: NewPerson, details: CaseDetails) =>
  call<IntakeResult>('intake', { person, case: details });
/** Replaces title, jurisdiction, proceeding, relief, stage and lawyer; and the outcome, when given ("" clears it). */
export const caseUpdate = (id: string, details: CaseDetails) => call<void>('case_update', { id, case: details });
export const personAdd = (person: NewPerson) => call<string>('person_add', { person });
export const partyAdd = (caseId: string, personId: string, role: Role) =>
  call<void>('party_add', { caseId, personId, role });
/**
 * Conflict-of-interest check: the people in the vault who may be the one described (by name,
 * date of birth, A-number), best first, at most 50, each with the roles they hold on cases.
 * `exclude` leaves out the person whose role is being checked. Every check is audited by Rust.
 */
export const conflictsCheck = (query: ConflictQuery) => call<ConflictMatch[]>('conflicts_check', { query });
export const addressAdd = (personId: string, address: string, since: string) =>
  call<string>('address_add', { personId, address, since });
export const noteAdd = (caseId: string, text: string) => call<string>('note_add', { caseId, text });
export const taskAdd = (caseId: string, title: string, due: string | null) =>
  call<string>('task_add', { caseId, title, due });
export const taskDone = (id: string) => call<void>('task_done', { id });
export const docPickAndAdd = (caseId: string) => call<Document[]>('doc_pick_and_add', { caseId });
export const docAdd = (caseId: string, paths: string[]) => call<Document[]>('doc_add', { caseId, paths });
export const docSaveCopy = (id: string) => call<boolean>('doc_save_copy', { id });
export const docOpenExternal = (id: string) => call<boolean>('doc_open_external', { id });
export const search = (query: string) => call<SearchHit[]>('search', { query });

// ---- events and deadlines --------------------------------------------------------------------

/** Record an event; resolves to the case's deadline warnings after recomputation. */
export const eventAdd = (caseId: string, kind: EventKind, date: string, note: string | null) =>
  call<Warning[]>('event_add', { caseId, kind, date, note });
export const eventUpdate = (id: string, date: string, note: string | null) => call<void>('event_update', { id, date, note });
/** Also removes the deadlines computed from the event. */
export const eventDelete = (id: string) => call<void>('event_delete', { id });
export const deadlinesList = (filter: DeadlineFilter) => call<Deadline[]>('deadlines_list', { filter });
/** A manual deadline; resolves to its id. */
export const deadlineAdd = (caseId: string, title: string, due: string) => call<string>('deadline_add', { caseId, title, due });
export const deadlineDone = (id: string) => call<void>('deadline_done', { id });
export const deadlineReopen = (id: string) => call<void>('deadline_reopen', { id });
/** Manual deadlines only; computed ones give `invalid-input`. */
export const deadlineDelete = (id: string) => call<void>('deadline_delete', { id });
/** `edition: null` = the edition in effect on each event's date. */
export const ruleEditionSet = (caseId: string, rule: string, edition: string | null) =>
  call<void>('rule_edition_set', { caseId, rule, edition });
export const closuresList = () => call<Closure[]>('closures_list');
export type NewClosure = {
  firstDay: string;
  /** Only for a suspension; a closure is one day. */
  lastDay: string | null;
  /** `null`: every calendar. */
  calendar: CalendarId | null;
  note: string | null;
  suspension: boolean;
};
export const closureAdd = (c: NewClosure) => call<string>('closure_add', { ...c });
export const closureDelete = (id: string) => call<void>('closure_delete', { id });
export const deadlineSettingsGet = () => call<DeadlineSettings>('deadline_settings_get');
export const deadlineSettingsSet = (settings: DeadlineSettings) => call<DeadlineSettings>('deadline_settings_set', { settings });
export const remindersDue = () => call<Reminder[]>('reminders_due');
export const remindersSeen = (seen: SeenReminder[]) => call<void>('reminders_seen', { seen });
/** Deadlines and appointments from `from` to `to` (`YYYY-MM-DD`, inclusive, at most ~400 days). */
export const calendarItems = (from: string, to: string) => call<CalendarItem[]>('calendar_items', { from, to });
/** Asks where to save the `.ics`; resolves to the number of entries, or null if the user cancelled. */
export const calendarExport = (withCaseTitles: boolean) => call<number | null>('calendar_export', { withCaseTitles });

// ---- identity and contacts -------------------------------------------------------------------

export const identityGet = () => call<PublicIdentity>('identity_get');
/** This vault's signed contact card as text; `name: null` uses the name given before (`invalid-input` if none). */
export const contactCard = (name: string | null) => call<string>('contact_card', { name });
/** Add a colleague from the pasted text of their card; resolves to the new contact's id. */
export const contactAdd = (card: string, verified: boolean) => call<string>('contact_add', { card, verified });
export const contactsList = () => call<Contact[]>('contacts_list');
/** Record that the fingerprint words were compared with the contact. */
export const contactVerify = (id: string) => call<void>('contact_verify', { id });
/**
 * Asks where to save, then writes the cases (with their people, notes, deadlines and documents)
 * as a bundle signed by this vault and encrypted to the contacts and the raw `age1…` recipients.
 * Resolves to what was written, or null if the user cancelled the save dialog.
 */
export const bundleExport = (caseIds: string[], contactIds: string[], recipients: string[]) =>
  call<ExportSummary | null>('bundle_export', { caseIds, contactIds, recipients });

// ---- import, backup, travel -------------------------------------------------------------------

/**
 * `again: false` asks which bundle to open (null if the user cancelled), then checks it completely
 * (decryption, signature, every hash) and works out what importing it would change, writing
 * nothing. `again: true` checks the same file again (after its signer was added as a contact).
 */
export const bundleImportPreview = (again: boolean) => call<ImportPreview | null>('bundle_import_preview', { again });
/**
 * Add the previewed bundle's signer as a contact; resolves to the new contact's id. Added as not
 * verified (`verified: false`), they must be marked verified (`contactVerify`) before the import.
 */
export const bundleImportAddSender = (verified: boolean) => call<string>('bundle_import_add_sender', { verified });
/**
 * Import the previewed bundle (checked again by Rust before anything is written). Refused with
 * `bundle-unverified-signer` unless its signer is a verified contact, and with `bundle-changed`
 * if the file is no longer the one previewed.
 */
export const bundleImport = () => call<ImportSummary>('bundle_import');
/** Records changed both here and by a sender: ours was kept, theirs set aside for the lawyer. */
export const conflictsList = () => call<Conflict[]>('conflicts_list');
/** Settle a conflict: keep this vault's version, or take the sender's (overwriting ours). */
export const conflictResolve = (id: string, keep: Keep) => call<void>('conflict_resolve', { id, keep });
export const backupStatus = () => call<BackupStatus>('backup_status');
/** How often to remind about backups, in days (0 = never). */
export const backupReminderSet = (everyDays: number) => call<BackupStatus>('backup_reminder_set', { everyDays });
/** Asks where to save, writes a full encrypted backup and reads it back to verify it; null if cancelled. */
export const backupCreate = () => call<BackupSummary | null>('backup_create');
/**
 * Travel mode: asks where to save, writes a full backup (also openable by `contactId`'s holder
 * when given), reads it back to verify it, then removes the vault from this computer. After it
 * resolves (non-null) there is no vault here and the app is locked. Null if the user cancelled.
 */
export const travelStart = (contactId: string | null) => call<TravelSummary | null>('travel_start', { contactId });
/**
 * Asks for a backup or travel file (false if cancelled) and restores it into the vault folder,
 * which must hold no vault, with the vault's passphrase or (`recovery`) its recovery code; the
 * restored vault is verified and left unlocked.
 */
export const vaultRestore = (secret: string, recovery: boolean) => call<boolean>('vault_restore', { secret, recovery });

// ---- spreadsheet import and the office report (docs/sheet-import.md) ------------------------

/** Column header → the field it holds; null: the column is not imported. */
export type SheetMapping = { [header: string]: SheetField | null };
/**
 * Asks which spreadsheet to open (CSV, XLSX or ODS; null if the user cancelled), then checks
 * every row with the mapping remembered for its headers, or a guessed one, writing nothing.
 */
export const sheetPickAndPreview = () => call<SheetSummary | null>('sheet_pick_and_preview');
/** Check the chosen spreadsheet again (read again from disk) with this mapping, writing nothing. */
export const sheetPreview = (mapping: SheetMapping) => call<SheetSummary>('sheet_preview', { mapping });
/**
 * Import the chosen spreadsheet: every row or none. With an error in any row nothing is written
 * (`committed: false`, the errors listed); once written, the mapping is remembered.
 */
export const sheetImport = (mapping: SheetMapping) => call<SheetSummary>('sheet_import', { mapping });
/**
 * Counts for funders and the office, no personal data: cases opened (and closed, and deadlines
 * due) from `from` to `to` (`YYYY-MM-DD`, inclusive; null: from the first case, until today).
 * Counts from 1 to 4 come as `"<5"`.
 */
export const reportGet = (from: string | null, to: string | null) => call<Report>('report_get', { from, to });
/** Asks where to save, then writes the same report as CSV; false if the user cancelled. */
export const reportSaveCsv = (from: string | null, to: string | null) => call<boolean>('report_save_csv', { from, to });

// ---- events ----------------------------------------------------------------------------------

/** Subscribe to `vault-locked`. Resolves to an unsubscribe function. */
export async function onVaultLocked(handler: (p: VaultLockedPayload) => void): Promise<() => void> {
  return transport.listen('vault-locked', (payload) => {
    const r = (payload as { reason?: unknown } | null)?.reason;
    handler({ reason: r === 'idle' || r === 'system' ? r : 'manual' });
  });
}

/** Subscribe to `reminders-due` (the payload is how many reminders are due). */
export async function onRemindersDue(handler: (count: number) => void): Promise<() => void> {
  return transport.listen('reminders-due', (payload) => handler(typeof payload === 'number' ? payload : 0));
}

/** Subscribe to the webview's native file drag-and-drop. */
export async function onDragDrop(handler: (p: DragDropPayload) => void): Promise<() => void> {
  return transport.onDragDrop(handler);
}

// ---- documents -------------------------------------------------------------------------------

/** Where the Rust side serves a decrypted document from memory. */
export function docUrl(id: string, ua: string = typeof navigator === 'undefined' ? '' : navigator.userAgent): string {
  const nav = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { userAgentData?: { platform?: string } });
  const platform = nav?.userAgentData?.platform ?? '';
  const windows = /Windows/i.test(ua) || /Windows/i.test(platform);
  const safe = encodeURIComponent(id);
  return windows ? `http://amparo-doc.localhost/${safe}` : `amparo-doc://localhost/${safe}`;
}

// ---- activity (throttled) --------------------------------------------------------------------

export const ACTIVITY_INTERVAL_MS = 20_000;

/** Returns a function that pings `activity` at most once per interval. */
export function makeActivityPinger(now: () => number = Date.now, interval = ACTIVITY_INTERVAL_MS): () => void {
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last < interval) return;
    last = t;
    activity().catch(() => {
      /* a failed ping is harmless: the idle lock just happens sooner */
    });
  };
}
