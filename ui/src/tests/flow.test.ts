import { describe, it, expect, afterEach, vi } from 'vitest';
import { startApp, restoreTransport, click, settle, type, $, $$, waitFor } from './util';
import { fireEvent } from '@testing-library/svelte';
import { setLang } from '../lib/i18n/index.svelte';

afterEach(() => {
  restoreTransport();
  setLang('en');
  vi.restoreAllMocks();
});

describe('full app flow', () => {
  it('never touches localStorage, sessionStorage, indexedDB or cookies, and clears the screen on lock', async () => {
    const storageSpies = [localStorage, sessionStorage].flatMap((s) => [
      vi.spyOn(s, 'setItem'),
      vi.spyOn(s, 'getItem'),
      vi.spyOn(s, 'removeItem'),
      vi.spyOn(s, 'clear'),
      vi.spyOn(s, 'key'),
    ]);
    const idbOpen = vi.fn(() => {
      throw new Error('indexedDB used');
    });
    Object.defineProperty(window, 'indexedDB', { configurable: true, value: { open: idbOpen, deleteDatabase: idbOpen } });
    const cookieSet = vi.fn();
    Object.defineProperty(document, 'cookie', { configurable: true, get: () => '', set: cookieSet });
    const swRegister = vi.fn();
    Object.defineProperty(navigator, 'serviceWorker', { configurable: true, value: { register: swRegister } });
    const cachesOpen = vi.fn();
    Object.defineProperty(window, 'caches', { configurable: true, value: { open: cachesOpen } });

    // 1. first run: create the vault
    const { backend } = await startApp((b) => (b.vaultExists = false));
    const create = $('[data-testid="create-vault"]') as HTMLButtonElement;
    await type($('#new-passphrase'), 'correct horse battery staple');
    expect(create.disabled).toBe(true); // confirmation missing
    await type($('#confirm-passphrase'), 'correct horse battery stapler');
    expect(create.disabled).toBe(true); // mismatch
    await type($('#confirm-passphrase'), 'correct horse battery staple');
    expect(create.disabled).toBe(false);
    await click(create);
    await waitFor(() => expect($('[data-testid="recovery-code"]')?.textContent).toBe(backend.recoveryCode));
    const cont = $('[data-testid="continue"]') as HTMLButtonElement;
    expect(cont.disabled).toBe(true);
    await click($('[data-testid="wrote-it-down"]'));
    expect(cont.disabled).toBe(false);
    await click(cont);
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    expect($('[data-testid="recovery-code"]')).toBeNull();
    expect(document.querySelector('header')).not.toBeNull();
    expect(document.querySelector('nav')).not.toBeNull();
    expect(document.querySelectorAll('main')).toHaveLength(1);

    // 2. dashboard links to the case
    await waitFor(() => expect($$('[data-testid="dashboard"] .row-link').length).toBeGreaterThan(0));
    expect(document.body.textContent).toContain('Send FOIA');

    // 3. intake → new case
    await click($('[data-testid="nav-intake"]'));
    await type($('#intake-name'), 'Rosa Díaz');
    await type($('#intake-a-number'), '12345678');
    await type($('#intake-dob'), '1991-02-03');
    await fireEvent.change($('#intake-nationality')!, { target: { value: 'GT' } });
    await type($('#intake-title'), 'Díaz — asylum');
    await fireEvent.change($('#intake-jurisdiction')!, { target: { value: 'us-uscis' } });
    await type($('#intake-lawyer'), 'Ana Ruiz');
    await click($('[data-testid="intake-submit"]'));
    // the conflict check runs first: the sample client has the same A-number, so nothing is saved yet
    await waitFor(() => expect($('[data-testid="conflict-match"]')?.dataset.personId).toBe('p-1'));
    expect(backend.callsOf('intake')).toHaveLength(0);
    await click($('[data-testid="conflict-continue"]'));
    await waitFor(() => expect($('[data-testid="case-title"]')?.textContent).toBe('New case'));
    const intake = backend.callsOf('intake')[0]!.args!;
    expect(intake.person).toMatchObject({ name: 'Rosa Díaz', a_number: '012345678', dob: '1991-02-03', nationality: 'GT' });
    expect(intake.case).toMatchObject({ title: 'Díaz — asylum', jurisdiction: 'us-uscis', lawyer: 'Ana Ruiz' });

    // 4. case view: add a note, party link
    await click($('[data-testid="nav-cases"]'));
    await waitFor(() => expect($$('[data-testid="case-row"]').length).toBeGreaterThan(0));
    await click($('[data-testid="case-row"]'));
    await waitFor(() => expect($('[data-testid="case-title"]')?.textContent).toContain('Hernández'));
    expect($$('[data-testid="note"]')).toHaveLength(1);
    await type($('#note-text'), 'Client called about the hearing.');
    await click($('[data-testid="add-note"]'));
    await waitFor(() => expect($$('[data-testid="note"]')).toHaveLength(2));
    expect(backend.callsOf('note_add')[0]!.args).toEqual({ caseId: 'c-1', text: 'Client called about the hearing.' });
    expect($('[data-testid="document"] .badge-ok')?.textContent).toBe('metadata removed');

    // save a copy: confirmation first, then the command
    const save = $$('[data-testid="document"] button').find((b) => b.textContent?.includes('Save a copy'))!;
    await click(save);
    expect(backend.callsOf('doc_save_copy')).toHaveLength(0);
    await click($('[data-testid="confirm-leave"]'));
    expect(backend.callsOf('doc_save_copy')).toEqual([{ cmd: 'doc_save_copy', args: { id: 'd-img' } }]);

    // drag and drop onto the drop zone
    const zone = $('[data-testid="drop-zone"]')!;
    zone.getBoundingClientRect = () => ({ left: 10, top: 10, right: 210, bottom: 110, width: 200, height: 100, x: 10, y: 10, toJSON() {} });
    backend.drop({ type: 'drop', paths: ['/home/u/a.pdf'], position: { x: 50, y: 50 } });
    await settle();
    expect(backend.callsOf('doc_add')[0]!.args).toEqual({ caseId: 'c-1', paths: ['/home/u/a.pdf'] });

    // party → person view
    await click($('[data-testid="party"]'));
    await waitFor(() => expect($('[data-testid="person-a-number"]')?.textContent).toBe('A012-345-678'));

    // 5. search
    await click($('[data-testid="nav-search"]'));
    await type($('#global-search'), 'hern');
    await new Promise((r) => setTimeout(r, 200));
    await settle();
    await waitFor(() => expect($$('[data-testid="search-result"]').length).toBe(3));
    await fireEvent.keyDown($('#global-search')!, { key: 'ArrowDown' });
    await fireEvent.keyDown($('#global-search')!, { key: 'Enter' });
    await settle();
    expect($('[data-testid="search-dialog"]')).toBeNull();
    await waitFor(() => expect($('[data-testid="case-title"]')).not.toBeNull());

    // 6. settings: switch to Spanish
    await click($('[data-testid="nav-settings"]'));
    await fireEvent.change($('#settings-language')!, { target: { value: 'es' } });
    await type($('#settings-autolock'), '15');
    await click($('[data-testid="save-settings"]'));
    await waitFor(() => expect($('[data-testid="nav-lock"], [data-testid="lock"]')?.textContent).toContain('Bloquear'));
    expect(backend.settings).toEqual({ language: 'es', auto_lock_minutes: 15 });
    expect(document.documentElement.lang).toBe('es');

    // 7. activity pings are sent (throttled)
    await fireEvent.keyDown(window, { key: 'a' });
    await fireEvent.keyDown(window, { key: 'b' });
    expect(backend.callsOf('activity').length).toBe(1);

    // 8. lock: everything leaves the screen
    await click($('[data-testid="nav-cases"]'));
    await waitFor(() => expect($$('[data-testid="case-row"]').length).toBeGreaterThan(0));
    await click($('[data-testid="lock"]'));
    await waitFor(() => expect($('#unlock-passphrase')).not.toBeNull());
    expect(backend.callsOf('vault_lock')).toHaveLength(1);
    expect(document.body.textContent).not.toContain('Case 0');
    expect(document.body.textContent).not.toContain('Hernández');
    expect($('nav')).toBeNull();

    // 9. unlock again: back to the dashboard, not to the old screen
    await type($('#unlock-passphrase'), backend.passphrase);
    await fireEvent.submit($('#unlock-passphrase')!.closest('form')!);
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());

    // 10. an idle lock from Rust clears it too
    backend.emit('vault-locked', { reason: 'idle' });
    await settle();
    expect($('[data-testid="dashboard"]')).toBeNull();
    expect($('#unlock-passphrase')).not.toBeNull();

    for (const s of storageSpies) expect(s).not.toHaveBeenCalled();
    expect(idbOpen).not.toHaveBeenCalled();
    expect(cookieSet).not.toHaveBeenCalled();
    expect(swRegister).not.toHaveBeenCalled();
    expect(cachesOpen).not.toHaveBeenCalled();
  });

  it('shows an error alert instead of crashing when a case cannot be loaded', async () => {
    const { backend } = await startApp((b) => (b.unlocked = true));
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    backend.fail('case_get', { code: 'database-corrupt', message: 'hmac mismatch' });
    await click($('[data-testid="dashboard"] .row-link'));
    await waitFor(() => expect($('[role="alert"]')?.textContent).toContain('database is damaged'));
  });
});
