// Settings → Security (erase after wrong passphrases, the duress passphrase) and what the unlock
// screen does with the failed-unlock policy: the tries left, and the first-run screen once the
// policy has erased the vault.
import { describe, it, expect, afterEach } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import { startApp, unlockApp, restoreTransport, click, settle, type, untranslated, $, $$, waitFor, expectNoAxeViolations } from './util';
import * as ipc from '../lib/ipc';
import { router } from '../lib/router.svelte';
import { session } from '../lib/session.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { en } from '../lib/i18n/en';
import { es } from '../lib/i18n/es';
import type { FakeBackend } from './fake';
import type { SecuritySettings } from '../lib/bindings/SecuritySettings';

afterEach(() => {
  clearMocks();
  restoreTransport();
  setLang('en');
});

const SPANISH = (b: FakeBackend) => (b.settings = { language: 'es', auto_lock_minutes: 5 });
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const input = (id: string) => $(`[data-testid="${id}"]`) as HTMLInputElement;
const button = (id: string) => $(`[data-testid="${id}"]`) as HTMLButtonElement;
const DURESS = 'blue kettle on a quiet shelf';

async function openSecurity(configure?: (b: FakeBackend) => void) {
  const app = await unlockApp(configure);
  await click($('[data-testid="nav-settings"]'));
  await waitFor(() => expect($('[data-testid="failed-unlock-toggle"]')).not.toBeNull());
  return app;
}

async function submitUnlock(pass: string) {
  await type($('#unlock-passphrase'), pass);
  await fireEvent.submit($('#unlock-passphrase')!.closest('form')!);
  await settle();
}

async function typeDuress(pass: string, again: string) {
  await type(input('duress-pass'), pass);
  await type(input('duress-pass-again'), again);
}

