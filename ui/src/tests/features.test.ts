// Change passphrase, the recovery-unlock prompt, case editing, adding an existing person,
// and the language switch on the locked screens.
import { describe, it, expect, afterEach } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import { startApp, unlockApp, restoreTransport, click, settle, type, $, $$, waitFor, expectNoAxeViolations } from './util';
import { router } from '../lib/router.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { en } from '../lib/i18n/en';
import { es } from '../lib/i18n/es';
import { RELIEFS, STAGES } from '../lib/domain';
import { CASE_ID, PERSON_ID } from './fake';
import type { SearchHit } from '../lib/bindings/SearchHit';

afterEach(() => {
  restoreTransport();
  setLang('en');
});

const STRONG = 'ocean pencil marble thunder quiet';

async function goCase() {
  router.go({ name: 'case', id: CASE_ID });
  await settle();
  await waitFor(() => expect($('[data-testid="case-title"]')).not.toBeNull());
}

const value = (sel: string) => ($(sel) as HTMLInputElement | HTMLSelectElement).value;
const buttonByText = (text: string) => Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === text) ?? null;

describe('settings → change passphrase', () => {
  it('applies the vault-creation rules, calls vault_change_passphrase, announces success and clears the fields', async () => {
    const { backend } = await unlockApp();
    await click($('[data-testid="nav-settings"]'));
    const button = $('[data-testid="change-passphrase"]') as HTMLButtonElement;
    expect(button.disabled).toBe(true);

    await type($('#change-passphrase'), 'password123!');
    expect($('#change-passphrase-strength')?.textContent).toContain('Strength:');
    expect(document.body.textContent).toContain('too easy to guess');
    await type($('#change-passphrase-confirm'), 'password123!');
    expect(button.disabled).toBe(true); // too weak, even when both match

    await type($('#change-passphrase'), STRONG);
    await type($('#change-passphrase-confirm'), STRONG + 'x');
    expect(button.disabled).toBe(true);
    expect($('#change-passphrase-confirm')!.getAttribute('aria-invalid')).toBe('true');
    expect($('#change-passphrase-confirm-hint')?.textContent).toContain('do not match');
    await expectNoAxeViolations();

    await type($('#change-passphrase-confirm'), STRONG);
    expect(button.disabled).toBe(false);
    await click(button);
    await waitFor(() => expect($('[data-testid="change-passphrase-status"]')?.textContent).toContain('Passphrase changed'));
    const status = $('[data-testid="change-passphrase-status"]')!;
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(backend.callsOf('vault_change_passphrase')).toEqual([{ cmd: 'vault_change_passphrase', args: { passphrase: STRONG } }]);
    expect(backend.passphrase).toBe(STRONG);
    expect(value('#change-passphrase')).toBe('');
    expect(value('#change-passphrase-confirm')).toBe('');
    await expectNoAxeViolations();
  });

  it('shows the error and keeps the fields when the change fails', async () => {
    const { backend } = await unlockApp();
    backend.fail('vault_change_passphrase', { code: 'disk-full', message: 'no space' });
    await click($('[data-testid="nav-settings"]'));
    await type($('#change-passphrase'), STRONG);
    await type($('#change-passphrase-confirm'), STRONG);
    await click($('[data-testid="change-passphrase"]'));
    await waitFor(() => expect($('[role="alert"]')?.textContent).toContain('disk is full'));
    expect(value('#change-passphrase')).toBe(STRONG);
    expect($('[data-testid="change-passphrase-status"]')?.textContent?.trim()).toBe('');
    await expectNoAxeViolations();
  });
});

