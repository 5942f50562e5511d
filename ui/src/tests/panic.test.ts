// Panic wipe and panic lock: the Settings panel, the countdown (which only a full run to zero turns
// into one `vault_wipe`), the shortcuts, and the first-run screen after the wipe.
import { describe, it, expect, afterEach, beforeEach, vi } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import { startApp, unlockApp, restoreTransport, click, settle, untranslated, $, waitFor, expectNoAxeViolations } from './util';
import { router } from '../lib/router.svelte';
import { session } from '../lib/session.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { en } from '../lib/i18n/en';
import { es } from '../lib/i18n/es';
import type { FakeBackend } from './fake';

beforeEach(() => {
  // Only the countdown's interval is faked: the helpers' setTimeout(0) keep working.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
  restoreTransport();
  setLang('en');
});

const SPANISH = (b: FakeBackend) => (b.settings = { language: 'es', auto_lock_minutes: 5 });
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function openSettings(configure?: (b: FakeBackend) => void) {
  const app = await unlockApp(configure);
  await click($('[data-testid="nav-settings"]'));
  await waitFor(() => expect($('[data-testid="panic-section"]')).not.toBeNull());
  return app;
}

/** Let `ms` of countdown pass, then let the resulting promises and updates run. */
async function elapse(ms: number) {
  vi.advanceTimersByTime(ms);
  await settle();
}

async function openCountdown(configure?: (b: FakeBackend) => void) {
  const app = await openSettings(configure);
  $('[data-testid="panic-wipe"]')!.focus(); // as a real click does
  await click($('[data-testid="panic-wipe"]'));
  expect($('[data-testid="panic-dialog"]')).not.toBeNull();
  return app;
}

const seconds = () => text($('[data-testid="panic-seconds"]'));
const shortcut = (key: string, extra: Partial<KeyboardEventInit> = {}) =>
  fireEvent.keyDown(window, { key, ctrlKey: true, shiftKey: true, ...extra }).then(() => settle());

describe('panic → translations', () => {
  it('has every panic and wiped string in both languages', () => {
    const keys = Object.keys(en).filter((k) => /^(panic|wiped)\./.test(k));
    expect(keys.length).toBeGreaterThan(12);
    expect(untranslated(keys)).toEqual([]);
  });
});

describe('panic → Settings panel', () => {
  it('says what the wipe does, warns about borders, links to travel mode and names both shortcuts', async () => {
    const { backend } = await openSettings();
    const section = $('[data-testid="panic-section"]')!;
    expect(text(section.querySelector('h2'))).toBe('Emergency wipe');
    const body = text(section);
    expect(body).toContain('destroy the vault on this computer at once, without asking for the passphrase');
    expect(body).toContain('The keys are destroyed first');
    expect(body).toContain('There is no undo. Only a backup kept somewhere else brings the cases back.');
    expect(body).toContain('can itself be a crime. Before crossing a border, use travel mode instead.');
    expect(body).toContain('Ctrl+Shift+Delete');
    expect(body).toContain('Ctrl+Shift+L');
    expect(text($('[data-testid="panic-wipe"]'))).toBe('Wipe this vault now…');
    expect($('[data-testid="panic-wipe"]')!.className).toContain('danger');
    expect($('[data-testid="lock"]')!.getAttribute('title')).toContain('Ctrl+Shift+L');

    await click($('[data-testid="panic-travel"]'));
    expect(router.current).toEqual({ name: 'backup' });
    expect(backend.callsOf('vault_wipe')).toHaveLength(0);
    await expectNoAxeViolations();
  });
});

