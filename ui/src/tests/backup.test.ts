// Backup and travel: "Back up now", the reminder and its dashboard banner, travel mode (which
// removes the vault and returns to the first-run screen), and restoring from that screen.
import { describe, it, expect, afterEach, beforeEach, vi } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import { startApp, unlockApp, restoreTransport, click, settle, type, untranslated, $, $$, waitFor, expectNoAxeViolations } from './util';
import { router } from '../lib/router.svelte';
import { session } from '../lib/session.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { en } from '../lib/i18n/en';
import { es } from '../lib/i18n/es';
import type { FakeBackend } from './fake';

beforeEach(() => {
  // The sample data is written for 25 Nov 2026; only Date is faked (timers stay real).
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(2026, 10, 25, 12, 0, 0));
});
afterEach(() => {
  vi.useRealTimers();
  restoreTransport();
  setLang('en');
});

const SPANISH = (b: FakeBackend) => (b.settings = { language: 'es', auto_lock_minutes: 5 });
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const value = (sel: string) => ($(sel) as HTMLInputElement | HTMLSelectElement).value;

async function openBackup(configure?: (b: FakeBackend) => void) {
  const app = await unlockApp(configure);
  await click($('[data-testid="nav-backup"]'));
  await waitFor(() => expect(text($('[data-testid="backup-last"]'))).not.toBe(en['common.loading']));
  return app;
}

describe('backup → translations', () => {
  it('has the nav entry and every backup, travel and restore string in both languages', () => {
    const keys = Object.keys(en).filter((k) => /^(backup|travel|restore)\./.test(k) || k === 'nav.backup');
    expect(keys.length).toBeGreaterThan(50);
    expect(untranslated(keys)).toEqual([]);
  });
});