describe('after a recovery-code unlock', () => {
  async function unlockWithRecovery() {
    const app = await startApp();
    await click(buttonByText('Use the recovery code instead'));
    await type($('#unlock-recovery'), app.backend.recoveryCode);
    await fireEvent.submit($('#unlock-recovery')!.closest('form')!);
    await settle();
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    return app;
  }

  it('invites the user to set a new passphrase and takes them to the settings field', async () => {
    await unlockWithRecovery();
    const dialog = await waitFor(() => {
      const d = $('[data-testid="new-passphrase-prompt"]');
      expect(d).not.toBeNull();
      return d!;
    });
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.textContent).toContain('recovery code keeps working');
    await settle();
    expect(document.activeElement).toBe($('[data-testid="go-change-passphrase"]'));
    await expectNoAxeViolations();

    await click($('[data-testid="go-change-passphrase"]'));
    await settle();
    expect($('[data-testid="new-passphrase-prompt"]')).toBeNull();
    expect(router.current).toEqual({ name: 'settings', focus: 'passphrase' });
    await waitFor(() => expect(document.activeElement).toBe($('#change-passphrase')));
  });

  it('can be dismissed (button or Escape) and is not shown after a passphrase unlock', async () => {
    await unlockWithRecovery();
    await waitFor(() => expect($('[data-testid="new-passphrase-prompt"]')).not.toBeNull());
    await click(buttonByText('Not now'));
    expect($('[data-testid="new-passphrase-prompt"]')).toBeNull();
    expect(router.current.name).toBe('dashboard');

    // lock, unlock with the recovery code again, dismiss with Escape
    await click($('[data-testid="lock"]'));
    await click(buttonByText('Use the recovery code instead'));
    await type($('#unlock-recovery'), 'ABCD-EFGH-JKLM-NPQR-STUV-WXYZ');
    await fireEvent.submit($('#unlock-recovery')!.closest('form')!);
    await settle();
    await waitFor(() => expect($('[data-testid="new-passphrase-prompt"]')).not.toBeNull());
    await fireEvent.keyDown($('[data-testid="new-passphrase-prompt"]')!, { key: 'Escape' });
    await settle();
    expect($('[data-testid="new-passphrase-prompt"]')).toBeNull();

    // a normal unlock shows no prompt
    await click($('[data-testid="lock"]'));
    await type($('#unlock-passphrase'), 'correct horse battery staple');
    await fireEvent.submit($('#unlock-passphrase')!.closest('form')!);
    await settle();
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    expect($('[data-testid="new-passphrase-prompt"]')).toBeNull();
  });
});

