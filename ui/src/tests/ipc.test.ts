import { describe, it, expect, afterEach, vi } from 'vitest';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import * as ipc from '../lib/ipc';

afterEach(() => {
  clearMocks();
  ipc.setTransport(ipc.tauriTransport);
});

describe('ipc through the real Tauri invoke (mockIPC)', () => {
  it('sends the exact command names and camelCase arguments', async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, payload) => {
      seen.push([cmd, payload]);
      if (cmd === 'app_state') return { vault_exists: true, unlocked: false, settings: { language: 'es', auto_lock_minutes: 5 } };
      if (cmd === 'vault_create') return { recovery_code: 'R' };
      if (cmd === 'intake') return { person_id: 'p', case_id: 'c' };
      if (cmd === 'doc_add' || cmd === 'doc_pick_and_add') return [];
      if (cmd === 'event_add' || cmd === 'deadlines_list' || cmd === 'closures_list' || cmd === 'reminders_due' || cmd === 'calendar_items') return [];
      if (cmd === 'deadline_settings_get' || cmd === 'deadline_settings_set') return { file_by_days: 3, reminder_days: [7, 1, 0] };
      if (cmd === 'calendar_export') return 4;
      if (cmd === 'contact_card') return 'CARD';
      if (cmd === 'contact_add') return 'k1';
      if (cmd === 'contacts_list') return [];
      if (cmd === 'bundle_export') return { cases: 1, people: 2, attachments: 3, sequence: 4 };
      if (cmd === 'bundle_import_preview') return null;
      if (cmd === 'bundle_import_add_sender') return 'k2';
      if (cmd === 'conflicts_list') return [];
      if (cmd === 'backup_status' || cmd === 'backup_reminder_set') return { last_backup: null, every_days: 7, due: true };
      if (cmd === 'backup_create' || cmd === 'travel_start') return null;
      if (cmd === 'vault_restore') return false;
      if (cmd === 'vault_wipe') return { keys_destroyed_ms: 3, removed: true };
      return null;
    });
    expect((await ipc.appState()).settings.language).toBe('es');
    expect((await ipc.vaultCreate('pw')).recovery_code).toBe('R');
    await ipc.vaultUnlock('pw');
    await ipc.vaultUnlockRecovery('CODE');
    await ipc.vaultLock();
    await ipc.settingsSet({ language: 'en', auto_lock_minutes: 9 });
    await ipc.activity();
    await ipc.casesList({ text: 'a', jurisdiction: null, stage: null, lawyer: null, limit: 100, offset: 200 });
    await ipc.caseGet('c1');
    await ipc.personGet('p1');
    const person = { name: 'X', aliases: [], dob: null, dob_approx: false, a_number: null, nationality: null, languages: [], interpreter_needed: false, detained: false, facility: null, phone: null, email: null };
    const details = { jurisdiction: 'us-eoir', title: 'T', proceeding: null, relief: [], stage: null, lawyer: null };
    expect(await ipc.intake(person, details)).toEqual({ person_id: 'p', case_id: 'c' });
    await ipc.personAdd(person);
    await ipc.partyAdd('c1', 'p1', 'witness');
    await ipc.addressAdd('p1', '1 Main St', '2026-01-01');
    await ipc.noteAdd('c1', 'hello');
    await ipc.taskAdd('c1', 'file', null);
    await ipc.taskDone('t1');
    await ipc.docPickAndAdd('c1');
    await ipc.docAdd('c1', ['/tmp/a.pdf']);
    await ipc.docSaveCopy('d1');
    await ipc.docOpenExternal('d1');
    await ipc.search('maría');
    await ipc.dashboard();
    await ipc.lawyers();
    await ipc.vaultChangePassphrase('new pw');
    await ipc.caseUpdate('c1', { ...details, stage: 'hearing', relief: ['asylum'] });
    expect(await ipc.eventAdd('c1', 'mch-hearing', '2027-01-02', null)).toEqual([]);
    await ipc.eventUpdate('e1', '2027-01-03', 'moved');
    await ipc.eventDelete('e1');
    const filter = { case_id: 'c1', from: null, to: null, lawyer: null, status: null };
    await ipc.deadlinesList(filter);
    await ipc.deadlineAdd('c1', 'Brief', '2027-02-01');
    await ipc.deadlineDone('d1');
    await ipc.deadlineReopen('d1');
    await ipc.deadlineDelete('d1');
    await ipc.ruleEditionSet('c1', 'ich-filings', '2008');
    await ipc.closuresList();
    await ipc.closureAdd({ firstDay: '2026-12-21', lastDay: '2027-01-06', calendar: 'mx', note: null, suspension: true });
    await ipc.closureDelete('cl1');
    await ipc.deadlineSettingsGet();
    await ipc.deadlineSettingsSet({ file_by_days: 2, reminder_days: [3, 0] });
    await ipc.remindersDue();
    await ipc.remindersSeen([{ deadline_id: 'd1', lead_days: 7 }]);
    await ipc.calendarItems('2026-11-01', '2026-11-30');
    expect(await ipc.calendarExport(false)).toBe(4);
    await ipc.identityGet();
    expect(await ipc.contactCard(null)).toBe('CARD');
    await ipc.contactCard('Ana Ruiz');
    expect(await ipc.contactAdd('CARD', true)).toBe('k1');
    await ipc.contactsList();
    await ipc.contactVerify('k1');
    expect(await ipc.bundleExport(['c1'], ['k1'], ['age1x'])).toEqual({ cases: 1, people: 2, attachments: 3, sequence: 4 });
    expect(await ipc.bundleImportPreview(false)).toBeNull();
    await ipc.bundleImportPreview(true);
    expect(await ipc.bundleImportAddSender(true)).toBe('k2');
    await ipc.bundleImport();
    expect(await ipc.conflictsList()).toEqual([]);
    await ipc.conflictResolve('cf1', 'theirs');
    expect((await ipc.backupStatus()).every_days).toBe(7);
    await ipc.backupReminderSet(14);
    expect(await ipc.backupCreate()).toBeNull();
    expect(await ipc.travelStart('k1')).toBeNull();
    expect(await ipc.vaultRestore('pw', true)).toBe(false);
    expect(await ipc.vaultWipe()).toEqual({ keys_destroyed_ms: 3, removed: true });

    const byCmd = Object.fromEntries(seen.map(([c, p]) => [c, p]));
    expect(byCmd['vault_create']).toEqual({ passphrase: 'pw' });
    expect(byCmd['vault_unlock_recovery']).toEqual({ code: 'CODE' });
    expect(byCmd['settings_set']).toEqual({ settings: { language: 'en', auto_lock_minutes: 9 } });
    expect(byCmd['cases_list']).toEqual({ filter: { text: 'a', jurisdiction: null, stage: null, lawyer: null, limit: 100, offset: 200 } });
    expect(byCmd['intake']).toEqual({ person, case: details });
    expect(byCmd['party_add']).toEqual({ caseId: 'c1', personId: 'p1', role: 'witness' });
    expect(byCmd['address_add']).toEqual({ personId: 'p1', address: '1 Main St', since: '2026-01-01' });
    expect(byCmd['note_add']).toEqual({ caseId: 'c1', text: 'hello' });
    expect(byCmd['task_add']).toEqual({ caseId: 'c1', title: 'file', due: null });
    expect(byCmd['task_done']).toEqual({ id: 't1' });
    expect(byCmd['doc_pick_and_add']).toEqual({ caseId: 'c1' });
    expect(byCmd['doc_add']).toEqual({ caseId: 'c1', paths: ['/tmp/a.pdf'] });
    expect(byCmd['doc_save_copy']).toEqual({ id: 'd1' });
    expect(byCmd['doc_open_external']).toEqual({ id: 'd1' });
    expect(byCmd['search']).toEqual({ query: 'maría' });
    expect(byCmd['vault_change_passphrase']).toEqual({ passphrase: 'new pw' });
    expect(byCmd['case_update']).toEqual({ id: 'c1', case: { ...details, stage: 'hearing', relief: ['asylum'] } });
    expect(byCmd['key_date_add']).toBeUndefined();
    expect(byCmd['event_add']).toEqual({ caseId: 'c1', kind: 'mch-hearing', date: '2027-01-02', note: null });
    expect(byCmd['event_update']).toEqual({ id: 'e1', date: '2027-01-03', note: 'moved' });
    expect(byCmd['event_delete']).toEqual({ id: 'e1' });
    expect(byCmd['deadlines_list']).toEqual({ filter });
    expect(byCmd['deadline_add']).toEqual({ caseId: 'c1', title: 'Brief', due: '2027-02-01' });
    expect(byCmd['deadline_done']).toEqual({ id: 'd1' });
    expect(byCmd['deadline_reopen']).toEqual({ id: 'd1' });
    expect(byCmd['deadline_delete']).toEqual({ id: 'd1' });
    expect(byCmd['rule_edition_set']).toEqual({ caseId: 'c1', rule: 'ich-filings', edition: '2008' });
    expect(byCmd['closure_add']).toEqual({ firstDay: '2026-12-21', lastDay: '2027-01-06', calendar: 'mx', note: null, suspension: true });
    expect(byCmd['closure_delete']).toEqual({ id: 'cl1' });
    expect(byCmd['deadline_settings_set']).toEqual({ settings: { file_by_days: 2, reminder_days: [3, 0] } });
    expect(byCmd['reminders_seen']).toEqual({ seen: [{ deadline_id: 'd1', lead_days: 7 }] });
    expect(byCmd['calendar_items']).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(byCmd['calendar_export']).toEqual({ withCaseTitles: false });
    expect(seen.filter(([c]) => c === 'contact_card').map(([, p]) => p)).toEqual([{ name: null }, { name: 'Ana Ruiz' }]);
    expect(byCmd['contact_add']).toEqual({ card: 'CARD', verified: true });
    expect(byCmd['contact_verify']).toEqual({ id: 'k1' });
    expect(byCmd['bundle_export']).toEqual({ caseIds: ['c1'], contactIds: ['k1'], recipients: ['age1x'] });
    expect(seen.filter(([c]) => c === 'bundle_import_preview').map(([, p]) => p)).toEqual([{ again: false }, { again: true }]);
    expect(byCmd['bundle_import_add_sender']).toEqual({ verified: true });
    expect(byCmd['bundle_import']).toEqual({});
    expect(byCmd['conflict_resolve']).toEqual({ id: 'cf1', keep: 'theirs' });
    expect(byCmd['backup_reminder_set']).toEqual({ everyDays: 14 });
    expect(byCmd['backup_create']).toEqual({});
    expect(byCmd['travel_start']).toEqual({ contactId: 'k1' });
    expect(byCmd['vault_restore']).toEqual({ secret: 'pw', recovery: true });
    expect(byCmd['vault_wipe']).toEqual({});
    expect(seen.map(([c]) => c)).toEqual(
      expect.arrayContaining([
        'app_state',
        'vault_unlock',
        'vault_lock',
        'activity',
        'case_get',
        'person_get',
        'person_add',
        'dashboard',
        'lawyers',
        'closures_list',
        'deadline_settings_get',
        'reminders_due',
        'identity_get',
        'contacts_list',
        'conflicts_list',
        'backup_status',
      ]),
    );
  });

  it('rejects with an IpcError, whatever the shell throws', async () => {
    mockIPC((cmd) => {
      if (cmd === 'vault_unlock') throw { code: 'wrong-secret', message: 'nope' };
      if (cmd === 'case_get') throw 'command case_get not found';
      return null;
    });
    await expect(ipc.vaultUnlock('x')).rejects.toEqual({ code: 'wrong-secret', message: 'nope' });
    await expect(ipc.caseGet('x')).rejects.toEqual({ code: 'internal', message: 'command case_get not found' });
  });

  it('delivers vault-locked events', async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const { emit } = await import('@tauri-apps/api/event');
    const got: unknown[] = [];
    const un = await ipc.onVaultLocked((p) => got.push(p));
    await emit('vault-locked', { reason: 'idle' });
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toEqual([{ reason: 'idle' }]);
    un();
  });

  it('delivers reminders-due events with their count', async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const { emit } = await import('@tauri-apps/api/event');
    const got: number[] = [];
    const un = await ipc.onRemindersDue((n) => got.push(n));
    await emit('reminders-due', 3);
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toEqual([3]);
    un();
  });
});

describe('ipc helpers', () => {
  it('normalises errors', () => {
    expect(ipc.toIpcError({ code: 'io', message: 'disk' })).toEqual({ code: 'io', message: 'disk' });
    expect(ipc.toIpcError(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(ipc.toIpcError(undefined).code).toBe('internal');
  });

  it('builds document URLs per platform', () => {
    expect(ipc.docUrl('abc', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15')).toBe('amparo-doc://localhost/abc');
    expect(ipc.docUrl('abc', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15')).toBe('amparo-doc://localhost/abc');
    expect(ipc.docUrl('a/b', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/120')).toBe('http://amparo-doc.localhost/a%2Fb');
  });

  it('throttles activity pings to one per 20 s', async () => {
    const invoke = vi.fn(async () => null);
    ipc.setTransport({ invoke, listen: async () => () => {}, onDragDrop: async () => () => {} });
    let now = 0;
    const ping = ipc.makeActivityPinger(() => now);
    ping();
    now = 5_000;
    ping();
    now = 19_999;
    ping();
    now = 20_000;
    ping();
    expect(invoke).toHaveBeenCalledTimes(2);
    expect(invoke).toHaveBeenCalledWith('activity', undefined);
  });
});