describe('panic → the countdown', () => {
  it('the button only opens the countdown, with Cancel focused; nothing is wiped yet', async () => {
    const { backend } = await openCountdown();
    expect(seconds()).toBe('5');
    expect(text($('[data-testid="panic-dialog"] h2'))).toBe('Wipe the vault from this computer');
    expect(text($('[data-testid="panic-dialog"]'))).toContain('5 seconds left');
    expect(document.activeElement).toBe($('[data-testid="panic-cancel"]'));
    expect(text($('[data-testid="panic-cancel"]'))).toBe('Cancel');
    expect(backend.callsOf('vault_wipe')).toHaveLength(0);

    await elapse(1000);
    expect(seconds()).toBe('4');
    await elapse(2000);
    expect(seconds()).toBe('2');
    expect(backend.callsOf('vault_wipe')).toHaveLength(0);
    await elapse(1000);
    expect(text($('[data-testid="panic-dialog"]'))).toContain('1 second left');
    expect(backend.callsOf('vault_wipe')).toHaveLength(0);
    await expectNoAxeViolations();
  });

  it('Cancel stops it: vault_wipe is never called and focus returns to the button', async () => {
    const { backend } = await openCountdown();
    await elapse(4000);
    await click($('[data-testid="panic-cancel"]'));
    expect($('[data-testid="panic-dialog"]')).toBeNull();
    expect(document.activeElement).toBe($('[data-testid="panic-wipe"]'));
    await elapse(30_000);
    expect(backend.callsOf('vault_wipe')).toHaveLength(0);
    expect(backend.vaultExists).toBe(true);
    expect(session.phase).toBe('unlocked');
  });

  it('Escape stops it too', async () => {
    const { backend } = await openCountdown();
    await elapse(2000);
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await settle();
    expect($('[data-testid="panic-dialog"]')).toBeNull();
    await elapse(30_000);
    expect(backend.callsOf('vault_wipe')).toHaveLength(0);
    expect(session.phase).toBe('unlocked');
  });

  it('at zero wipes exactly once and lands on the first-run screen with the notice', async () => {
    const { backend } = await openCountdown();
    await elapse(4999);
    expect(backend.callsOf('vault_wipe')).toHaveLength(0);
    await elapse(1);
    expect(backend.callsOf('vault_wipe')).toEqual([{ cmd: 'vault_wipe', args: undefined }]);

    await waitFor(() => expect($('[data-testid="wiped-done"]')).not.toBeNull());
    expect(session.phase).toBe('create');
    expect($('[data-testid="panic-dialog"]')).toBeNull();
    expect($('nav')).toBeNull();
    expect(text($('[data-testid="wiped-done"]'))).toBe(
      'The vault was wiped from this computer ' +
        'Its keys were destroyed 2 ms after the wipe began, so what was left could no longer be read, not even with the passphrase; then its files were deleted. ' +
        'Only a backup kept elsewhere brings the cases back: choose “Restore from a backup or travel file” below.',
    );
    expect($('[data-testid="restore-open"]')).not.toBeNull();
    expect(backend.vaultExists).toBe(false);
    await elapse(30_000);
    expect(backend.callsOf('vault_wipe')).toHaveLength(1);
    await expectNoAxeViolations();
  });

  it('says when some files could not be deleted', async () => {
    await openCountdown((b) =>
      b.overrides.set('vault_wipe', () => {
        b.vaultExists = false;
        b.unlocked = false;
        return { keys_destroyed_ms: 1234, removed: false };
      }),
    );
    await elapse(5000);
    await waitFor(() => expect($('[data-testid="wiped-done"]')).not.toBeNull());
    const notice = text($('[data-testid="wiped-done"]'));
    expect(notice).toContain('Its keys were destroyed 1,234 ms after the wipe began');
    expect(notice).toContain('Some of its files could not be deleted. Without the keys they cannot be read.');
  });

  it('shows a failed wipe in the dialog and stops there', async () => {
    const { backend } = await openCountdown((b) => b.fail('vault_wipe', { code: 'io', message: 'permission denied' }));
    await elapse(5000);
    await waitFor(() => expect($('[data-testid="panic-error"]')).not.toBeNull());
    expect(text($('[data-testid="panic-error"]'))).toContain(en['error.io']);
    expect(text($('[data-testid="panic-error"]'))).toContain(en['panic.failed']);
    expect($('[data-testid="panic-seconds"]')).toBeNull();
    expect(session.phase).toBe('unlocked');
    await elapse(30_000);
    expect(backend.callsOf('vault_wipe')).toHaveLength(1);
    expect(text($('[data-testid="panic-cancel"]'))).toBe('Close');
    expect(document.activeElement).toBe($('[data-testid="panic-cancel"]'));
    await expectNoAxeViolations();
    await click($('[data-testid="panic-cancel"]'));
    expect($('[data-testid="panic-dialog"]')).toBeNull();
    expect(session.phase).toBe('unlocked'); // Rust says the vault is still open
    expect(backend.callsOf('vault_wipe')).toHaveLength(1);
  });

  it('after a failure, "Try again now" calls vault_wipe once more, at once', async () => {
    const { backend } = await openCountdown((b) => b.fail('vault_wipe', { code: 'io', message: 'busy' }));
    await elapse(5000);
    await waitFor(() => expect($('[data-testid="panic-retry"]')).not.toBeNull());
    backend.overrides.delete('vault_wipe');
    await click($('[data-testid="panic-retry"]'));
    expect(backend.callsOf('vault_wipe')).toHaveLength(2);
    await waitFor(() => expect($('[data-testid="wiped-done"]')).not.toBeNull());
    expect(session.phase).toBe('create');
  });

  it('closing after a failure goes where Rust says when the vault was closed meanwhile', async () => {
    await openCountdown((b) =>
      b.overrides.set('vault_wipe', () => {
        b.unlocked = false; // as the shell: the vault is closed before the wipe starts
        return Promise.reject({ code: 'io', message: 'denied' });
      }),
    );
    await elapse(5000);
    await waitFor(() => expect($('[data-testid="panic-error"]')).not.toBeNull());
    await click($('[data-testid="panic-cancel"]'));
    await waitFor(() => expect(session.phase).toBe('unlock'));
    expect($('#unlock-passphrase')).not.toBeNull();
    expect($('[data-testid="panic-dialog"]')).toBeNull();
  });

  it('cannot be cancelled once the wipe has started', async () => {
    let finish: (v: unknown) => void = () => {};
    const { backend } = await openCountdown((b) =>
      b.overrides.set('vault_wipe', () => {
        b.vaultExists = false;
        b.unlocked = false;
        return new Promise((r) => (finish = r));
      }),
    );
    await elapse(5000);
    expect($('[data-testid="panic-wiping"]')).not.toBeNull();
    expect(($('[data-testid="panic-cancel"]') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.keyDown($('[data-testid="panic-dialog"]')!, { key: 'Escape' });
    await settle();
    expect($('[data-testid="panic-dialog"]')).not.toBeNull();
    finish({ keys_destroyed_ms: 3, removed: true });
    await waitFor(() => expect($('[data-testid="wiped-done"]')).not.toBeNull());
    expect(backend.callsOf('vault_wipe')).toHaveLength(1);
  });
});

describe('panic → shortcuts', () => {
  it('Ctrl+Shift+Delete opens the countdown from any screen, and only that', async () => {
    const { backend } = await unlockApp();
    await fireEvent.keyDown(window, { key: 'Delete', ctrlKey: true });
    await settle();
    expect($('[data-testid="panic-dialog"]')).toBeNull();
    await shortcut('Delete');
    expect($('[data-testid="panic-dialog"]')).not.toBeNull();
    expect(seconds()).toBe('5');
    expect(backend.callsOf('vault_wipe')).toHaveLength(0);
    await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    await settle();
    expect($('[data-testid="search-dialog"]')).toBeNull(); // never on top of the countdown
    await click($('[data-testid="panic-cancel"]'));
    await elapse(10_000);
    expect(backend.callsOf('vault_wipe')).toHaveLength(0);
  });

  it('Ctrl+Shift+Delete closes search and shows the countdown instead', async () => {
    await unlockApp();
    await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    await settle();
    expect($('[data-testid="search-dialog"]')).not.toBeNull();
    await shortcut('Delete');
    expect($('[data-testid="search-dialog"]')).toBeNull();
    expect($('[data-testid="panic-dialog"]')).not.toBeNull();
  });

  it('does nothing while locked', async () => {
    const { backend } = await startApp();
    expect(session.phase).toBe('unlock');
    await shortcut('Delete');
    await shortcut('L');
    expect($('[data-testid="panic-dialog"]')).toBeNull();
    expect(backend.callsOf('vault_lock')).toHaveLength(0);
  });

  it('Ctrl+Shift+L locks at once, without a dialog', async () => {
    const { backend } = await unlockApp();
    await shortcut('L');
    expect(backend.callsOf('vault_lock')).toHaveLength(1);
    expect(session.phase).toBe('unlock');
    expect($('#unlock-passphrase')).not.toBeNull();
    expect($('[data-testid="dashboard"]')).toBeNull();
    expect($('[role="dialog"]')).toBeNull();
  });

  it('Ctrl+Shift+L during the countdown locks and drops the countdown: nothing is wiped', async () => {
    const { backend } = await openCountdown();
    await elapse(3000);
    await shortcut('l');
    expect(backend.callsOf('vault_lock')).toHaveLength(1);
    expect(session.phase).toBe('unlock');
    expect($('[data-testid="panic-dialog"]')).toBeNull();
    await elapse(30_000);
    expect(backend.callsOf('vault_wipe')).toHaveLength(0);
    expect(backend.vaultExists).toBe(true);
  });
});

describe('panic → Spanish', () => {
  it('shows the panel, the countdown and the notice in Spanish', async () => {
    await openSettings(SPANISH);
    const section = $('[data-testid="panic-section"]')!;
    expect(text(section.querySelector('h2'))).toBe('Borrado de emergencia');
    expect(text(section)).toContain(es['panic.crime']);
    expect(text(section)).toContain('Ctrl+Mayús+Supr');
    expect(text($('[data-testid="panic-travel"]'))).toBe('Ir al modo viaje');
    expect(text($('[data-testid="panic-wipe"]'))).toBe('Borrar esta bóveda ahora…');
    await expectNoAxeViolations();

    await click($('[data-testid="panic-wipe"]'));
    expect(text($('[data-testid="panic-dialog"] h2'))).toBe('Borrar la bóveda de esta computadora');
    expect(text($('[data-testid="panic-dialog"]'))).toContain('5 segundos restantes');
    expect(text($('[data-testid="panic-cancel"]'))).toBe('Cancelar');
    await expectNoAxeViolations();

    await elapse(5000);
    await waitFor(() => expect($('[data-testid="wiped-done"]')).not.toBeNull());
    expect(text($('[data-testid="wiped-done"]'))).toContain('La bóveda se borró de esta computadora');
    expect(text($('[data-testid="wiped-done"]'))).toContain('Sus claves se destruyeron 2 ms después de iniciar el borrado');
    await expectNoAxeViolations();
  });
});