describe('case view — edit details', () => {
  it('opens a form pre-filled from the case, sends the full CaseDetails and reloads', async () => {
    const { backend } = await unlockApp();
    await goCase();
    await click($('[data-testid="edit-case"]'));
    expect($('[data-testid="edit-case-dialog"]')).not.toBeNull();
    expect(value('#edit-case-title')).toBe('Hernández — asylum');
    expect(value('#edit-case-jurisdiction')).toBe('us-eoir');
    expect(value('#edit-case-proceeding')).toBe('removal (240)');
    expect(value('#edit-case-stage')).toBe('preparing');
    expect(value('#edit-case-lawyer')).toBe('Ana Ruiz');
    expect($$('#edit-case-stage option').map((o) => (o as HTMLOptionElement).value)).toEqual([...STAGES]);
    const checked = RELIEFS.filter((r) => ($(`#edit-case-relief-${r}`) as HTMLInputElement).checked);
    expect(checked).toEqual(['asylum', 'withholding', 'cat']);
    await expectNoAxeViolations();

    await fireEvent.change($('#edit-case-stage')!, { target: { value: 'hearing' } });
    await click($('#edit-case-relief-cat'));
    await click($('#edit-case-relief-tps'));
    await type($('#edit-case-title'), 'Hernández — asylum (renewed)');
    await type($('#edit-case-lawyer'), '');
    await click($('[data-testid="save-case"]'));
    await waitFor(() => expect($('[data-testid="edit-case-dialog"]')).toBeNull());

    expect(backend.callsOf('case_update')[0]!.args).toEqual({
      id: CASE_ID,
      case: {
        title: 'Hernández — asylum (renewed)',
        jurisdiction: 'us-eoir',
        proceeding: 'removal (240)',
        relief: ['asylum', 'withholding', 'tps'],
        stage: 'hearing',
        lawyer: null,
        // always sent, so that saving never loses it ("" = none recorded)
        outcome: '',
      },
    });
    expect($('[data-testid="case-title"]')?.textContent).toBe('Hernández — asylum (renewed)');
    expect(document.querySelector('.case-head')?.textContent).toContain('Hearing');
    expect(document.querySelector('.case-head')?.textContent).toContain('Not assigned');
    expect(document.body.textContent).toContain('Case details saved.');
    expect(backend.callsOf('case_get').length).toBeGreaterThanOrEqual(2);
    expect(document.activeElement).toBe($('[data-testid="edit-case"]'));
  });

  it('requires a title and shows errors from Rust inside the form', async () => {
    const { backend } = await unlockApp();
    await goCase();
    await click($('[data-testid="edit-case"]'));
    await type($('#edit-case-title'), '  ');
    await click($('[data-testid="save-case"]'));
    expect(backend.callsOf('case_update')).toHaveLength(0);
    expect($('#edit-case-title')!.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe($('#edit-case-title'));
    await expectNoAxeViolations();

    backend.fail('case_update', { code: 'invalid-input', message: 'proceeding: too long' });
    await type($('#edit-case-title'), 'X');
    await click($('[data-testid="save-case"]'));
    await waitFor(() => expect($('[data-testid="edit-case-dialog"] [role="alert"]')?.textContent).toContain('proceeding: too long'));
    await click(buttonByText('Cancel'));
    expect($('[data-testid="edit-case-dialog"]')).toBeNull();
    expect($('[data-testid="case-title"]')?.textContent).toBe('Hernández — asylum');
  });
});

describe('case view — add a person to the case', () => {
  async function openAddPerson() {
    const summary = Array.from(document.querySelectorAll('summary')).find((s) => s.textContent?.includes('Add a person'))!;
    await click(summary);
    (summary.parentElement as HTMLDetailsElement).open = true;
    await settle();
  }
  async function search(q: string) {
    await type($('#party-search'), q);
    await new Promise((r) => setTimeout(r, 200));
    await settle();
  }

  it('finds existing people only (not cases or notes) and adds the chosen one with a role', async () => {
    const hits: SearchHit[] = [
      { kind: 'person', id: PERSON_ID, case_id: null, label: 'María Hernández López' },
      { kind: 'case', id: CASE_ID, case_id: CASE_ID, label: 'Hernández — asylum' },
      { kind: 'person', id: 'p-4', case_id: null, label: 'Carmen Díaz' },
      { kind: 'note', id: 'n-1', case_id: CASE_ID, label: 'Carmen called.' },
    ];
    const { backend } = await unlockApp((b) => b.overrides.set('search', () => hits));
    await goCase();
    await openAddPerson();
    expect(($('[data-testid="add-existing-party"]') as HTMLButtonElement).disabled).toBe(true);
    await search('her');
    expect(backend.callsOf('search').at(-1)!.args).toEqual({ query: 'her' });
    const options = $$('[data-testid="party-person-option"]') as HTMLInputElement[];
    expect(options.map((o) => o.value)).toEqual([PERSON_ID, 'p-4']);
    expect(document.querySelector('label[for="party-person-p-1"]')?.textContent).toContain('already on this case as Client');
    expect($('#party-search-status')?.textContent).toContain('2 people found');
    await expectNoAxeViolations();

    await click(options[1]!);
    await fireEvent.change($('#party-existing-role')!, { target: { value: 'witness' } });
    await click($('[data-testid="add-existing-party"]'));
    await waitFor(() => expect($$('[data-testid="party"]').map((p) => p.textContent?.trim())).toContain('Carmen Díaz'));
    expect(backend.callsOf('party_add')).toEqual([{ cmd: 'party_add', args: { caseId: CASE_ID, personId: 'p-4', role: 'witness' } }]);
    expect(backend.callsOf('person_add')).toHaveLength(0);
    expect(document.body.textContent).toContain('Carmen Díaz added to this case.');
    expect(value('#party-search')).toBe('');
    expect($$('[data-testid="party-person-option"]')).toHaveLength(0);
  });

  it('says when no one matches, and still adds a new person by name', async () => {
    const { backend } = await unlockApp((b) => b.overrides.set('search', () => [{ kind: 'case', id: CASE_ID, case_id: CASE_ID, label: 'x' }]));
    await goCase();
    await openAddPerson();
    await search('zzz');
    expect($$('[data-testid="party-person-option"]')).toHaveLength(0);
    expect($('#party-search-status')?.textContent).toContain('No one found');

    await type($('#party-name'), 'Rosa Díaz');
    await fireEvent.submit($('#party-name')!.closest('form')!);
    await settle();
    await waitFor(() => expect($$('[data-testid="party"]').map((p) => p.textContent?.trim())).toContain('Rosa Díaz'));
    expect(backend.callsOf('person_add')[0]!.args!.person).toMatchObject({ name: 'Rosa Díaz' });
    const personId = backend.callsOf('party_add')[0]!.args!.personId;
    expect(backend.people[String(personId)]).toBe('Rosa Díaz');
  });
});

describe('language switch on the locked screens', () => {
  it('saves the language with the other settings kept (unlock screen)', async () => {
    const { backend } = await startApp((b) => (b.settings = { language: 'en', auto_lock_minutes: 12 }));
    await fireEvent.change($('#prelock-language')!, { target: { value: 'es' } });
    await settle();
    expect(document.documentElement.lang).toBe('es');
    expect($('h1')?.textContent).toBe('Desbloquear Amparo');
    expect(backend.callsOf('settings_set')).toEqual([{ cmd: 'settings_set', args: { settings: { language: 'es', auto_lock_minutes: 12 } } }]);
    expect(backend.settings).toEqual({ language: 'es', auto_lock_minutes: 12 });

    // still Spanish after unlocking (the saved setting is read back)
    await type($('#unlock-passphrase'), backend.passphrase);
    await fireEvent.submit($('#unlock-passphrase')!.closest('form')!);
    await settle();
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    expect($('[data-testid="lock"]')?.textContent).toContain('Bloquear');
  });

  it('saves it on the create screen too, and fails quietly', async () => {
    const { backend } = await startApp((b) => (b.vaultExists = false));
    await fireEvent.change($('#prelock-language')!, { target: { value: 'es' } });
    await settle();
    expect(backend.callsOf('settings_set')[0]!.args).toEqual({ settings: { language: 'es', auto_lock_minutes: 5 } });
    expect($('h1')?.textContent).toBe('Cree su bóveda');

    backend.fail('settings_set', { code: 'io', message: 'read-only' });
    await fireEvent.change($('#prelock-language')!, { target: { value: 'en' } });
    await settle();
    expect(document.documentElement.lang).toBe('en');
    expect($('h1')?.textContent).toBe('Create your vault');
    expect($('[role="alert"]')).toBeNull();
    expect(value('#prelock-language')).toBe('en');
    await expectNoAxeViolations();
  });
});

describe('i18n for the new features', () => {
  it('has every new string translated into Spanish (not left in English)', () => {
    const prefixes = ['passphrase.', 'recoveryPrompt.', 'caseEdit.', 'codes.', 'events.', 'reminders.', 'closures.', 'deadlineSettings.', 'event.'];
    const caseKeys = [
      'case.existingPerson',
      'case.findPerson',
      'case.peopleFound.one',
      'case.peopleFound.other',
      'case.noPeopleFound',
      'case.choosePerson',
      'case.alreadyOnCase',
      'case.addExistingSubmit',
      'case.partyAdded',
      'case.newPerson',
    ];
    const keys = [...Object.keys(en).filter((k) => prefixes.some((p) => k.startsWith(p))), ...caseKeys] as (keyof typeof en)[];
    expect(keys.length).toBeGreaterThan(25);
    const same = keys.filter((k) => !(k in es) || es[k] === en[k] || !es[k]?.trim());
    expect(same).toEqual([]);
  });
});
