import { describe, it, expect, afterEach, vi } from 'vitest';
import { startApp, unlockApp, restoreTransport, click, settle, type, $, $$, waitFor, expectNoAxeViolations } from './util';
import { fireEvent } from '@testing-library/svelte';
import { router } from '../lib/router.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { CASE_ID, PERSON_ID, sampleConflicts, sampleReminders, unknownSenderBundle } from './fake';

afterEach(() => {
  restoreTransport();
  setLang('en');
});

async function goCase() {
  router.go({ name: 'case', id: CASE_ID });
  await settle();
  await waitFor(() => expect($('[data-testid="case-title"]')).not.toBeNull());
}

describe('accessibility (axe-core, jsdom; contrast checked by contrast.test.ts)', () => {
  it('first run: create vault', async () => {
    await startApp((b) => (b.vaultExists = false));
    expect($('#new-passphrase')).not.toBeNull();
    await type($('#new-passphrase'), 'short');
    await type($('#confirm-passphrase'), 'other');
    await expectNoAxeViolations();
  });

  it('recovery code', async () => {
    await startApp((b) => (b.vaultExists = false));
    await type($('#new-passphrase'), 'correct horse battery staple');
    await type($('#confirm-passphrase'), 'correct horse battery staple');
    await fireEvent.submit($('#new-passphrase')!.closest('form')!);
    await settle();
    await waitFor(() => expect($('[data-testid="recovery-code"]')).not.toBeNull());
    await expectNoAxeViolations();
  });

  it('unlock, with an error shown', async () => {
    await startApp();
    await type($('#unlock-passphrase'), 'bad');
    await fireEvent.submit($('#unlock-passphrase')!.closest('form')!);
    await settle();
    await waitFor(() => expect($('[data-testid="unlock-error"]')).not.toBeNull());
    await expectNoAxeViolations();
  });

  it('dashboard', async () => {
    await unlockApp();
    await expectNoAxeViolations();
  });

  it('case list', async () => {
    await unlockApp();
    await click($('[data-testid="nav-cases"]'));
    await waitFor(() => expect($$('[data-testid="case-row"]').length).toBeGreaterThan(0));
    await expectNoAxeViolations();
  });

  it('case view', async () => {
    await unlockApp();
    await goCase();
    await expectNoAxeViolations();
  });

  it('case view in Spanish: edit dialog, event form, add-a-person forms with results', async () => {
    await unlockApp((b) => (b.settings = { language: 'es', auto_lock_minutes: 5 }));
    await goCase();
    const details = $('.add-form') as HTMLDetailsElement;
    details.open = true;
    await type($('#party-search'), 'her');
    await new Promise((r) => setTimeout(r, 200));
    await settle();
    await waitFor(() => expect($$('[data-testid="party-person-option"]').length).toBe(1));
    await type($('[data-testid="event-date"]'), '2027-01-02');
    await expectNoAxeViolations();
    await click($('[data-testid="edit-case"]'));
    expect($('#edit-case-stage')).not.toBeNull();
    await expectNoAxeViolations();
  });

  it('case view: deadlines with traces open, warnings, confirmations and the event dialogs', async () => {
    await unlockApp();
    await goCase();
    for (const d of $$('[data-testid="deadline-row"] details')) (d as HTMLDetailsElement).open = true;
    await settle();
    expect($('[data-testid="deadline-warnings"]')).not.toBeNull();
    expect($('[data-testid="deadline-overdue"]')).not.toBeNull();
    await expectNoAxeViolations();
    await click($('[data-testid="deadline-done"]'));
    expect($('[data-testid="confirm-dialog"]')).not.toBeNull();
    await expectNoAxeViolations();
    await click($('[data-testid="confirm-cancel"]'));
    await click($('[data-testid="event-edit"]'));
    expect($('[data-testid="event-edit-dialog"]')).not.toBeNull();
    await expectNoAxeViolations();
    await click($('[data-testid="event-edit-dialog"] .secondary'));
    await type($('[data-testid="event-date"]'), '2027-04-01');
    await click($('[data-testid="event-add"]'));
    await waitFor(() => expect($('[data-testid="event-warnings"]')).not.toBeNull());
    await expectNoAxeViolations();
  });

  it('calendar: month grid, agenda and the export warning (English and Spanish)', async () => {
    const first = await unlockApp();
    await click($('[data-testid="nav-calendar"]'));
    await waitFor(() => expect($$('[data-testid="calendar-item"]').length).toBeGreaterThan(0));
    await expectNoAxeViolations();
    await click($('[data-testid="calendar-view-agenda"]'));
    await waitFor(() => expect($$('[data-testid="calendar-agenda"] [data-testid="calendar-item"]').length).toBeGreaterThan(0));
    await expectNoAxeViolations();
    await click($('[data-testid="calendar-export"]'));
    await click($('[data-testid="export-titles"]'));
    expect($('[data-testid="export-titles-warning"]')).not.toBeNull();
    await expectNoAxeViolations();
    first.unmount();
    restoreTransport();

    await unlockApp((b) => (b.settings = { language: 'es', auto_lock_minutes: 5 }));
    await click($('[data-testid="nav-calendar"]'));
    await waitFor(() => expect($$('[data-testid="calendar-item"]').length).toBeGreaterThan(0));
    await expectNoAxeViolations();
  });

  it('deadline-control sheet', async () => {
    await unlockApp();
    router.go({ name: 'sheet', caseId: CASE_ID });
    await settle();
    await waitFor(() => expect($$('[data-testid="sheet-row"]').length).toBeGreaterThan(0));
    await expectNoAxeViolations();
  });

  it('reminders panel, in Spanish', async () => {
    await unlockApp((b) => {
      b.settings = { language: 'es', auto_lock_minutes: 5 };
      b.reminders = sampleReminders();
    });
    await waitFor(() => expect($('[data-testid="reminders-panel"]')).not.toBeNull());
    await expectNoAxeViolations();
  });

  it('settings: deadlines, closures and suspensions, with validation errors and the delete confirmation', async () => {
    await unlockApp();
    await click($('[data-testid="nav-settings"]'));
    await waitFor(() => expect($$('[data-testid="closure"]').length).toBe(2));
    await type($('#settings-reminders'), 'soon');
    await type($('#closure-first'), '2027-01-11');
    await type($('#closure-last'), '2027-01-15');
    await expectNoAxeViolations();
    await click($('[data-testid="closure-delete"]'));
    expect($('[data-testid="confirm-dialog"]')).not.toBeNull();
    await expectNoAxeViolations();
  });

  it('settings: the emergency wipe panel, its countdown and a failed wipe', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }); // the countdown waits for us
    try {
      await unlockApp((b) => b.fail('vault_wipe', { code: 'io', message: 'denied' }));
      await click($('[data-testid="nav-settings"]'));
      expect($('[data-testid="panic-section"]')).not.toBeNull();
      await expectNoAxeViolations();
      await click($('[data-testid="panic-wipe"]'));
      expect($('[data-testid="panic-dialog"]')).not.toBeNull();
      await expectNoAxeViolations();
      vi.advanceTimersByTime(5000);
      await settle();
      await waitFor(() => expect($('[data-testid="panic-error"]')).not.toBeNull());
      await expectNoAxeViolations();
    } finally {
      vi.useRealTimers();
    }
  });

  it('settings: change passphrase with a mismatch shown', async () => {
    await unlockApp();
    await click($('[data-testid="nav-settings"]'));
    await type($('#change-passphrase'), 'short');
    await type($('#change-passphrase-confirm'), 'other');
    await expectNoAxeViolations();
  });

  it('document viewer (image) and leave-the-vault confirmation', async () => {
    await unlockApp();
    await goCase();
    await click($('[data-testid="view-document"]'));
    await waitFor(() => expect($('[data-testid="viewer"] img')).not.toBeNull());
    await expectNoAxeViolations();
    await fireEvent.keyDown($('[role="dialog"]')!, { key: 'Escape' });
    await settle();
    expect($('[data-testid="viewer"]')).toBeNull();
    const save = $$('[data-testid="document"] button').find((b) => b.textContent?.includes('Save a copy'))!;
    await click(save);
    expect($('[data-testid="leave-vault-dialog"]')).not.toBeNull();
    await expectNoAxeViolations();
  });

  it('document viewer (other type)', async () => {
    await unlockApp();
    await goCase();
    const rows = $$('[data-testid="document"]');
    await click(rows[2]!.querySelector('[data-testid="view-document"]'));
    await waitFor(() => expect($('[data-testid="viewer"]')?.textContent).toContain('ef'.repeat(32)));
    await expectNoAxeViolations();
  });

  it('person view', async () => {
    await unlockApp();
    router.go({ name: 'person', id: PERSON_ID });
    await settle();
    await waitFor(() => expect($('[data-testid="person-a-number"]')?.textContent).toBe('A012-345-678'));
    await expectNoAxeViolations();
  });

  it('intake, with validation errors', async () => {
    await unlockApp();
    await click($('[data-testid="nav-intake"]'));
    await type($('#intake-a-number'), '123');
    await click($('[data-testid="intake-submit"]'));
    await settle();
    expect($('#intake-name')!.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations();
  });

  it('settings and about, in Spanish', async () => {
    await unlockApp((b) => (b.settings = { language: 'es', auto_lock_minutes: 5 }));
    await click($('[data-testid="nav-settings"]'));
    expect($('#settings-language')).not.toBeNull();
    await expectNoAxeViolations();
    await click($('[data-testid="nav-about"]'));
    expect(document.body.textContent).toContain('Contra qué protege Amparo');
    await expectNoAxeViolations();
  });

  it('contacts: card shown, a refused card and the verify confirmation (English and Spanish)', async () => {
    const first = await unlockApp();
    await click($('[data-testid="nav-contacts"]'));
    await waitFor(() => expect($$('[data-testid="contact"]').length).toBe(2));
    await expectNoAxeViolations();
    await click($('[data-testid="show-my-card"]'));
    await waitFor(() => expect($('[data-testid="my-card"]')).not.toBeNull());
    await type($('[data-testid="contact-card-input"]'), 'not a card');
    await click($('[data-testid="contact-add"]'));
    await waitFor(() => expect($('[data-testid="contact-add-error"]')).not.toBeNull());
    await expectNoAxeViolations();
    first.unmount();
    restoreTransport();

    await unlockApp((b) => (b.settings = { language: 'es', auto_lock_minutes: 5 }));
    await click($('[data-testid="nav-contacts"]'));
    await waitFor(() => expect($$('[data-testid="contact"]').length).toBe(2));
    await click($('[data-testid="show-my-card"]'));
    await waitFor(() => expect($('[data-testid="my-fingerprint"]')).not.toBeNull());
    await expectNoAxeViolations();
    await click($('[data-testid="contact-verify"]'));
    expect($('[data-testid="verify-dialog"]')).not.toBeNull();
    await expectNoAxeViolations();
  });

  it('import wizard: a signer who is not a contact, added unverified, verified, then the result (English and Spanish)', async () => {
    const first = await unlockApp((b) => (b.incomingBundle = unknownSenderBundle()));
    await click($('[data-testid="nav-contacts"]'));
    await click($('[data-testid="import-open"]'));
    await waitFor(() => expect($('[data-testid="import-unknown"]')).not.toBeNull());
    await expectNoAxeViolations();
    await click($('[data-testid="import-add-sender"]'));
    await waitFor(() => expect($('[data-testid="import-unverified"]')).not.toBeNull());
    await expectNoAxeViolations();
    await click($('[data-testid="import-verify-compared"]'));
    await click($('[data-testid="import-verify-contact"]'));
    await waitFor(() => expect($('[data-testid="import-unverified"]')).toBeNull());
    await click($('[data-testid="import-confirm"]'));
    await waitFor(() => expect($('[data-testid="import-result"]')).not.toBeNull());
    await expectNoAxeViolations();
    first.unmount();
    restoreTransport();

    await unlockApp((b) => (b.settings = { language: 'es', auto_lock_minutes: 5 }));
    await click($('[data-testid="nav-contacts"]'));
    await click($('[data-testid="import-open"]'));
    await waitFor(() => expect($('[data-testid="import-conflict"]')).not.toBeNull());
    await expectNoAxeViolations();
  });

  it('conflicts, with the "Take theirs" confirmation', async () => {
    await unlockApp((b) => (b.conflicts = sampleConflicts()));
    router.go({ name: 'conflicts' });
    await settle();
    await waitFor(() => expect($$('[data-testid="conflict"]').length).toBe(2));
    await expectNoAxeViolations();
    await click($('[data-testid="conflict-take-theirs"]'));
    expect($('[data-testid="conflict-take-dialog"]')).not.toBeNull();
    await expectNoAxeViolations();
  });

  it('backup and travel, with the reminder banner and the travel confirmation', async () => {
    await unlockApp((b) => (b.lastBackup = null));
    await waitFor(() => expect($('[data-testid="backup-due"]')).not.toBeNull());
    await expectNoAxeViolations();
    await click($('[data-testid="backup-due-open"]'));
    await click($('[data-testid="backup-now"]'));
    await waitFor(() => expect($('[data-testid="backup-result"]')?.textContent).toContain('verified'));
    await expectNoAxeViolations();
    await click($('[data-testid="travel-start"]'));
    expect($('[data-testid="travel-dialog"]')).not.toBeNull();
    await expectNoAxeViolations();
  });

  it('first run: the restore form with an error (Spanish)', async () => {
    await startApp((b) => {
      b.vaultExists = false;
      b.settings = { language: 'es', auto_lock_minutes: 5 };
    });
    await click($('[data-testid="restore-open"]'));
    await type($('[data-testid="restore-secret"]'), 'mal');
    await click($('[data-testid="restore-confirm"]'));
    await waitFor(() => expect($('[data-testid="restore-error"]')).not.toBeNull());
    await expectNoAxeViolations();
  });

  it('global search dialog', async () => {
    await unlockApp();
    await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    await settle();
    expect($('[data-testid="search-dialog"]')).not.toBeNull();
    await type($('#global-search'), 'her');
    await new Promise((r) => setTimeout(r, 200));
    await settle();
    await waitFor(() => expect($$('[data-testid="search-result"]').length).toBe(3));
    await expectNoAxeViolations();
  });
});
