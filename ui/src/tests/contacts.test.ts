// Contacts: showing and copying this vault's card, adding a colleague's card, and marking a
// contact as verified only after confirming that the fingerprint words were compared.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import { unlockApp, restoreTransport, click, settle, type, untranslated, $, $$, waitFor, expectNoAxeViolations } from './util';
import { router } from '../lib/router.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { en } from '../lib/i18n/en';
import { es } from '../lib/i18n/es';
import { colleagueCard, sampleContacts, sampleIdentity, type FakeBackend } from './fake';

afterEach(() => {
  restoreTransport();
  setLang('en');
  delete (navigator as { clipboard?: unknown }).clipboard;
});

async function openContacts(configure?: (b: FakeBackend) => void) {
  const app = await unlockApp(configure);
  await click($('[data-testid="nav-contacts"]'));
  await waitFor(() => expect($$('[data-testid="contact"]').length).toBeGreaterThan(0));
  return app;
}

const value = (sel: string) => ($(sel) as HTMLInputElement | HTMLTextAreaElement).value;
const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Stand-in for navigator.clipboard (jsdom has none). */
function stubClipboard(writeText: (s: string) => Promise<void>) {
  const spy = vi.fn(writeText);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText: spy }, configurable: true });
  return spy;
}

describe('contacts → translations', () => {
  it('has every contacts string in English and Spanish, translated', () => {
    const keys = Object.keys(en).filter((k) => k.startsWith('contacts.') || k === 'nav.contacts');
    expect(keys.length).toBeGreaterThan(30);
    expect(untranslated(keys)).toEqual([]);
  });
});

describe('contacts → navigation', () => {
  it('opens from the main navigation and marks the link as the current page', async () => {
    const { backend } = await openContacts();
    expect(router.current).toEqual({ name: 'contacts' });
    expect($('[data-testid="nav-contacts"]')!.getAttribute('aria-current')).toBe('page');
    expect($('h1')?.textContent).toBe('Contacts');
    expect(document.body.textContent).toContain('Nothing goes through a server.');
    expect(backend.callsOf('identity_get')).toHaveLength(1);
    expect(backend.callsOf('contacts_list')).toHaveLength(1);
  });
});

describe('contacts → your card', () => {
  it('pre-fills the remembered name, and shows the card and fingerprint after "Show my card" with the typed name', async () => {
    const { backend } = await openContacts();
    expect(value('[data-testid="my-name"]')).toBe('Lic. Ana Ruiz');
    expect($('[data-testid="my-card"]')).toBeNull();

    await type($('[data-testid="my-name"]'), '  Ana Ruiz Ortega ');
    await click($('[data-testid="show-my-card"]'));
    await waitFor(() => expect($('[data-testid="my-card"]')).not.toBeNull());
    expect(backend.callsOf('contact_card')).toEqual([{ cmd: 'contact_card', args: { name: 'Ana Ruiz Ortega' } }]);

    const card = $('[data-testid="my-card"]') as HTMLTextAreaElement;
    expect(card.readOnly).toBe(true);
    expect(card.value).toMatch(/^-----BEGIN AMPARO CONTACT CARD-----\nname: Ana Ruiz Ortega\n/);
    expect(card.value).toContain('-----END AMPARO CONTACT CARD-----\nuntrusted comment:');
    expect(document.querySelector('label[for="contact-my-card"]')).not.toBeNull();

    const fp = $('[data-testid="my-fingerprint"]')!;
    const words = sampleIdentity().fingerprint.split(' ');
    expect(text(fp)).toBe(words.join(' '));
    expect(fp.getAttribute('lang')).toBe('en');
    const lines = Array.from(fp.querySelectorAll('.fp-line')).map((l) => l.textContent);
    expect(lines).toEqual([words.slice(0, 4).join(' '), words.slice(4).join(' ')]);
    expect(document.body.textContent).toContain('If every word matches, the card is really theirs.');
    expect(document.body.textContent).toContain('safe to send by email or message');
    await expectNoAxeViolations();
  });

  it('hides a card shown for an old name once the name is edited', async () => {
    await openContacts();
    await click($('[data-testid="show-my-card"]'));
    await waitFor(() => expect($('[data-testid="my-card"]')).not.toBeNull());
    await type($('[data-testid="my-name"]'), 'Ana R.');
    expect($('[data-testid="my-card"]')).toBeNull();
  });

  it('sends null for an empty name and says to type one when none is remembered', async () => {
    const { backend } = await openContacts((b) => (b.identity = { ...b.identity, display_name: null }));
    expect(value('[data-testid="my-name"]')).toBe('');
    await click($('[data-testid="show-my-card"]'));
    await waitFor(() => expect($('[role="alert"]')).not.toBeNull());
    expect(backend.callsOf('contact_card')).toEqual([{ cmd: 'contact_card', args: { name: null } }]);
    expect($('[data-testid="my-card"]')).toBeNull();
    expect($('[data-testid="my-name"]')!.getAttribute('aria-invalid')).toBe('true');
    expect($('#contact-my-name-hint')?.textContent).toContain('Type the name to show on your card');
    await expectNoAxeViolations();
  });

  it('copies the card with the clipboard', async () => {
    const writeText = stubClipboard(async () => {});
    await openContacts();
    await click($('[data-testid="show-my-card"]'));
    await waitFor(() => expect($('[data-testid="copy-card"]')).not.toBeNull());
    await click($('[data-testid="copy-card"]'));
    expect(writeText).toHaveBeenCalledWith(value('[data-testid="my-card"]'));
    expect($('[data-testid="copy-status"]')?.textContent).toContain('Card copied');
  });

  it('selects the text and says to press Ctrl+C when the clipboard refuses', async () => {
    const writeText = stubClipboard(() => Promise.reject(new Error('denied')));
    await openContacts();
    await click($('[data-testid="show-my-card"]'));
    await waitFor(() => expect($('[data-testid="copy-card"]')).not.toBeNull());
    await click($('[data-testid="copy-card"]'));
    expect(writeText).toHaveBeenCalledTimes(1);
    const card = $('[data-testid="my-card"]') as HTMLTextAreaElement;
    expect(document.activeElement).toBe(card);
    expect([card.selectionStart, card.selectionEnd]).toEqual([0, card.value.length]);
    expect($('[data-testid="copy-status"]')?.textContent).toContain('press Ctrl+C');
  });
});