describe('backup → back up now and the reminder', () => {
  it('opens from the navigation and shows the last backup and the reminder', async () => {
    const { backend } = await openBackup();
    expect(router.current).toEqual({ name: 'backup' });
    expect($('[data-testid="nav-backup"]')!.getAttribute('aria-current')).toBe('page');
    expect(text($('h1'))).toBe('Backup and travel');
    expect(text($('[data-testid="backup-last"]'))).toMatch(/^Nov 20, 2026/);
    expect(value('[data-testid="backup-every-days"]')).toBe('7');
    const options = ($$('[data-testid="backup-every-days"] option') as HTMLOptionElement[]).map((o) => [o.value, text(o)]);
    expect(options).toEqual([
      ['0', 'Never (no reminder)'],
      ['1', 'Every day'],
      ['7', 'Every week'],
      ['14', 'Every two weeks'],
      ['30', 'Every 30 days'],
    ]);
    expect(backend.callsOf('backup_status')).toHaveLength(2); // the dashboard's, then this screen's
    await expectNoAxeViolations();
  });

  it('says "Never" before the first backup, and offers a reminder interval set elsewhere', async () => {
    await openBackup((b) => {
      b.lastBackup = null;
      b.backupEveryDays = 3;
    });
    expect(text($('[data-testid="backup-last"]'))).toBe('Never');
    expect(value('[data-testid="backup-every-days"]')).toBe('3');
    expect(text(($('[data-testid="backup-every-days"]') as HTMLSelectElement).selectedOptions[0])).toBe('Every 3 days');
  });

  it('"Back up now" shows what was saved and verified, and the new date', async () => {
    const { backend } = await openBackup();
    await click($('[data-testid="backup-now"]'));
    expect(backend.callsOf('backup_create')).toEqual([{ cmd: 'backup_create', args: undefined }]);
    await waitFor(() =>
      expect(text($('[data-testid="backup-result"]'))).toBe('Backup saved and verified: 3 cases, 5 people, 3 documents (2.4 MB).'),
    );
    expect($('[data-testid="backup-result"]')!.getAttribute('role')).toBe('status');
    expect(text($('[data-testid="backup-last"]'))).toMatch(/^Nov 25, 2026/);
    expect($('[data-testid="backup-unverified"]')).toBeNull();
    await expectNoAxeViolations();
  });

  it('does nothing when the save dialog is cancelled, and warns when the copy could not be verified', async () => {
    const { backend } = await openBackup((b) => (b.backupCancelled = true));
    await click($('[data-testid="backup-now"]'));
    expect(backend.callsOf('backup_create')).toHaveLength(1);
    expect(text($('[data-testid="backup-result"]'))).toBe('');
    expect($('[role="alert"]')).toBeNull();
    expect(($('[data-testid="backup-now"]') as HTMLButtonElement).disabled).toBe(false);

    backend.backupCancelled = false;
    backend.backupSummary = { ...backend.backupSummary, verified: false };
    await click($('[data-testid="backup-now"]'));
    await waitFor(() => expect($('[data-testid="backup-unverified"]')).not.toBeNull());
    expect(text($('[data-testid="backup-unverified"]'))).toBe(en['backup.notVerified']);
    expect(text($('[data-testid="backup-result"]'))).toBe('');
  });

  it('shows a failed backup translated', async () => {
    const { backend } = await openBackup();
    backend.fail('backup_create', { code: 'disk-full', message: 'no space' });
    await click($('[data-testid="backup-now"]'));
    await waitFor(() => expect($('[data-testid="backup-error"]')?.textContent).toContain(en['error.disk-full']));
  });

  it('saves the reminder choice', async () => {
    const { backend } = await openBackup();
    await fireEvent.change($('[data-testid="backup-every-days"]')!, { target: { value: '0' } });
    await settle();
    expect(backend.callsOf('backup_reminder_set')).toEqual([{ cmd: 'backup_reminder_set', args: { everyDays: 0 } }]);
    expect(backend.backupEveryDays).toBe(0);
    expect(text($('[data-testid="backup-every-status"]'))).toBe('Reminder saved.');
    expect(value('[data-testid="backup-every-days"]')).toBe('0');
  });

  it('shows the reminder still in force when saving it fails', async () => {
    const { backend } = await openBackup();
    backend.fail('backup_reminder_set', { code: 'io', message: 'disk' });
    await fireEvent.change($('[data-testid="backup-every-days"]')!, { target: { value: '30' } });
    await settle();
    expect(value('[data-testid="backup-every-days"]')).toBe('7');
    expect(document.body.textContent).toContain(en['error.io']);
  });
});

describe('backup → dashboard reminder', () => {
  it('shows no banner when a backup is recent', async () => {
    await unlockApp();
    expect($('[data-testid="backup-due"]')).toBeNull();
  });

  it('says how long it has been, and leads to the backup screen', async () => {
    await unlockApp((b) => (b.lastBackup = '2026-11-10T17:00:00Z'));
    await waitFor(() => expect($('[data-testid="backup-due"]')).not.toBeNull());
    expect(text($('[data-testid="backup-due"] p'))).toBe('No backup for 15 days.');
    await expectNoAxeViolations();
    await click($('[data-testid="backup-due-open"]'));
    expect(router.current).toEqual({ name: 'backup' });
  });

  it('says "Never backed up" before the first backup, in Spanish too', async () => {
    await unlockApp((b) => {
      b.lastBackup = null;
      SPANISH(b);
    });
    await waitFor(() => expect($('[data-testid="backup-due"]')).not.toBeNull());
    expect(text($('[data-testid="backup-due"] p'))).toBe(es['backup.dueNever']);
    expect(text($('[data-testid="backup-due-open"]'))).toBe('Hacer una copia…');
  });

  it('shows no banner when the reminder is off', async () => {
    const { backend } = await unlockApp((b) => {
      b.lastBackup = null;
      b.backupEveryDays = 0;
    });
    expect(backend.callsOf('backup_status')).toHaveLength(1);
    expect($('[data-testid="backup-due"]')).toBeNull();
  });

  it('shows no banner (and no error) when the status cannot be read', async () => {
    await unlockApp((b) => b.fail('backup_status', { code: 'internal', message: 'x' }));
    expect($('[data-testid="backup-due"]')).toBeNull();
    expect($('[data-testid="dashboard"] [role="alert"]')).toBeNull();
  });
});

