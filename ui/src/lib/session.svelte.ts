// Session state: which phase the app is in. Records are never kept here; screens fetch them from
// Rust and hold them only while mounted, so locking (which unmounts every screen) drops them all.
import { clearCopied } from './clipboard';
import * as ipc from './ipc';
import type { IpcError } from './ipc';
import type { Reminder } from './bindings/Reminder';
import type { Settings } from './bindings/Settings';
import type { TravelSummary } from './bindings/TravelSummary';
import type { WipeReport } from './bindings/WipeReport';
import { setLang } from './i18n/index.svelte';
import { router } from './router.svelte';

export type Phase = 'loading' | 'start-failed' | 'create' | 'recovery' | 'unlock' | 'unlocked';

const DEFAULT_SETTINGS: Settings = { language: 'en', auto_lock_minutes: 5 };

const state = $state<{
  phase: Phase;
  settings: Settings;
  recoveryCode: string | null;
  lockReason: ipc.LockReason | null;
  startError: IpcError | null;
  searchOpen: boolean;
  /** The panic-wipe countdown is showing (opened from Settings or with Ctrl+Shift+Delete). */
  panicOpen: boolean;
  /** Opened with the recovery code: invite the user to set a new passphrase. */
  suggestNewPassphrase: boolean;
  /** Deadline reminders due and not yet acknowledged (dropped on lock). */
  reminders: Reminder[];
  /** Travel mode removed the vault: what the travel file holds, shown on the first-run screen. */
  travelled: TravelSummary | null;
  /** The panic wipe destroyed the vault: what it reported, shown on the first-run screen. */
  wiped: WipeReport | null;
  /** The failed-unlock policy erased the vault (too many wrong passphrases): said on the first-run screen. */
  wipedAfterFailedUnlocks: boolean;
}>({
  phase: 'loading',
  settings: { ...DEFAULT_SETTINGS },
  recoveryCode: null,
  lockReason: null,
  startError: null,
  searchOpen: false,
  panicOpen: false,
  suggestNewPassphrase: false,
  reminders: [],
  travelled: null,
  wiped: null,
  wipedAfterFailedUnlocks: false,
});

/** Bumped on every reminder check and on lock, so a late answer is dropped. */
let reminderSeq = 0;
/**
 * Reminders the lawyer closed without marking seen in this session (`deadline id:lead days`).
 * Rust's own check right after an unlock announces the same reminders again; without this the
 * list closed a second earlier came straight back. Emptied on lock: they return at the next unlock.
 */
const closedReminders = new Set<string>();
const reminderKey = (r: Reminder) => `${r.deadline.id}:${r.lead_days}`;

