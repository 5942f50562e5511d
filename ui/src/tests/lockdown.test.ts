import { describe, it, expect, afterEach, vi } from 'vitest';
import { startApp, restoreTransport, settle, type, $, waitFor } from './util';
import { fireEvent } from '@testing-library/svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { copyText } from '../lib/clipboard';

afterEach(() => {
  restoreTransport();
  setLang('en');
  vi.unstubAllGlobals();
});

async function unlocked() {
  const started = await startApp();
  await type($('#unlock-passphrase'), started.backend.passphrase);
  await fireEvent.submit($('#unlock-passphrase')!.closest('form')!);
  await settle();
  await waitFor(() => expect($('[data-testid="dashboard"]')).not.toBeNull());
  return started;
}

describe('lock-down', () => {
  it('locks when the screen locks or the computer sleeps, and says why', async () => {
    const { backend } = await unlocked();
    backend.unlocked = false;
    backend.emit('vault-locked', { reason: 'system' });
    await settle();
    expect($('[data-testid="dashboard"]')).toBeNull();
    expect($('[data-testid="locked-system"]')?.textContent).toContain('the screen locked or the computer went to sleep');
  });

  it('empties the clipboard on lock if the app put something there, and only then', async () => {
    const writes: string[] = [];
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: async (t: string) => void writes.push(t) } });
    const { backend } = await unlocked();
    backend.unlocked = false;
    backend.emit('vault-locked', { reason: 'manual' });
    await settle();
    expect(writes).toEqual([]); // nothing copied, nothing cleared

    await type($('#unlock-passphrase'), backend.passphrase);
    await fireEvent.submit($('#unlock-passphrase')!.closest('form')!);
    await settle();
    await copyText('-----BEGIN AMPARO CONTACT CARD-----');
    backend.unlocked = false;
    backend.emit('vault-locked', { reason: 'idle' });
    await settle();
    expect(writes).toEqual(['-----BEGIN AMPARO CONTACT CARD-----', '']);

    // Text selected in the window and copied with Ctrl+C is cleared too.
    await type($('#unlock-passphrase'), backend.passphrase);
    await fireEvent.submit($('#unlock-passphrase')!.closest('form')!);
    await settle();
    document.dispatchEvent(new Event('copy'));
    backend.unlocked = false;
    backend.emit('vault-locked', { reason: 'manual' });
    await settle();
    expect(writes).toEqual(['-----BEGIN AMPARO CONTACT CARD-----', '', '']);
  });
});
