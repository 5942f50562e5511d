import { describe, it, expect, afterEach } from 'vitest';
import { startApp, restoreTransport, settle, type, $, waitFor } from './util';
import { fireEvent } from '@testing-library/svelte';
import { setLang } from '../lib/i18n/index.svelte';

afterEach(() => {
  restoreTransport();
  setLang('en');
});

async function submitUnlock(pass: string) {
  await type($('#unlock-passphrase'), pass);
  await fireEvent.submit($('#unlock-passphrase')!.closest('form')!);
  await settle();
}

describe('unlock', () => {
  it('shows the translated wrong-secret message, clears and refocuses the field', async () => {
    const { backend } = await startApp();
    expect($('#unlock-passphrase')).not.toBeNull();
    await submitUnlock('not it');
    const err = await waitFor(() => {
      const e = $('[data-testid="unlock-error"]');
      expect(e).not.toBeNull();
      return e!;
    });
    expect(err.getAttribute('role')).toBe('alert');
    expect(err.textContent).toContain('That passphrase or recovery code is not right');
    expect(err.textContent).not.toContain('wrong passphrase'); // English detail only for invalid-input
    expect(($('#unlock-passphrase') as HTMLInputElement).value).toBe('');
    expect(document.activeElement).toBe($('#unlock-passphrase'));
    expect(backend.callsOf('vault_unlock')).toHaveLength(1);
  });

  it('shows it in Spanish when the language is Spanish', async () => {
    await startApp((b) => (b.settings = { language: 'es', auto_lock_minutes: 5 }));
    expect(document.documentElement.lang).toBe('es');
    await submitUnlock('mal');
    await waitFor(() => expect($('[data-testid="unlock-error"]')?.textContent).toContain('no es correcto'));
  });

  it('unlocks with the right passphrase and with the recovery code', async () => {
    const { backend } = await startApp();
    await submitUnlock(backend.passphrase);
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());

    // lock by the event, then use the recovery code
    backend.unlocked = false;
    backend.emit('vault-locked', { reason: 'idle' });
    await settle();
    expect($('[data-testid="dashboard"]')).toBeNull();
    expect(document.body.textContent).toContain('locked itself after a period of inactivity');
    await fireEvent.click(Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.includes('recovery code'))!);
    await settle();
    await type($('#unlock-recovery'), 'abcd efgh jklm npqr stuv wxyz'.toUpperCase());
    await fireEvent.submit($('#unlock-recovery')!.closest('form')!);
    await settle();
    await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
    expect(backend.callsOf('vault_unlock_recovery')).toHaveLength(1);
  });

  it('maps other error codes and shows the invalid-input detail', async () => {
    const { backend } = await startApp();
    backend.fail('vault_unlock', { code: 'vault-in-use', message: 'lock held' });
    await submitUnlock('x');
    await waitFor(() => expect($('[data-testid="unlock-error"]')?.textContent).toContain('open in another Amparo window'));
    backend.fail('vault_unlock', { code: 'invalid-input', message: 'passphrase: too long' });
    await submitUnlock('y');
    await waitFor(() => expect($('[data-testid="unlock-error"]')?.textContent).toContain('passphrase: too long'));
    backend.fail('vault_unlock', { code: 'something-new', message: 'odd' });
    await submitUnlock('z');
    await waitFor(() => expect($('[data-testid="unlock-error"]')?.textContent).toContain('An unexpected error happened'));
  });
});