describe('travel mode', () => {
  it('explains itself in plain words, and lets a contact open the file too', async () => {
    await openBackup();
    const section = text($('[data-testid="travel-section"]'));
    expect(section).toContain('Before crossing a border, move the vault off this laptop.');
    expect(section).toContain('Wiping a device during a search can look like destroying evidence and can be a crime');
    expect(section).toContain('with a colleague you trust, or on separate storage');
    expect(section).toContain('you need the travel file and your passphrase or recovery code');
    const options = ($$('[data-testid="travel-contact"] option') as HTMLOptionElement[]).map((o) => [o.value, text(o)]);
    expect(options).toEqual([
      ['', 'Only me (with my passphrase or recovery code)'],
      ['k-1', 'Me and Beatriz Ochoa'],
      ['k-2', 'Me and Diego Salazar'],
    ]);
    await fireEvent.change($('[data-testid="travel-contact"]')!, { target: { value: 'k-2' } });
    await settle();
    expect(text($('[data-testid="travel-contact-warning"]'))).toBe('You have not compared fingerprint words with Diego Salazar yet.');
    await expectNoAxeViolations();
  });

  it('needs the confirmation and the checkbox; Cancel changes nothing', async () => {
    const { backend } = await openBackup();
    $('[data-testid="travel-start"]')!.focus();
    await click($('[data-testid="travel-start"]'));
    const dialog = $('[data-testid="travel-dialog"]')!;
    expect(text(dialog.querySelector('h2'))).toBe('Remove the vault from this computer?');
    expect(document.activeElement).toBe($('[data-testid="confirm-cancel"]'));
    const ok = $('[data-testid="confirm-ok"]') as HTMLButtonElement;
    expect(text(ok)).toBe('Write the travel file and remove the vault');
    expect(ok.disabled).toBe(true);
    await fireEvent.click(ok);
    await settle();
    expect(backend.callsOf('travel_start')).toHaveLength(0);
    await expectNoAxeViolations();

    await click($('[data-testid="confirm-cancel"]'));
    expect($('[data-testid="travel-dialog"]')).toBeNull();
    expect(document.activeElement).toBe($('[data-testid="travel-start"]'));
    expect(backend.callsOf('travel_start')).toHaveLength(0);
    expect(backend.vaultExists).toBe(true);
  });

  it('stays when the save dialog is cancelled', async () => {
    const { backend } = await openBackup((b) => (b.backupCancelled = true));
    await click($('[data-testid="travel-start"]'));
    await click($('[data-testid="travel-have-secret"]'));
    await click($('[data-testid="confirm-ok"]'));
    expect(backend.callsOf('travel_start')).toHaveLength(1);
    expect($('[data-testid="travel-dialog"]')).not.toBeNull();
    expect(backend.vaultExists).toBe(true);
    expect(session.phase).toBe('unlocked');
  });

  it('writes the file for me and the chosen contact, removes the vault, and returns to the first-run screen', async () => {
    const { backend } = await openBackup();
    await fireEvent.change($('[data-testid="travel-contact"]')!, { target: { value: 'k-1' } });
    await settle();
    await click($('[data-testid="travel-start"]'));
    await click($('[data-testid="travel-have-secret"]'));
    expect(($('[data-testid="confirm-ok"]') as HTMLButtonElement).disabled).toBe(false);
    await click($('[data-testid="confirm-ok"]'));
    expect(backend.callsOf('travel_start')).toEqual([{ cmd: 'travel_start', args: { contactId: 'k-1' } }]);

    await waitFor(() => expect($('[data-testid="travel-done"]')).not.toBeNull());
    expect(session.phase).toBe('create');
    expect($('[data-testid="dashboard"]')).toBeNull();
    expect($('nav')).toBeNull();
    expect(text($('[data-testid="travel-done"]'))).toBe(
      'The vault was removed from this computer ' +
        'The travel file holds 3 cases, 5 people and 3 documents (2.4 MB); it was checked before the vault was removed. ' +
        'After the trip, choose “Restore from a backup or travel file” below, with the travel file and your passphrase or recovery code.',
    );
    expect($('[data-testid="restore-open"]')).not.toBeNull();
    expect(router.current).toEqual({ name: 'dashboard' });
    await expectNoAxeViolations();
  });

  it('sends no contact for "only me"', async () => {
    const { backend } = await openBackup();
    await click($('[data-testid="travel-start"]'));
    await click($('[data-testid="travel-have-secret"]'));
    await click($('[data-testid="confirm-ok"]'));
    expect(backend.callsOf('travel_start')[0]!.args).toEqual({ contactId: null });
    await waitFor(() => expect(session.phase).toBe('create'));
  });

  it('says so when the vault could not be removed', async () => {
    const { backend } = await openBackup((b) => (b.travelRemoves = false));
    await click($('[data-testid="travel-start"]'));
    await click($('[data-testid="travel-have-secret"]'));
    await click($('[data-testid="confirm-ok"]'));
    await waitFor(() => expect($('[data-testid="travel-not-removed"]')).not.toBeNull());
    expect($('[data-testid="travel-dialog"]')).toBeNull();
    expect(backend.vaultExists).toBe(true);
    expect(session.phase).toBe('unlocked');
  });

  it('shows a failure inside the confirmation and keeps the vault', async () => {
    const { backend } = await openBackup();
    backend.fail('travel_start', { code: 'disk-full', message: 'no space' });
    await click($('[data-testid="travel-start"]'));
    await click($('[data-testid="travel-have-secret"]'));
    await click($('[data-testid="confirm-ok"]'));
    await waitFor(() => expect($('[data-testid="travel-dialog"] [role="alert"]')?.textContent).toContain(en['error.disk-full']));
    expect(session.phase).toBe('unlocked');
  });

  it('is in Spanish', async () => {
    await openBackup(SPANISH);
    expect(text($('h1'))).toBe('Respaldo y viajes');
    expect(text($('[data-testid="nav-backup"]'))).toBe('Respaldo');
    expect(text($('[data-testid="travel-section"]'))).toContain('Antes de cruzar una frontera, saque la bóveda de esta computadora.');
    await click($('[data-testid="travel-start"]'));
    expect(text($('[data-testid="travel-dialog"] label'))).toBe(es['travel.haveSecret']);
    await expectNoAxeViolations();
  });
});