describe('contacts → add a colleague', () => {
  it('calls contact_add with {card, verified}, clears the form and reloads the list', async () => {
    const { backend } = await openContacts();
    const add = $('[data-testid="contact-add"]') as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    const card = colleagueCard();
    await type($('[data-testid="contact-card-input"]'), card);
    const box = $('[data-testid="contact-verified"]') as HTMLInputElement;
    box.checked = true;
    await fireEvent.change(box);
    await settle();
    expect(add.disabled).toBe(false);
    const listsBefore = backend.callsOf('contacts_list').length;

    await click(add);
    await waitFor(() => expect($$('[data-testid="contact"]')).toHaveLength(3));
    expect(backend.callsOf('contact_add')).toEqual([{ cmd: 'contact_add', args: { card, verified: true } }]);
    expect(backend.callsOf('contacts_list').length).toBe(listsBefore + 1);
    expect(value('[data-testid="contact-card-input"]')).toBe('');
    expect(box.checked).toBe(false);
    expect($('[data-testid="contact-add-status"]')?.textContent).toContain('Carlos Méndez was added');
    const row = $$('[data-testid="contact"]').find((r) => r.textContent?.includes('Carlos Méndez'))!;
    expect(row.dataset.trust).toBe('verified');
    expect(text(row.querySelector('[data-testid="contact-fingerprint"]'))).toBe('pilot grace mention ocean fabric window tiger humble');
  });

  it('adds as not verified when the box is left unticked', async () => {
    const { backend } = await openContacts();
    await type($('[data-testid="contact-card-input"]'), colleagueCard());
    await click($('[data-testid="contact-add"]'));
    await waitFor(() => expect($$('[data-testid="contact"]')).toHaveLength(3));
    expect(backend.callsOf('contact_add')[0]!.args).toMatchObject({ verified: false });
    const row = $$('[data-testid="contact"]').find((r) => r.textContent?.includes('Carlos Méndez'))!;
    expect(row.dataset.trust).toBe('unverified');
    expect(row.querySelector('[data-testid="contact-verify"]')).not.toBeNull();
  });

  it('keeps the pasted text and shows the error with a hint when the card is refused', async () => {
    const { backend } = await openContacts();
    const pasted = 'Hola, aquí va mi tarjeta (sin el texto)';
    await type($('[data-testid="contact-card-input"]'), pasted);
    await click($('[data-testid="contact-add"]'));
    await waitFor(() => expect($('[data-testid="contact-add-error"]')).not.toBeNull());
    const alert = $('[data-testid="contact-add-error"]')!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.dataset.code).toBe('invalid-input');
    expect(alert.textContent).toContain('Some of the information is not valid.');
    expect(alert.textContent).toContain('not a complete, intact contact card');
    expect(alert.textContent).toContain('contact card: is not signed');
    expect(value('[data-testid="contact-card-input"]')).toBe(pasted);
    expect($('[data-testid="contact-card-input"]')!.getAttribute('aria-invalid')).toBe('true');
    expect($$('[data-testid="contact"]')).toHaveLength(2);
    expect(backend.contacts).toHaveLength(2);
    await expectNoAxeViolations();
  });

  it('explains when the card is this vault’s own, or a contact already added (in Spanish)', async () => {
    await openContacts((b) => (b.settings = { language: 'es', auto_lock_minutes: 5 }));
    await click($('[data-testid="show-my-card"]'));
    await waitFor(() => expect($('[data-testid="my-card"]')).not.toBeNull());
    await type($('[data-testid="contact-card-input"]'), value('[data-testid="my-card"]'));
    await click($('[data-testid="contact-add"]'));
    await waitFor(() => expect($('[data-testid="contact-add-error"]')?.textContent).toContain(es['contacts.errOwnCard']));

    await type($('[data-testid="contact-card-input"]'), colleagueCard());
    await click($('[data-testid="contact-add"]'));
    await waitFor(() => expect($$('[data-testid="contact"]')).toHaveLength(3));
    await type($('[data-testid="contact-card-input"]'), colleagueCard());
    await click($('[data-testid="contact-add"]'));
    await waitFor(() => expect($('[data-testid="contact-add-error"]')?.textContent).toContain(es['contacts.errExisting']));
    expect(value('[data-testid="contact-card-input"]')).toBe(colleagueCard());
  });
});