/** A promise the test settles by hand, to see the busy state of a slow call. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('security → translations and error codes', () => {
  it('has every new key in both languages, translated', () => {
    const keys = Object.keys(en).filter(
      (k) => k.startsWith('security.') || k.startsWith('wiped.failedUnlocks') || /^error\.(wrong-secret-tries-left|wiped-after-failed-unlocks)/.test(k),
    );
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((k) => !(k in es))).toEqual([]);
    expect(untranslated(keys)).toEqual([]);
    for (const k of ['error.wrong-secret-tries-left.one', 'error.wrong-secret-tries-left.other', 'security.policyOn.one', 'security.policyOn.other'])
      expect(en[k as keyof typeof en]).toContain('{count}');
  });

  it('knows both new error codes and keeps tries_left from the shell', () => {
    expect(ipc.isKnownErrorCode('wrong-secret-tries-left')).toBe(true);
    expect(ipc.isKnownErrorCode('wiped-after-failed-unlocks')).toBe(true);
    expect(ipc.toIpcError({ code: 'wrong-secret-tries-left', message: 'm', tries_left: 3 })).toEqual({
      code: 'wrong-secret-tries-left',
      message: 'm',
      tries_left: 3,
    });
    expect(ipc.toIpcError({ code: 'wrong-secret', message: 'm', tries_left: 'x' })).toStrictEqual({ code: 'wrong-secret', message: 'm' });
  });

  it('sends the exact command names and arguments through the real Tauri invoke', async () => {
    const seen: [string, unknown][] = [];
    const answer: SecuritySettings = { failed_unlock: { wipe_after: 5, show_tries_left: true }, duress: 'decoy' };
    mockIPC((cmd, payload) => {
      seen.push([cmd, payload]);
      if (cmd === 'vault_unlock') throw { code: 'wrong-secret-tries-left', message: 'wrong passphrase', tries_left: 2 };
      return answer;
    });
    expect(await ipc.securityGet()).toEqual(answer);
    await ipc.failedUnlockSet({ wipe_after: 5, show_tries_left: true });
    await ipc.duressSet('pw', 'wipe');
    await ipc.duressClear();
    await expect(ipc.vaultUnlock('x')).rejects.toEqual({ code: 'wrong-secret-tries-left', message: 'wrong passphrase', tries_left: 2 });
    const byCmd = Object.fromEntries(seen.map(([c, p]) => [c, p]));
    expect(byCmd['security_get']).toEqual({});
    expect(byCmd['failed_unlock_set']).toEqual({ policy: { wipe_after: 5, show_tries_left: true } });
    expect(byCmd['duress_set']).toEqual({ passphrase: 'pw', action: 'wipe' });
    expect(byCmd['duress_clear']).toEqual({});
  });
});

describe('security → Settings section', () => {
  it('loads security_get and shows the defaults: off, no duress passphrase', async () => {
    const { backend } = await openSecurity();
    const section = $('[data-testid="security-section"]')!;
    expect(text(section.querySelector('h2'))).toBe('Security');
    expect(backend.callsOf('security_get')).toHaveLength(1);
    // between the passphrase section and the emergency wipe, which is unchanged
    const order = $$('section.panel').map((s) => s.getAttribute('data-testid') ?? s.getAttribute('aria-labelledby'));
    expect(order.indexOf('security-section')).toBeGreaterThan(order.indexOf('sec-passphrase'));
    expect(order.indexOf('security-section')).toBeLessThan(order.indexOf('panic-section'));

    expect(input('failed-unlock-toggle').checked).toBe(false);
    expect(input('failed-unlock-number').disabled).toBe(true);
    expect(input('failed-unlock-number').value).toBe('10');
    expect(input('failed-unlock-show').checked).toBe(false);
    expect(input('failed-unlock-show').disabled).toBe(true);
    expect(text($('[data-testid="failed-unlock-status"]'))).toBe('Now off: wrong passphrases never erase this vault.');
    const body = text(section);
    expect(body).toContain('guessing the passphrase at this computer');
    expect(body).toContain('copy of the vault taken earlier');
    expect(body).toContain('recovery code does not count as a try');
    expect(body).toContain('cannot be changed until you set a new passphrase');

    expect(text($('[data-testid="duress-status"]'))).toBe('No duress passphrase.');
    expect(input('duress-action-decoy').checked).toBe(true);
    expect(input('duress-action-wipe').checked).toBe(false);
    expect(text(button('duress-set'))).toBe('Set duress passphrase');
    expect($('[data-testid="duress-clear"]')).toBeNull();
    expect(input('duress-pass').type).toBe('password');
    expect(input('duress-pass-again').type).toBe('password');
    // every control has its label
    for (const id of ['failed-unlock-toggle', 'failed-unlock-number', 'failed-unlock-show', 'duress-pass', 'duress-pass-again', 'duress-action-decoy', 'duress-action-wipe'])
      expect(document.querySelector(`label[for="${input(id).id}"]`)).not.toBeNull();
    await expectNoAxeViolations();
  });

  it('shows a saved policy and duress passphrase as they are', async () => {
    await openSecurity((b) => {
      b.failedUnlock = { wipe_after: 5, show_tries_left: true };
      b.duress = { passphrase: DURESS, action: 'wipe' };
    });
    expect(input('failed-unlock-toggle').checked).toBe(true);
    expect(input('failed-unlock-number').value).toBe('5');
    expect(input('failed-unlock-number').disabled).toBe(false);
    expect(input('failed-unlock-show').checked).toBe(true);
    expect(text($('[data-testid="failed-unlock-status"]'))).toBe(
      'Now on: 5 wrong passphrases in a row erase this vault. The unlock screen says how many tries are left.',
    );
    expect(text($('[data-testid="duress-status"]'))).toBe('Set: erases the vault.');
    expect(input('duress-action-wipe').checked).toBe(true);
    expect(text(button('duress-set'))).toBe('Replace duress passphrase');
    expect($('[data-testid="duress-clear"]')).not.toBeNull();
  });

  it('says so when the settings cannot be read', async () => {
    await unlockApp((b) => b.fail('security_get', { code: 'database', message: 'x' }));
    await click($('[data-testid="nav-settings"]'));
    await waitFor(() => expect(text($('[data-testid="security-section"] [role="alert"]'))).toContain('The database reported an error.'));
    expect($('[data-testid="failed-unlock-toggle"]')).toBeNull();
  });

  it('turning the policy on offers 10 and saves it with failed_unlock_set, then says what is now in force', async () => {
    const { backend } = await openSecurity();
    await click(input('failed-unlock-toggle'));
    expect(input('failed-unlock-number').disabled).toBe(false);
    expect(input('failed-unlock-number').value).toBe('10');
    expect(backend.callsOf('failed_unlock_set')).toHaveLength(0); // nothing until Save
    await click(button('failed-unlock-save'));
    expect(backend.callsOf('failed_unlock_set')).toEqual([{ cmd: 'failed_unlock_set', args: { policy: { wipe_after: 10, show_tries_left: false } } }]);
    expect(backend.failedUnlock).toEqual({ wipe_after: 10, show_tries_left: false });
    const status = $('[data-testid="failed-unlock-status"]')!;
    expect(status.getAttribute('role')).toBe('status');
    expect(text(status)).toBe('Saved. Now on: 10 wrong passphrases in a row erase this vault. The unlock screen does not say how many tries are left.');

    await type(input('failed-unlock-number'), '3');
    await click(input('failed-unlock-show'));
    await click(button('failed-unlock-save'));
    expect(backend.callsOf('failed_unlock_set')[1]!.args).toEqual({ policy: { wipe_after: 3, show_tries_left: true } });
    expect(text(status)).toBe('Saved. Now on: 3 wrong passphrases in a row erase this vault. The unlock screen says how many tries are left.');

    await type(input('failed-unlock-number'), '1');
    await click(button('failed-unlock-save'));
    expect(text(status)).toBe('Saved. Now on: 1 wrong passphrase erases this vault. The unlock screen says how many tries are left.');

    // off again: no number is sent
    await click(input('failed-unlock-toggle'));
    await click(button('failed-unlock-save'));
    expect(backend.callsOf('failed_unlock_set')[3]!.args).toEqual({ policy: { wipe_after: null, show_tries_left: false } });
    expect(text(status)).toBe('Saved. Now off: wrong passphrases never erase this vault.');
    expect(input('failed-unlock-show').checked).toBe(false);
    await expectNoAxeViolations();
  });

  it('refuses a number outside 1–100, or not whole, with a translated message and without calling', async () => {
    const { backend } = await openSecurity();
    await click(input('failed-unlock-toggle'));
    const hint = $('[data-testid="failed-unlock-number-hint"]')!;
    for (const bad of ['0', '101', '2.5', '-3', '']) {
      await type(input('failed-unlock-number'), bad);
      expect(input('failed-unlock-number').getAttribute('aria-invalid')).toBe('true');
      expect(text(hint)).toBe('Enter a whole number from 1 to 100.');
      expect(hint.className).toContain('error-text');
      await click(button('failed-unlock-save'));
      expect(document.activeElement).toBe(input('failed-unlock-number'));
    }
    expect(backend.callsOf('failed_unlock_set')).toHaveLength(0);
    expect(backend.failedUnlock.wipe_after).toBeNull();
    expect(text($('[data-testid="failed-unlock-status"]'))).toBe('Now off: wrong passphrases never erase this vault.');
    await expectNoAxeViolations();

    await type(input('failed-unlock-number'), '100');
    expect(input('failed-unlock-number').getAttribute('aria-invalid')).toBe('false');
    expect(text(hint)).toBe('A whole number from 1 to 100.');
    await click(button('failed-unlock-save'));
    expect(backend.callsOf('failed_unlock_set')).toHaveLength(1);
    expect(backend.failedUnlock.wipe_after).toBe(100);
  });

  it('in Spanish too', async () => {
    const { backend } = await openSecurity(SPANISH);
    expect(text($('[data-testid="security-section"] h2'))).toBe('Seguridad');
    await click(input('failed-unlock-toggle'));
    await type(input('failed-unlock-number'), '0');
    expect(text($('[data-testid="failed-unlock-number-hint"]'))).toBe('Escriba un número entero del 1 al 100.');
    await type(input('failed-unlock-number'), '4');
    await click(button('failed-unlock-save'));
    expect(backend.failedUnlock.wipe_after).toBe(4);
    expect(text($('[data-testid="failed-unlock-status"]'))).toBe(
      'Guardado. Ahora activado: 4 frases de contraseña incorrectas seguidas borran esta bóveda. La pantalla de desbloqueo no indica cuántos intentos quedan.',
    );
    expect(text($('[data-testid="duress-status"]'))).toBe('No hay frase de contraseña de coacción.');
    await expectNoAxeViolations();
  });

  it('after a recovery-code unlock the change is refused (invalid-input shown) until a new passphrase is set', async () => {
    const { backend } = await startApp();
    await click(Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.includes('recovery code'))!);
    await type($('#unlock-recovery'), backend.recoveryCode);
    await fireEvent.submit($('#unlock-recovery')!.closest('form')!);
    await settle();
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    router.go({ name: 'settings' });
    await settle();
    await waitFor(() => expect($('[data-testid="failed-unlock-toggle"]')).not.toBeNull());

    await click(input('failed-unlock-toggle'));
    await click(button('failed-unlock-save'));
    const err = $('[data-testid="failed-unlock-error"]')!;
    expect(err.getAttribute('data-code')).toBe('invalid-input');
    expect(text(err)).toContain('Some of the information is not valid.');
    expect(text(err)).toContain('Technical detail: invalid passphrase: unlock with the passphrase, not the recovery code, to change this');
    expect(text(err)).toContain('Set a new passphrase above first, then save this setting again.');
    expect(text($('[data-testid="failed-unlock-status"]'))).toBe('Now off: wrong passphrases never erase this vault.');
    expect(backend.failedUnlock.wipe_after).toBeNull();

    const STRONG = 'ocean pencil marble thunder quiet';
    await type($('#change-passphrase'), STRONG);
    await type($('#change-passphrase-confirm'), STRONG);
    await click($('[data-testid="change-passphrase"]'));
    await waitFor(() => expect(text($('[data-testid="change-passphrase-status"]'))).toContain('Passphrase changed'));
    await click(button('failed-unlock-save'));
    expect($('[data-testid="failed-unlock-error"]')).toBeNull();
    expect(backend.failedUnlock).toEqual({ wipe_after: 10, show_tries_left: false });
  });
});

describe('security → duress passphrase', () => {
  it('warns first, in a note: normal-looking unlock, what each action does, the legal risk, travel mode, the folder size', async () => {
    const { backend } = await openSecurity();
    const warning = $('[data-testid="duress-warning"]')!;
    expect(warning.getAttribute('role')).toBe('note');
    expect(warning.className).toContain('warning-box');
    const intro = text($('[data-testid="security-section"]'));
    expect(intro).toContain('Typed at the unlock screen, it looks like a normal unlock.');
    const w = text(warning);
    expect(w).toContain('leaves the real one untouched: your real passphrase opens it again later');
    expect(w).toContain('destroys the real vault first');
    expect(w).toContain('mislead police, border officers or a court can itself be a crime');
    expect(w).toContain('obstruction of justice or destroying evidence');
    expect(w).toContain('travel mode');
    expect(w).toContain('how big the vault folder is');
    // the warning comes before the fields
    expect(warning.compareDocumentPosition(input('duress-pass')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await click($('[data-testid="duress-travel"]'));
    expect(router.current).toEqual({ name: 'backup' });
    expect(backend.callsOf('duress_set')).toHaveLength(0);
  });

  it('refuses an empty or mismatched repeat without calling, and clears the fields', async () => {
    const { backend } = await openSecurity();
    await click(button('duress-set'));
    expect(text($('[data-testid="duress-problem"]'))).toBe('Enter the duress passphrase in both fields.');

    await typeDuress(DURESS, DURESS + 'x');
    expect(input('duress-pass-again').getAttribute('aria-invalid')).toBe('true');
    expect(text($('[data-testid="duress-problem"]'))).toBe('The two duress passphrases do not match. Type them again.');
    await click(button('duress-set'));
    expect(text($('[data-testid="duress-problem"]'))).toBe('The two duress passphrases do not match. Type them again.');
    expect(input('duress-pass').value).toBe('');
    expect(input('duress-pass-again').value).toBe('');
    expect(document.activeElement).toBe(input('duress-pass'));
    expect(backend.callsOf('duress_set')).toHaveLength(0);
    expect(text($('[data-testid="duress-status"]'))).toBe('No duress passphrase.');
    await expectNoAxeViolations();

    // typing again clears the message
    await type(input('duress-pass'), 'a');
    expect(text($('[data-testid="duress-problem"]'))).toBe('');
  });

  it('sets it with duress_set (passphrase and action), busy while the key is derived, then clears the fields', async () => {
    const { backend } = await openSecurity();
    const slow = deferred<void>();
    const real = backend.transport.invoke;
    backend.transport.invoke = async (cmd, args) => {
      if (cmd === 'duress_set') await slow.promise;
      return real(cmd, args);
    };
    await typeDuress(DURESS, DURESS);
    await click(input('duress-action-wipe'));
    await click(button('duress-set'));
    // busy: the button is disabled and the progress is said; the fields are already empty
    expect(button('duress-set').disabled).toBe(true);
    expect(text($('[data-testid="duress-progress"]'))).toBe('Setting the duress passphrase; deriving the key…');
    expect(input('duress-pass').value).toBe('');
    expect(input('duress-pass-again').value).toBe('');
    await click(button('duress-set')); // a second press does nothing
    slow.resolve();
    await settle();

    expect(backend.callsOf('duress_set')).toEqual([{ cmd: 'duress_set', args: { passphrase: DURESS, action: 'wipe' } }]);
    expect(backend.duress).toEqual({ passphrase: DURESS, action: 'wipe' });
    expect(button('duress-set').disabled).toBe(false);
    expect(text($('[data-testid="duress-progress"]'))).toBe('Duress passphrase set.');
    expect(text($('[data-testid="duress-status"]'))).toBe('Set: erases the vault.');
    expect(text(button('duress-set'))).toBe('Replace duress passphrase');
    expect($('[data-testid="duress-clear"]')).not.toBeNull();

    // replace it: the decoy action is the other choice
    await typeDuress('another duress phrase', 'another duress phrase');
    await click(input('duress-action-decoy'));
    await click(button('duress-set'));
    expect(backend.callsOf('duress_set')[1]!.args).toEqual({ passphrase: 'another duress phrase', action: 'decoy' });
    expect(text($('[data-testid="duress-status"]'))).toBe('Set: shows an empty vault.');
    await expectNoAxeViolations();
  });

  it('never keeps the duress passphrase outside its two fields', async () => {
    const { backend } = await openSecurity();
    const stored = { ...localStorage };
    await typeDuress(DURESS, DURESS);
    await click(button('duress-set'));
    expect(backend.duress?.passphrase).toBe(DURESS);
    expect(document.body.innerHTML).not.toContain(DURESS);
    expect(JSON.stringify(session.settings)).not.toContain(DURESS);
    expect(JSON.stringify(router.current)).not.toContain(DURESS);
    expect({ ...localStorage }).toEqual(stored);
    expect(JSON.stringify({ ...sessionStorage })).not.toContain(DURESS);
  });

  it('shows the invalid-input error when it is the real passphrase, and clears the fields', async () => {
    const { backend } = await openSecurity();
    await typeDuress(backend.passphrase, backend.passphrase);
    await click(button('duress-set'));
    const err = $('[data-testid="duress-error"]')!;
    expect(err.getAttribute('role')).toBe('alert');
    expect(err.getAttribute('data-code')).toBe('invalid-input');
    expect(text(err)).toContain('Some of the information is not valid.');
    expect(text(err)).toContain('Technical detail: invalid duress passphrase: must differ from the passphrase');
    expect(text(err)).toContain('different from your real passphrase');
    expect(input('duress-pass').value).toBe('');
    expect(input('duress-pass-again').value).toBe('');
    expect(backend.duress).toBeNull();
    expect(text($('[data-testid="duress-status"]'))).toBe('No duress passphrase.');
    await expectNoAxeViolations();
  });

  it('removes it with duress_clear after a confirmation; Cancel changes nothing', async () => {
    const { backend } = await openSecurity((b) => (b.duress = { passphrase: DURESS, action: 'decoy' }));
    expect(text($('[data-testid="duress-status"]'))).toBe('Set: shows an empty vault.');
    await click(button('duress-clear'));
    const dialog = $('[data-testid="confirm-dialog"]')!;
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(text(dialog)).toContain('Remove the duress passphrase?');
    expect(text(dialog)).toContain('just a wrong passphrase');
    await settle();
    expect(document.activeElement).toBe($('[data-testid="confirm-cancel"]'));
    await expectNoAxeViolations();
    await click($('[data-testid="confirm-cancel"]'));
    expect($('[data-testid="confirm-dialog"]')).toBeNull();
    expect(backend.callsOf('duress_clear')).toHaveLength(0);
    expect(backend.duress).not.toBeNull();

    await click(button('duress-clear'));
    await click($('[data-testid="confirm-ok"]'));
    expect(backend.callsOf('duress_clear')).toEqual([{ cmd: 'duress_clear', args: undefined }]);
    expect(backend.duress).toBeNull();
    expect($('[data-testid="confirm-dialog"]')).toBeNull();
    expect(text($('[data-testid="duress-status"]'))).toBe('No duress passphrase.');
    expect(text($('[data-testid="duress-progress"]'))).toBe('Duress passphrase removed.');
    expect($('[data-testid="duress-clear"]')).toBeNull();
    expect(document.activeElement).toBe(button('duress-set'));
  });

  it('keeps the confirmation open with the error when the removal fails', async () => {
    const { backend } = await openSecurity((b) => (b.duress = { passphrase: DURESS, action: 'decoy' }));
    backend.fail('duress_clear', { code: 'disk-full', message: 'no space' });
    await click(button('duress-clear'));
    await click($('[data-testid="confirm-ok"]'));
    expect(text($('[data-testid="confirm-dialog"] [role="alert"]'))).toContain('The disk is full');
    expect(text($('[data-testid="duress-status"]'))).toBe('Set: shows an empty vault.');
  });

  it('unlocking with the duress passphrase looks like a normal unlock and shows an empty vault; the real one is untouched', async () => {
    const { backend } = await startApp((b) => (b.duress = { passphrase: DURESS, action: 'decoy' }));
    await submitUnlock(DURESS);
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    expect($('[data-testid="unlock-error"]')).toBeNull();
    expect($$('[data-testid="due-item"]')).toHaveLength(0);
    expect(backend.vaultExists).toBe(true);

    await click($('[data-testid="lock"]'));
    await submitUnlock(backend.passphrase);
    await waitFor(() => expect($$('[data-testid="due-item"]').length).toBeGreaterThan(0));
  });

  it('with the erase action, the real vault is gone once the empty one is locked', async () => {
    const { backend } = await startApp((b) => (b.duress = { passphrase: DURESS, action: 'wipe' }));
    await submitUnlock(DURESS);
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    expect($$('[data-testid="due-item"]')).toHaveLength(0);
    expect(backend.vaultExists).toBe(false);
  });
});

describe('security → the unlock screen', () => {
  const POLICY = (n: number, show: boolean) => (b: FakeBackend) => (b.failedUnlock = { wipe_after: n, show_tries_left: show });

  it('says how many wrong tries are left (plural, then singular), and the right passphrase starts the count again', async () => {
    const { backend } = await startApp(POLICY(3, true));
    await submitUnlock('not it');
    const err = $('[data-testid="unlock-error"]')!;
    expect(err.getAttribute('data-code')).toBe('wrong-secret-tries-left');
    expect(text(err)).toBe('That passphrase is not right. 2 more wrong tries and this vault will be erased.');
    expect($('#unlock-passphrase')!.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe($('#unlock-passphrase'));
    await expectNoAxeViolations();
    await submitUnlock('still not');
    expect(text($('[data-testid="unlock-error"]'))).toBe('That passphrase is not right. 1 more wrong try and this vault will be erased.');
    expect(backend.wrongTries).toBe(2);

    await submitUnlock(backend.passphrase);
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    expect(backend.wrongTries).toBe(0);
    await click($('[data-testid="lock"]'));
    await submitUnlock('wrong again');
    expect(text($('[data-testid="unlock-error"]'))).toContain('2 more wrong tries');
  });

  it('in Spanish, with singular and plural', async () => {
    await startApp((b) => {
      SPANISH(b);
      POLICY(3, true)(b);
    });
    await submitUnlock('mal');
    expect(text($('[data-testid="unlock-error"]'))).toBe('La frase de contraseña no es correcta. Si se equivoca 2 veces más, esta bóveda se borrará.');
    await submitUnlock('mal otra vez');
    expect(text($('[data-testid="unlock-error"]'))).toBe('La frase de contraseña no es correcta. Si se equivoca 1 vez más, esta bóveda se borrará.');
  });

  it('without “show tries left”, a wrong passphrase is the plain wrong-secret message', async () => {
    const { backend } = await startApp(POLICY(3, false));
    await submitUnlock('not it');
    const err = $('[data-testid="unlock-error"]')!;
    expect(err.getAttribute('data-code')).toBe('wrong-secret');
    expect(text(err)).toBe('That passphrase or recovery code is not right. Check it and try again.');
    expect(backend.wrongTries).toBe(1);
  });

  it('the recovery code does not count as a try', async () => {
    const { backend } = await startApp(POLICY(2, true));
    await click(Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.includes('recovery code'))!);
    for (const code of ['AAAA', 'BBBB', 'CCCC']) {
      await type($('#unlock-recovery'), code);
      await fireEvent.submit($('#unlock-recovery')!.closest('form')!);
      await settle();
      expect($('[data-testid="unlock-error"]')!.getAttribute('data-code')).toBe('wrong-secret');
    }
    expect(backend.wrongTries).toBe(0);
    expect(backend.vaultExists).toBe(true);
  });

  it('the last wrong try leaves the unlock screen for the first-run screen, which says the vault was erased', async () => {
    const { backend } = await startApp(POLICY(2, true));
    await submitUnlock('one');
    expect(text($('[data-testid="unlock-error"]'))).toContain('1 more wrong try');
    await submitUnlock('two');
    await waitFor(() => expect(session.phase).toBe('create'));
    expect(backend.vaultExists).toBe(false);
    expect($('#unlock-passphrase')).toBeNull();
    expect($('[data-testid="unlock-error"]')).toBeNull();
    const notice = $('[data-testid="wiped-done"]')!;
    expect(notice.getAttribute('data-reason')).toBe('failed-unlocks');
    expect(notice.getAttribute('role')).toBe('status');
    expect(text(notice)).toBe(
      'The vault was erased from this computer ' +
        'Too many wrong passphrases: this vault has been erased, as its settings asked. Restore it from a backup to go on. ' +
        'To bring it back, choose “Restore from a backup or travel file” below.',
    );
    expect($('[data-testid="create-vault"]')).not.toBeNull();
    expect($('[data-testid="restore-open"]')).not.toBeNull();
    await expectNoAxeViolations();

    // restoring from a backup leaves the notice behind
    await click($('[data-testid="restore-open"]'));
    await type($('[data-testid="restore-secret"]'), backend.passphrase);
    await click($('[data-testid="restore-confirm"]'));
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    expect(session.wipedAfterFailedUnlocks).toBe(false);
  });

  it('also when the count is hidden, and in Spanish', async () => {
    const { backend } = await startApp((b) => {
      SPANISH(b);
      POLICY(1, false)(b);
    });
    await submitUnlock('mal');
    await waitFor(() => expect($('[data-testid="wiped-done"]')).not.toBeNull());
    expect(backend.vaultExists).toBe(false);
    expect(text($('[data-testid="wiped-done"]'))).toContain(
      'Demasiadas frases de contraseña incorrectas: esta bóveda se borró, como lo pedía su configuración. Para continuar, restáurela desde una copia de seguridad.',
    );
    expect(text($('h1'))).toBe('Cree su bóveda');
  });

  it('a panic wipe afterwards shows its own notice, not this one', async () => {
    await startApp(POLICY(1, false));
    await submitUnlock('mal');
    await waitFor(() => expect(session.wipedAfterFailedUnlocks).toBe(true));
    await session.vaultWiped({ keys_destroyed_ms: 4, removed: true });
    await settle();
    expect(session.wipedAfterFailedUnlocks).toBe(false);
    expect($('[data-testid="wiped-done"]')!.getAttribute('data-reason')).toBe('panic');
  });
});