describe('restore on the first-run screen', () => {
  async function openRestore(configure?: (b: FakeBackend) => void) {
    const app = await startApp((b) => {
      b.vaultExists = false;
      configure?.(b);
    });
    await click($('[data-testid="restore-open"]'));
    expect(text($('h1'))).toBe('Restore a vault');
    expect(document.activeElement).toBe($('[data-testid="restore-secret"]'));
    return app;
  }

  it('restores with the passphrase, clears it, and opens the app', async () => {
    const { backend } = await openRestore();
    await type($('[data-testid="restore-secret"]'), backend.passphrase);
    await click($('[data-testid="restore-confirm"]'));
    expect(backend.callsOf('vault_restore')).toEqual([{ cmd: 'vault_restore', args: { secret: backend.passphrase, recovery: false } }]);
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    expect(session.phase).toBe('unlocked');
    expect(session.suggestNewPassphrase).toBe(false);
  });

  it('restores with the recovery code, then suggests a new passphrase', async () => {
    const { backend } = await openRestore();
    await click($('[data-testid="restore-kind-recovery"]'));
    const field = $('[data-testid="restore-secret"]') as HTMLInputElement;
    expect(field.type).toBe('text');
    expect(text($('label[for="restore-secret"]'))).toBe('Recovery code of the vault in the file');
    await expectNoAxeViolations();
    await type(field, 'abcd efgh jklm npqr stuv wxyz');
    await click($('[data-testid="restore-confirm"]'));
    expect(backend.callsOf('vault_restore')[0]!.args).toEqual({ secret: 'abcd efgh jklm npqr stuv wxyz', recovery: true });
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    expect(session.suggestNewPassphrase).toBe(true);
  });

  it('clears the secret after a wrong one, says what to check, and refocuses the field', async () => {
    const { backend } = await openRestore();
    await type($('[data-testid="restore-secret"]'), 'not the passphrase');
    await click($('[data-testid="restore-confirm"]'));
    await waitFor(() => expect($('[data-testid="restore-error"]')).not.toBeNull());
    expect(value('[data-testid="restore-secret"]')).toBe('');
    expect($('[data-testid="restore-error"]')!.textContent).toContain(en['error.wrong-secret']);
    expect($('[data-testid="restore-error"]')!.textContent).toContain(en['restore.errSecret']);
    expect(document.activeElement).toBe($('[data-testid="restore-secret"]'));
    expect(session.phase).toBe('create');
    expect(backend.vaultExists).toBe(false);
    await expectNoAxeViolations();
  });

  it('clears the secret when the open dialog is cancelled too', async () => {
    const { backend } = await openRestore((b) => (b.restoreCancelled = true));
    await type($('[data-testid="restore-secret"]'), backend.passphrase);
    await click($('[data-testid="restore-confirm"]'));
    expect(backend.callsOf('vault_restore')).toHaveLength(1);
    expect(value('[data-testid="restore-secret"]')).toBe('');
    expect(text($('[data-testid="restore-status"]'))).toBe('No file was chosen; nothing was changed.');
    expect($('[role="alert"]')).toBeNull();
    expect(session.phase).toBe('create');
  });

  it('shows a damaged file translated, and does not call Rust without a secret', async () => {
    const { backend } = await openRestore();
    await click($('[data-testid="restore-confirm"]'));
    expect(backend.callsOf('vault_restore')).toHaveLength(0);
    backend.fail('vault_restore', { code: 'bundle-damaged', message: 'truncated' });
    await type($('[data-testid="restore-secret"]'), 'x');
    await click($('[data-testid="restore-confirm"]'));
    await waitFor(() => expect($('[data-testid="restore-error"]')?.textContent).toContain(en['error.bundle-damaged']));
    expect(value('[data-testid="restore-secret"]')).toBe('');
  });

  it('goes back to creating a vault', async () => {
    await openRestore();
    await click($('[data-testid="restore-back"]'));
    expect(text($('h1'))).toBe('Create your vault');
    expect($('#new-passphrase')).not.toBeNull();
  });

  it('round trip: travel, then restore from the first-run screen', async () => {
    const { backend } = await openBackup();
    await click($('[data-testid="travel-start"]'));
    await click($('[data-testid="travel-have-secret"]'));
    await click($('[data-testid="confirm-ok"]'));
    await waitFor(() => expect($('[data-testid="travel-done"]')).not.toBeNull());
    await click($('[data-testid="restore-open"]'));
    await type($('[data-testid="restore-secret"]'), backend.passphrase);
    await click($('[data-testid="restore-confirm"]'));
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    expect(backend.vaultExists).toBe(true);
    expect(session.travelled).toBeNull();
  });

  it('is in Spanish', async () => {
    await startApp((b) => {
      b.vaultExists = false;
      SPANISH(b);
    });
    expect(text($('[data-testid="restore-open"]'))).toBe('Restaurar desde una copia de seguridad o un archivo de viaje');
    await click($('[data-testid="restore-open"]'));
    expect(text($('h1'))).toBe('Restaurar una bóveda');
    expect(text($('[data-testid="restore-confirm"]'))).toBe('Elegir el archivo y restaurar…');
    await expectNoAxeViolations();
  });
});