describe('contacts → the list and verifying', () => {
  it('shows each contact with its name, a worded trust badge and the fingerprint words', async () => {
    await openContacts();
    const rows = $$('[data-testid="contact"]');
    expect(rows.map((r) => r.querySelector('.row-main')?.firstChild?.textContent?.trim())).toEqual(['Beatriz Ochoa', 'Diego Salazar']);
    const [verified, unverified] = rows as [HTMLElement, HTMLElement];
    expect(text(verified.querySelector('[data-testid="contact-trust"]'))).toBe('✓ Verified');
    expect(text(unverified.querySelector('[data-testid="contact-trust"]'))).toBe('Not verified yet');
    expect(text(verified.querySelector('[data-testid="contact-fingerprint"]'))).toBe(sampleContacts()[0]!.fingerprint);
    expect(verified.querySelector('[data-testid="contact-verify"]')).toBeNull();
    expect(unverified.querySelector('[data-testid="contact-verify"]')!.getAttribute('aria-label')).toBe('Mark as verified: Diego Salazar');
  });

  it('says so when there are no contacts yet', async () => {
    await unlockApp((b) => (b.contacts = []));
    await click($('[data-testid="nav-contacts"]'));
    await waitFor(() => expect(document.body.textContent).toContain('No contacts yet.'));
    await expectNoAxeViolations();
  });

  it('asks for confirmation, showing the words again: cancel does nothing', async () => {
    const { backend } = await openContacts();
    await click($('[data-testid="contact-verify"]'));
    const dialog = $('[data-testid="verify-dialog"]')!;
    expect(dialog).not.toBeNull();
    expect(dialog.textContent).toContain('Did you compare these words with Diego Salazar (in person or on a call)?');
    expect(text(dialog.querySelector('[data-testid="verify-fingerprint"]'))).toBe('raven flock bitter lemon hazard pulse scout timber');
    await expectNoAxeViolations();
    await click($('[data-testid="confirm-cancel"]'));
    expect($('[data-testid="verify-dialog"]')).toBeNull();
    expect(backend.callsOf('contact_verify')).toEqual([]);
    expect($$('[data-testid="contact"]')[1]!.dataset.trust).toBe('unverified');
  });

  it('on OK calls contact_verify, reloads the list and announces it', async () => {
    const { backend } = await openContacts();
    await click($('[data-testid="contact-verify"]'));
    await click($('[data-testid="confirm-ok"]'));
    await waitFor(() => expect($('[data-testid="verify-dialog"]')).toBeNull());
    expect(backend.callsOf('contact_verify')).toEqual([{ cmd: 'contact_verify', args: { id: 'k-2' } }]);
    await waitFor(() => expect($$('[data-testid="contact"]').every((r) => r.dataset.trust === 'verified')).toBe(true));
    expect($('[data-testid="contact-verify"]')).toBeNull();
    expect($('[data-testid="contacts-status"]')?.textContent).toContain('Diego Salazar is now verified.');
    expect(document.activeElement).toBe($('#sec-contacts'));
  });

  it('shows a failure inside the dialog and keeps it open', async () => {
    const { backend } = await openContacts();
    backend.fail('contact_verify', { code: 'not-found', message: 'no such contact' });
    await click($('[data-testid="contact-verify"]'));
    await click($('[data-testid="confirm-ok"]'));
    await waitFor(() => expect($('[data-testid="verify-dialog"] [role="alert"]')?.textContent).toContain(en['error.not-found']));
  });
});