export const session = {
  get phase() {
    return state.phase;
  },
  get settings() {
    return state.settings;
  },
  get recoveryCode() {
    return state.recoveryCode;
  },
  get lockReason() {
    return state.lockReason;
  },
  get startError() {
    return state.startError;
  },
  get searchOpen() {
    return state.searchOpen;
  },
  set searchOpen(v: boolean) {
    // never on top of the panic countdown
    state.searchOpen = v && state.phase === 'unlocked' && !state.panicOpen;
  },
  /** Opening the countdown closes search (one modal at a time); only while unlocked. */
  get panicOpen() {
    return state.panicOpen;
  },
  set panicOpen(v: boolean) {
    state.panicOpen = v && state.phase === 'unlocked';
    if (state.panicOpen) state.searchOpen = false;
  },
  get suggestNewPassphrase() {
    return state.suggestNewPassphrase;
  },
  get reminders(): readonly Reminder[] {
    return state.reminders;
  },
  get travelled(): TravelSummary | null {
    return state.travelled;
  },
  get wiped(): WipeReport | null {
    return state.wiped;
  },
  get wipedAfterFailedUnlocks(): boolean {
    return state.wipedAfterFailedUnlocks;
  },

  /** Ask Rust which deadline reminders are due (after unlock, and on `reminders-due`). */
  async checkReminders(): Promise<void> {
    if (state.phase !== 'unlocked') return;
    const mine = ++reminderSeq;
    try {
      const due = await ipc.remindersDue();
      if (mine === reminderSeq && state.phase === 'unlocked') {
        state.reminders = due.filter((r) => !closedReminders.has(reminderKey(r)));
      }
    } catch {
      /* reminders come back at the next check; never block the app on them */
    }
  },

  /** The lawyer saw every listed reminder: tell Rust, then close the list. Throws on failure. */
  async acknowledgeReminders(): Promise<void> {
    const seen = state.reminders.map((r) => ({ deadline_id: r.deadline.id, lead_days: r.lead_days }));
    if (seen.length > 0) await ipc.remindersSeen(seen);
    reminderSeq++;
    state.reminders = [];
  },

  /** Close the list without marking anything seen: the reminders come back at the next unlock. */
  dismissReminders(): void {
    for (const r of state.reminders) closedReminders.add(reminderKey(r));
    reminderSeq++;
    state.reminders = [];
  },

  /** The new-passphrase prompt was dismissed, followed, or the passphrase was changed. */
  dismissPassphrasePrompt(): void {
    state.suggestNewPassphrase = false;
  },

  applySettings(s: Settings): void {
    state.settings = { ...s };
    setLang(s.language);
  },

  /** Ask Rust where we are (first run, locked, unlocked). */
  async load(): Promise<void> {
    state.phase = 'loading';
    try {
      const s = await ipc.appState();
      this.applySettings(s.settings);
      state.startError = null;
      state.phase = !s.vault_exists ? 'create' : s.unlocked ? 'unlocked' : 'unlock';
      if (state.phase === 'unlocked') void this.checkReminders();
    } catch (e) {
      state.startError = ipc.toIpcError(e);
      state.phase = 'start-failed';
    }
  },

  /** After `vault_create`: show the recovery code once. */
  created(code: string): void {
    state.recoveryCode = code;
    state.phase = 'recovery';
  },

  /** The recovery code was acknowledged; forget it and enter the app. */
  async recoveryAcknowledged(): Promise<void> {
    state.recoveryCode = null;
    await this.unlocked();
  },

  async unlocked(how: 'passphrase' | 'recovery' = 'passphrase'): Promise<void> {
    state.lockReason = null;
    state.travelled = null;
    state.wiped = null;
    state.wipedAfterFailedUnlocks = false;
    state.suggestNewPassphrase = how === 'recovery';
    router.reset();
    try {
      const s = await ipc.appState();
      this.applySettings(s.settings);
    } catch {
      /* keep the settings we have */
    }
    state.phase = 'unlocked';
    void this.checkReminders();
  },

  /** Drop everything in memory and show the unlock screen. */
  locked(reason: ipc.LockReason): void {
    void clearCopied();
    state.searchOpen = false;
    state.panicOpen = false;
    reminderSeq++;
    state.reminders = [];
    closedReminders.clear();
    state.recoveryCode = null;
    state.suggestNewPassphrase = false;
    router.reset();
    if (state.phase === 'create' || state.phase === 'loading' || state.phase === 'start-failed') return;
    state.lockReason = reason;
    state.phase = 'unlock';
  },

  /**
   * Travel mode wrote and checked the travel file and removed the vault: drop everything in
   * memory, then ask Rust where we are (no vault: the first-run screen, which says what happened).
   */
  async vaultRemoved(summary: TravelSummary): Promise<void> {
    this.locked('manual');
    state.lockReason = null;
    state.wiped = null;
    state.wipedAfterFailedUnlocks = false;
    state.travelled = summary;
    await this.load();
  },

  /**
   * The panic wipe destroyed the vault: drop everything in memory, then ask Rust where we are
   * (no vault: the first-run screen, which says the vault was wiped).
   */
  async vaultWiped(report: WipeReport): Promise<void> {
    this.locked('manual');
    state.lockReason = null;
    state.travelled = null;
    state.wipedAfterFailedUnlocks = false;
    state.wiped = { ...report };
    await this.load();
  },

  /**
   * The failed-unlock policy erased the vault (`wiped-after-failed-unlocks` from an unlock): as
   * after the panic wipe, drop everything in memory and ask Rust where we are (no vault: the
   * first-run screen, which says why the vault is gone).
   */
  async vaultWipedAfterFailedUnlocks(): Promise<void> {
    this.locked('manual');
    state.lockReason = null;
    state.travelled = null;
    state.wiped = null;
    state.wipedAfterFailedUnlocks = true;
    await this.load();
  },

  /**
   * After a failed wipe: ask Rust whether the vault is still open (the shell closes it before
   * wiping); if not, drop everything in memory and go where Rust says (unlock or first run).
   */
  async recheck(): Promise<void> {
    try {
      const s = await ipc.appState();
      if (s.vault_exists && s.unlocked) return;
      this.locked('manual');
      state.lockReason = null;
      await this.load();
    } catch {
      /* keep what is shown; the next call that needs the vault will say it is locked */
    }
  },

  /** Lock on the user's request. The UI is cleared even if the call fails. */
  async lock(): Promise<void> {
    try {
      await ipc.vaultLock();
    } finally {
      this.locked('manual');
    }
  },

  /** Test helper: back to a clean slate. */
  resetForTests(): void {
    state.phase = 'loading';
    state.settings = { ...DEFAULT_SETTINGS };
    state.recoveryCode = null;
    state.lockReason = null;
    state.startError = null;
    state.searchOpen = false;
    state.panicOpen = false;
    state.suggestNewPassphrase = false;
    state.reminders = [];
    state.travelled = null;
    state.wiped = null;
    state.wipedAfterFailedUnlocks = false;
    reminderSeq++;
    closedReminders.clear();
    setLang('en');
    router.reset();
  },
};
