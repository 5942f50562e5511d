// Receiving cases from co-counsel: the import wizard (preview, unknown or unverified signer, a file
// changed since its preview, replay, result)
// opened from the Contacts screen, and the Conflicts screen where the lawyer settles each one.
import { describe, it, expect, afterEach } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import { unlockApp, restoreTransport, click, settle, untranslated, $, $$, waitFor, expectNoAxeViolations } from './util';
import { router } from '../lib/router.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { en } from '../lib/i18n/en';
import { es } from '../lib/i18n/es';
import { ERROR_CODES } from '../lib/ipc';
import { DIFF_FIELDS, UNIT_KINDS } from '../lib/domain';
import {
  CASE_ID,
  FAKE_MANIFEST_SHA256,
  sampleBundle,
  sampleConflicts,
  sampleContacts,
  unknownSenderBundle,
  unverifiedContactBundle,
  type FakeBackend,
} from './fake';

afterEach(() => {
  restoreTransport();
  setLang('en');
});

const SPANISH = (b: FakeBackend) => (b.settings = { language: 'es', auto_lock_minutes: 5 });
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const cells = (row: Element | null) => Array.from(row?.querySelectorAll('th, td') ?? []).map((c) => text(c));
const confirmButton = () => $('[data-testid="import-confirm"]') as HTMLButtonElement;
const verifyButton = () => $('[data-testid="import-verify-contact"]') as HTMLButtonElement;
/** The totals list as { added: "2", … }. */
const counts = (testid: string) =>
  Object.fromEntries($$(`[data-testid="${testid}"] dd`).map((dd) => [dd.dataset.count!, text(dd)]));

async function openContacts(configure?: (b: FakeBackend) => void) {
  const app = await unlockApp(configure);
  await click($('[data-testid="nav-contacts"]'));
  await waitFor(() => expect($$('[data-testid="contact"]').length).toBeGreaterThan(0));
  return app;
}

/** Contacts → "Import a bundle…", then wait for the preview (or whatever the wizard shows). */
async function openImport(configure?: (b: FakeBackend) => void) {
  const app = await openContacts(configure);
  $('[data-testid="import-open"]')!.focus();
  await click($('[data-testid="import-open"]'));
  await settle();
  return app;
}

describe('import → translations and error codes', () => {
  it('has every new string in English and Spanish, translated', () => {
    const prefixes = ['import.', 'conflicts.', 'diff.', 'unit.', 'field.', 'backup.', 'travel.', 'restore.'];
    const keys = Object.keys(en).filter((k) => prefixes.some((p) => k.startsWith(p)) || k.startsWith('contacts.import') || k === 'contacts.conflicts');
    expect(keys.length).toBeGreaterThan(150);
    expect(untranslated(keys)).toEqual([]);
  });

  it('translates every bundle error code, in plain words, in both languages', () => {
    const codes = ERROR_CODES.filter((c) => c.startsWith('bundle-'));
    expect(codes).toEqual([
      'bundle-not-for-you',
      'bundle-damaged',
      'bundle-bad-signature',
      'bundle-unknown-signer',
      'bundle-unverified-signer',
      'bundle-changed',
      'bundle-mismatch',
      'bundle-replayed',
      'bundle-too-large',
      'bundle-unsupported',
    ]);
    for (const c of codes) {
      const key = `error.${c}` as keyof typeof en;
      expect(en[key], c).toBeTruthy();
      expect(es[key], c).toBeTruthy();
      expect(es[key]).not.toBe(en[key]);
      expect(en[key]).toMatch(/Nothing was changed\.$/);
      expect(es[key]).toMatch(/No se cambió nada\.$/);
    }
    expect(untranslated(codes.map((c) => `error.${c}`))).toEqual([]);
  });

  it('says what to do about an unverified signer and a changed file, in both languages', () => {
    expect(en['error.bundle-unverified-signer']).toBe(
      'The file is signed by a contact whose fingerprint words you have not compared yet. Compare them, mark the contact as verified, then import. Nothing was changed.',
    );
    expect(es['error.bundle-unverified-signer']).toBe(
      'El archivo lo firmó un contacto con quien aún no comparó las palabras de verificación. Compárelas, marque el contacto como verificado y luego importe. No se cambió nada.',
    );
    expect(en['error.bundle-changed']).toBe(
      'The file changed since it was checked: for example, it was replaced in its folder. Check it again before importing. Nothing was changed.',
    );
    expect(es['error.bundle-changed']).toBe(
      'El archivo cambió desde que se verificó: por ejemplo, se reemplazó en su carpeta. Verifíquelo de nuevo antes de importar. No se cambió nada.',
    );
  });

  it('names every kind of record and the usual field names in both languages', () => {
    for (const k of UNIT_KINDS) expect(`unit.${k}` in en && `unit.${k}` in es, k).toBe(true);
    for (const f of DIFF_FIELDS) expect(`field.${f}` in en && `field.${f}` in es, f).toBe(true);
  });

  it('shows a bundle error translated, with a way to choose another file', async () => {
    const { backend } = await openContacts(SPANISH);
    backend.fail('bundle_import_preview', { code: 'bundle-bad-signature', message: 'the signature does not match the contents' });
    await click($('[data-testid="import-open"]'));
    const alert = await waitFor(() => {
      const a = $('[data-testid="import-error"]');
      expect(a).not.toBeNull();
      return a!;
    });
    expect(alert.dataset.code).toBe('bundle-bad-signature');
    expect(alert.textContent).toContain(es['error.bundle-bad-signature']);
    expect(alert.textContent).not.toContain('signature does not match'); // the English detail stays out
    expect($('[data-testid="import-confirm"]')).toBeNull();
    await expectNoAxeViolations();

    backend.overrides.delete('bundle_import_preview');
    await click($('[data-testid="import-choose"]'));
    await waitFor(() => expect($('[data-testid="import-from"]')).not.toBeNull());
    expect($('[data-testid="import-error"]')).toBeNull();
  });
});

describe('import → opening a bundle', () => {
  it('does nothing when the open dialog is cancelled', async () => {
    const { backend } = await openImport((b) => (b.incomingBundle = null));
    expect(backend.callsOf('bundle_import_preview')).toEqual([{ cmd: 'bundle_import_preview', args: { again: false } }]);
    await waitFor(() => expect($('[data-testid="import-dialog"]')).toBeNull());
    expect($('[role="alert"]')).toBeNull();
    expect(document.activeElement).toBe($('[data-testid="import-open"]'));
  });

  it('previews a bundle from a verified contact: sender, words, dates, cases, totals, size and conflicts', async () => {
    const { backend } = await openImport();
    await waitFor(() => expect($('[data-testid="import-from"]')).not.toBeNull());
    expect(backend.callsOf('bundle_import_preview')).toHaveLength(1);
    expect(text($('[data-testid="import-from"]'))).toBe('From Beatriz Ochoa ✓ Verified');
    expect(document.activeElement).toBe($('[data-testid="import-from"]'));
    expect(text($('[data-testid="import-fingerprint"]'))).toBe(sampleContacts()[0]!.fingerprint);
    expect(text($('[data-testid="import-created"]'))).toMatch(/^Nov 24, 2026/);
    expect(text($('[data-testid="import-sequence"]'))).toBe('3');
    expect(text($('[data-testid="import-last-sequence"]'))).toBe('2');
    expect(text($('[data-testid="import-checked"]'))).toContain('Nothing has been written yet.');
    expect($('[data-testid="import-unknown"]')).toBeNull();
    expect($('[data-testid="import-unverified"]')).toBeNull();
    expect($('[data-testid="import-replayed"]')).toBeNull();

    const cases = $$('[data-testid="import-case"]');
    expect(cases.map((c) => c.dataset.id)).toEqual([CASE_ID, 'c-77']);
    expect(text(cases[0]!.querySelector('[data-testid="import-case-counts"]'))).toBe(
      '2 new records, 1 updated, 14 unchanged, 1 changed only here (yours kept), 1 conflict',
    );
    expect(text(cases[1])).toBe('Ramírez — TPS New case');
    expect(counts('import-totals')).toEqual({ added: '11', updated: '1', unchanged: '14', kept_local: '1', conflicts: '1' });
    expect(text($('[data-testid="import-contents"]'))).toBe('With 4 people and 3 documents (1.5 MB).');

    const conflict = $('[data-testid="import-conflict"]')!;
    expect(text($('[data-testid="import-conflicts"]'))).toContain('Amparo keeps your version, so nothing of yours is overwritten');
    expect(text(conflict.querySelector('.conflict-name'))).toBe('Event: Master calendar hearing, 25 Nov 2026');
    const rows = Array.from(conflict.querySelectorAll('[data-testid="diff-row"]')).map(cells);
    expect(rows).toEqual([
      ['Date', '2026-11-25', '2026-12-02'],
      ['Note', 'Courtroom 3', '(empty)'],
    ]);
    expect(cells(conflict.querySelector('thead tr'))).toEqual(['Field', 'Yours', 'Theirs']);
    expect(confirmButton().disabled).toBe(false);
    expect(backend.callsOf('bundle_import')).toHaveLength(0); // the preview writes nothing
    await expectNoAxeViolations();
  });

  it('previews report the signed manifest’s hash (the shell imports exactly that file)', async () => {
    const { backend } = await openImport();
    await waitFor(() => expect($('[data-testid="import-from"]')).not.toBeNull());
    const p = (await backend.transport.invoke('bundle_import_preview', { again: true })) as { manifest_sha256: string };
    expect(p.manifest_sha256).toBe(FAKE_MANIFEST_SHA256);
    expect(p.manifest_sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('import → a contact whose words were not compared yet', () => {
  it('blocks the import until the words are compared and the contact marked verified, then previews again', async () => {
    const { backend } = await openImport((b) => (b.incomingBundle = unverifiedContactBundle()));
    await waitFor(() => expect($('[data-testid="import-unverified"]')).not.toBeNull());
    const step = $('[data-testid="import-unverified"]')!;
    expect(text($('[data-testid="import-from"]'))).toBe('From Diego Salazar Not verified yet');
    expect(text(step.querySelector('h4'))).toBe('Compare the words before importing');
    expect(text(step)).toContain('you have not compared them with Diego Salazar yet');
    expect(text(step.querySelector('[data-testid="import-fingerprint"]'))).toBe('raven flock bitter lemon hazard pulse scout timber');
    expect($$('[data-testid="import-fingerprint"]')).toHaveLength(1); // shown once, inside the step
    expect(text($('[data-testid="import-last-sequence"]'))).toBe('None yet');
    expect(text(step.querySelector('label'))).toBe('I compared these words with Diego Salazar');
    expect(($('[data-testid="import-verify-compared"]') as HTMLInputElement).checked).toBe(false);
    expect(confirmButton().disabled).toBe(true);
    expect(verifyButton().disabled).toBe(true);
    expect(text(verifyButton())).toBe('Mark as verified');
    await expectNoAxeViolations();

    // neither button does anything while disabled
    await fireEvent.click(confirmButton());
    await fireEvent.click(verifyButton());
    await settle();
    expect(backend.callsOf('bundle_import')).toHaveLength(0);
    expect(backend.callsOf('contact_verify')).toHaveLength(0);

    await click($('[data-testid="import-verify-compared"]'));
    expect(verifyButton().disabled).toBe(false);
    expect(confirmButton().disabled).toBe(true); // ticking alone is not verifying
    await click(verifyButton());
    expect(backend.callsOf('contact_verify')).toEqual([{ cmd: 'contact_verify', args: { id: 'k-2' } }]);
    expect(backend.callsOf('bundle_import_preview').map((c) => c.args)).toEqual([{ again: false }, { again: true }]);
    expect(backend.contacts.find((c) => c.id === 'k-2')!.trust).toBe('verified');
    await waitFor(() => expect($('[data-testid="import-unverified"]')).toBeNull());
    expect(text($('[data-testid="import-from"]'))).toBe('From Diego Salazar ✓ Verified');
    expect(text($('[data-testid="import-status"]'))).toBe('Diego Salazar is now a verified contact.');
    expect(document.activeElement).toBe($('[data-testid="import-from"]'));
    expect(confirmButton().disabled).toBe(false);

    await click(confirmButton());
    expect(backend.callsOf('bundle_import')).toHaveLength(1);
    await waitFor(() => expect($('[data-testid="import-result"]')).not.toBeNull());
    expect(text($('[data-testid="import-result"] h3'))).toBe('Bundle 1 imported: 2 cases, 4 people, 3 documents.');

    // the contact list behind the dialog shows them verified too
    await click($('[data-testid="import-close"]'));
    await waitFor(() => expect($$('[data-testid="contact"]').map((c) => text(c.querySelector('.row-main')))).toContain('Diego Salazar ✓ Verified'));
  });

  it('unticking the box disables "Mark as verified" again', async () => {
    await openImport((b) => (b.incomingBundle = unverifiedContactBundle()));
    await waitFor(() => expect(verifyButton()).not.toBeNull());
    await click($('[data-testid="import-verify-compared"]'));
    expect(verifyButton().disabled).toBe(false);
    await click($('[data-testid="import-verify-compared"]'));
    expect(verifyButton().disabled).toBe(true);
  });

  it('shows a refused verification in the step, and the import stays blocked', async () => {
    const { backend } = await openImport((b) => (b.incomingBundle = unverifiedContactBundle()));
    await waitFor(() => expect(verifyButton()).not.toBeNull());
    backend.fail('contact_verify', { code: 'not-found', message: 'no such contact' });
    await click($('[data-testid="import-verify-compared"]'));
    await click(verifyButton());
    const alert = await waitFor(() => {
      const a = $('[data-testid="import-unverified"] [data-testid="import-verify-error"]');
      expect(a).not.toBeNull();
      return a!;
    });
    expect(alert.textContent).toContain(en['error.not-found']);
    expect(backend.callsOf('bundle_import_preview')).toHaveLength(1); // not previewed again
    expect(confirmButton().disabled).toBe(true);
    expect($('[data-testid="import-unverified"]')).not.toBeNull();
    await expectNoAxeViolations();
  });

  it('shows Rust’s refusal if the contact is no longer verified at import time', async () => {
    const { backend } = await openImport();
    await waitFor(() => expect(confirmButton()?.disabled).toBe(false));
    // e.g. changed in another window after the preview: Rust checks the signer again
    backend.contacts = backend.contacts.map((c) => (c.id === 'k-1' ? { ...c, trust: 'unverified' } : c));
    await click(confirmButton());
    await waitFor(() => expect($('[data-testid="import-error"]')?.dataset.code).toBe('bundle-unverified-signer'));
    expect($('[data-testid="import-error"]')!.textContent).toContain(en['error.bundle-unverified-signer']);
    expect($('[data-testid="import-result"]')).toBeNull();
    expect(backend.lastImported[sampleBundle().sender.minisign_public_key]).toBe(2);
  });

  it('is in Spanish, axe-clean', async () => {
    await openImport((b) => {
      SPANISH(b);
      b.incomingBundle = unverifiedContactBundle();
    });
    await waitFor(() => expect($('[data-testid="import-unverified"]')).not.toBeNull());
    expect(text($('[data-testid="import-unverified"] h4'))).toBe('Compare las palabras antes de importar');
    expect(text($('[data-testid="import-unverified"] label'))).toBe('Comparé estas palabras con Diego Salazar');
    expect(text(verifyButton())).toBe('Marcar como verificado');
    await expectNoAxeViolations();
    await click($('[data-testid="import-verify-compared"]'));
    await click(verifyButton());
    await waitFor(() => expect(text($('[data-testid="import-status"]'))).toBe('Se marcó a Diego Salazar como contacto verificado.'));
    expect(confirmButton().disabled).toBe(false);
  });
});

describe('import → a signer who is not a contact', () => {
  it('blocks the import until the sender is added, then previews again', async () => {
    const { backend } = await openImport((b) => (b.incomingBundle = unknownSenderBundle()));
    await waitFor(() => expect($('[data-testid="import-unknown"]')).not.toBeNull());
    const unknown = $('[data-testid="import-unknown"]')!;
    expect(text(unknown)).toContain('Signed by someone who is not in your contacts');
    expect(text($('[data-testid="import-from"]'))).toBe('From Carlos Méndez');
    expect(text(unknown.querySelector('[data-testid="import-fingerprint"]'))).toBe('pilot grace mention ocean fabric window tiger humble');
    expect(confirmButton().disabled).toBe(true);
    await expectNoAxeViolations();

    // the button does nothing while disabled: never an import without a contact
    await fireEvent.click(confirmButton());
    await settle();
    expect(backend.callsOf('bundle_import')).toHaveLength(0);

    await click($('[data-testid="import-compared"]'));
    await click($('[data-testid="import-add-sender"]'));
    expect(backend.callsOf('bundle_import_add_sender')).toEqual([{ cmd: 'bundle_import_add_sender', args: { verified: true } }]);
    expect(backend.callsOf('bundle_import_preview').map((c) => c.args)).toEqual([{ again: false }, { again: true }]);
    await waitFor(() => expect($('[data-testid="import-unknown"]')).toBeNull());
    expect(text($('[data-testid="import-from"]'))).toBe('From Carlos Méndez ✓ Verified');
    expect(text($('[data-testid="import-status"]'))).toBe('Carlos Méndez was added to your contacts.');
    expect(document.activeElement).toBe($('[data-testid="import-from"]'));
    expect(confirmButton().disabled).toBe(false);

    // the contact list behind the dialog knows them too
    await click(confirmButton());
    await waitFor(() => expect($('[data-testid="import-result"]')).not.toBeNull());
    await click($('[data-testid="import-close"]'));
    await waitFor(() => expect($$('[data-testid="contact"]').map((c) => text(c.querySelector('.row-main')))).toContain('Carlos Méndez ✓ Verified'));
  });

  it('adds the sender as not verified when the words were not compared: then they must be verified', async () => {
    const { backend } = await openImport((b) => (b.incomingBundle = unknownSenderBundle()));
    await waitFor(() => expect($('[data-testid="import-add-sender"]')).not.toBeNull());
    await click($('[data-testid="import-add-sender"]'));
    expect(backend.callsOf('bundle_import_add_sender')[0]!.args).toEqual({ verified: false });
    await waitFor(() => expect($('[data-testid="import-unverified"]')).not.toBeNull());
    expect($('[data-testid="import-unknown"]')).toBeNull();
    expect(text($('[data-testid="import-from"]'))).toBe('From Carlos Méndez Not verified yet');
    expect(text($('[data-testid="import-status"]'))).toBe('Carlos Méndez was added to your contacts.');
    expect(text($('[data-testid="import-unverified"] [data-testid="import-fingerprint"]'))).toBe('pilot grace mention ocean fabric window tiger humble');
    expect(($('[data-testid="import-verify-compared"]') as HTMLInputElement).checked).toBe(false);
    expect(verifyButton().disabled).toBe(true);
    expect(confirmButton().disabled).toBe(true);
    await fireEvent.click(confirmButton());
    await settle();
    expect(backend.callsOf('bundle_import')).toHaveLength(0);

    await click($('[data-testid="import-verify-compared"]'));
    await click(verifyButton());
    const added = backend.contacts.find((c) => c.name === 'Carlos Méndez')!;
    expect(backend.callsOf('contact_verify')).toEqual([{ cmd: 'contact_verify', args: { id: added.id } }]);
    await waitFor(() => expect(text($('[data-testid="import-from"]'))).toBe('From Carlos Méndez ✓ Verified'));
    expect(confirmButton().disabled).toBe(false);
    await click(confirmButton());
    await waitFor(() => expect($('[data-testid="import-result"]')).not.toBeNull());
  });

  it('shows a refused add in the warning, and the import stays blocked', async () => {
    const { backend } = await openImport((b) => (b.incomingBundle = unknownSenderBundle()));
    await waitFor(() => expect($('[data-testid="import-add-sender"]')).not.toBeNull());
    backend.fail('bundle_import_add_sender', { code: 'io', message: 'disk' });
    await click($('[data-testid="import-add-sender"]'));
    await waitFor(() => expect($('[data-testid="import-add-error"]')?.textContent).toContain(en['error.io']));
    expect(confirmButton().disabled).toBe(true);
  });
});

describe('import → the file changed since its preview', () => {
  it('says so, blocks Import, and checks the file again on request', async () => {
    const { backend } = await openImport();
    await waitFor(() => expect(confirmButton()?.disabled).toBe(false));
    backend.fail('bundle_import', { code: 'bundle-changed', message: 'the file changed since it was checked; check it again' });
    await click(confirmButton());
    await waitFor(() => expect($('[data-testid="import-error"]')?.dataset.code).toBe('bundle-changed'));
    expect($('[data-testid="import-error"]')!.textContent).toContain(en['error.bundle-changed']);
    expect(confirmButton().disabled).toBe(true);
    expect(text($('[data-testid="import-check-again"]'))).toBe('Check the file again');
    await expectNoAxeViolations();

    // the folder now holds a different bundle from the same sender
    backend.overrides.delete('bundle_import');
    backend.previewed = { ...sampleBundle(), sequence: 4, conflicts: [], cases: [{ ...sampleBundle().cases[1]! }] };
    await click($('[data-testid="import-check-again"]'));
    expect(backend.callsOf('bundle_import_preview').map((c) => c.args)).toEqual([{ again: false }, { again: true }]);
    await waitFor(() => expect(text($('[data-testid="import-sequence"]'))).toBe('4'));
    expect($('[data-testid="import-error"]')).toBeNull();
    expect($('[data-testid="import-check-again"]')).toBeNull();
    expect($$('[data-testid="import-case"]').map((c) => c.dataset.id)).toEqual(['c-77']);
    expect(document.activeElement).toBe($('[data-testid="import-from"]'));
    expect(confirmButton().disabled).toBe(false);
    await click(confirmButton());
    await waitFor(() => expect(text($('[data-testid="import-result"] h3'))).toBe('Bundle 4 imported: 1 case, 4 people, 3 documents.'));
  });

  it('offers to choose another file if the changed file can no longer be read', async () => {
    const { backend } = await openImport();
    await waitFor(() => expect(confirmButton()?.disabled).toBe(false));
    backend.fail('bundle_import', { code: 'bundle-changed', message: 'changed' });
    await click(confirmButton());
    await waitFor(() => expect($('[data-testid="import-check-again"]')).not.toBeNull());
    backend.fail('bundle_import_preview', { code: 'io', message: 'no such file' });
    await click($('[data-testid="import-check-again"]'));
    await waitFor(() => expect($('[data-testid="import-error"]')?.dataset.code).toBe('io'));
    expect($('[data-testid="import-from"]')).toBeNull();
    expect($('[data-testid="import-confirm"]')).toBeNull();
    expect($('[data-testid="import-choose"]')).not.toBeNull();
  });

  it('offers the same when adding the sender finds the file changed', async () => {
    const { backend } = await openImport((b) => (b.incomingBundle = unknownSenderBundle()));
    await waitFor(() => expect($('[data-testid="import-add-sender"]')).not.toBeNull());
    backend.fail('bundle_import_add_sender', { code: 'bundle-changed', message: 'changed' });
    await click($('[data-testid="import-add-sender"]'));
    await waitFor(() => expect($('[data-testid="import-add-error"]')?.dataset.code).toBe('bundle-changed'));
    expect($('[data-testid="import-unknown"] [data-testid="import-check-again"]')).not.toBeNull();
    await click($('[data-testid="import-check-again"]'));
    await waitFor(() => expect($('[data-testid="import-add-error"]')).toBeNull());
    expect($('[data-testid="import-unknown"]')).not.toBeNull();
  });
});

describe('import → replayed bundle', () => {
  it('says it was already imported and disables Import', async () => {
    const { backend } = await openImport((b) => (b.lastImported[sampleBundle().sender.minisign_public_key] = 5));
    await waitFor(() => expect($('[data-testid="import-replayed"]')).not.toBeNull());
    expect(text($('[data-testid="import-replayed"]'))).toBe(
      'Already imported (number 3, last imported 5). A bundle is imported only once, and never after a newer one from the same sender.',
    );
    expect(confirmButton().disabled).toBe(true);
    await fireEvent.click(confirmButton());
    await settle();
    expect(backend.callsOf('bundle_import')).toHaveLength(0);
    await expectNoAxeViolations();
  });

  it('shows the refusal if Rust finds the replay at import time', async () => {
    const { backend } = await openImport();
    await waitFor(() => expect(confirmButton()).not.toBeNull());
    backend.fail('bundle_import', { code: 'bundle-replayed', message: 'already imported' });
    await click(confirmButton());
    await waitFor(() => expect($('[data-testid="import-error"]')?.dataset.code).toBe('bundle-replayed'));
    expect($('[data-testid="import-error"]')!.textContent).toContain(en['error.bundle-replayed']);
    expect($('[data-testid="import-result"]')).toBeNull();
  });
});

describe('import → result', () => {
  it('imports, shows the totals, and leads to the conflicts', async () => {
    const { backend } = await openImport();
    await waitFor(() => expect(confirmButton()).not.toBeNull());
    await click(confirmButton());
    expect(backend.callsOf('bundle_import')).toEqual([{ cmd: 'bundle_import', args: undefined }]);
    const result = await waitFor(() => {
      const r = $('[data-testid="import-result"]');
      expect(r).not.toBeNull();
      return r!;
    });
    expect(text(result.querySelector('h3'))).toBe('Bundle 3 imported: 2 cases, 4 people, 3 documents.');
    expect(document.activeElement).toBe(result.querySelector('h3'));
    expect(counts('import-result-totals')).toEqual({ added: '11', updated: '1', unchanged: '14', kept_local: '1', conflicts: '1' });
    expect($('[data-testid="import-confirm"]')).toBeNull();
    await expectNoAxeViolations();

    // importing the same bundle again is refused by the preview
    expect(backend.lastImported[sampleBundle().sender.minisign_public_key]).toBe(3);

    expect(text($('[data-testid="import-view-conflicts"]'))).toBe('Review 1 conflict');
    await click($('[data-testid="import-view-conflicts"]'));
    expect($('[data-testid="import-dialog"]')).toBeNull();
    expect(router.current).toEqual({ name: 'conflicts' });
    await waitFor(() => expect($$('[data-testid="conflict"]')).toHaveLength(1));
    expect(text($('[data-testid="conflict-from"]'))).toMatch(/^From Beatriz Ochoa, received Nov 25, 2026/);
    expect($('[data-testid="nav-contacts"]')!.getAttribute('aria-current')).toBe('page');
  });

  it('offers no conflicts button when there were none, and updates the Contacts link after', async () => {
    const bundle = { ...sampleBundle(), conflicts: [], cases: [{ ...sampleBundle().cases[1]! }] };
    await openImport((b) => (b.incomingBundle = bundle));
    expect($('[data-testid="conflicts-open"]')).toBeNull();
    await waitFor(() => expect(confirmButton()).not.toBeNull());
    expect($('[data-testid="import-conflicts"]')).toBeNull();
    await click(confirmButton());
    await waitFor(() => expect($('[data-testid="import-result"]')).not.toBeNull());
    expect($('[data-testid="import-view-conflicts"]')).toBeNull();
    await click($('[data-testid="import-close"]'));
    expect($('[data-testid="import-dialog"]')).toBeNull();
    expect(document.activeElement).toBe($('[data-testid="import-open"]'));
    expect($('[data-testid="conflicts-open"]')).toBeNull();
  });

  it('is in Spanish, axe-clean', async () => {
    await openImport(SPANISH);
    await waitFor(() => expect($('[data-testid="import-from"]')).not.toBeNull());
    expect(text($('[data-testid="import-dialog"] h2'))).toBe('Importar un paquete');
    expect(text($('[data-testid="import-from"]'))).toBe('De Beatriz Ochoa ✓ Verificado');
    expect(text($('[data-testid="import-case-counts"]'))).toBe(
      '2 registros nuevos, 1 actualizado, 14 sin cambios, 1 modificado solo aquí (se conserva el suyo), 1 conflicto',
    );
    expect(text($('[data-testid="import-contents"]'))).toBe('Con 4 personas y 3 documentos (1,5 MB).');
    expect(cells($('[data-testid="import-conflict"] thead tr'))).toEqual(['Campo', 'Su versión', 'La recibida']);
    await expectNoAxeViolations();
    await click(confirmButton());
    await waitFor(() => expect(text($('[data-testid="import-result"] h3'))).toBe('Paquete 3 importado: 2 expedientes, 4 personas, 3 documentos.'));
    expect(text($('[data-testid="import-view-conflicts"]'))).toBe('Revisar 1 conflicto');
  });
});

describe('conflicts', () => {
  async function openConflicts(configure?: (b: FakeBackend) => void) {
    const app = await openContacts((b) => {
      b.conflicts = sampleConflicts();
      configure?.(b);
    });
    await waitFor(() => expect($('[data-testid="conflicts-open"]')).not.toBeNull());
    expect(text($('[data-testid="conflicts-open"]'))).toBe('Conflicts (2)');
    await click($('[data-testid="conflicts-open"]'));
    await waitFor(() => expect($$('[data-testid="conflict"]')).toHaveLength(2));
    return app;
  }

  it('lists each conflict with its kind, label, sender, date and differences', async () => {
    await openConflicts();
    expect(router.current).toEqual({ name: 'conflicts' });
    expect(text($('h1'))).toBe('Conflicts');
    const [first, second] = $$('[data-testid="conflict"]');
    expect(text(first!.querySelector('[data-testid="conflict-kind"]'))).toBe('Event');
    expect(text(first!.querySelector('[data-testid="conflict-label"]'))).toBe('Master calendar hearing, 25 Nov 2026');
    expect(text(first!.querySelector('[data-testid="conflict-from"]'))).toMatch(/^From Beatriz Ochoa, received Nov 24, 2026/);
    expect(text(second!.querySelector('[data-testid="conflict-kind"]'))).toBe('Case');
    expect(text(second!.querySelector('[data-testid="conflict-from"]'))).toMatch(/^Received Nov 23, 2026/);
    expect(cells(second!.querySelector('[data-testid="diff-row"]'))).toEqual(['Stage', 'Preparing', 'Filed']);
    expect(first!.querySelector('[data-testid="conflict-keep-mine"]')!.getAttribute('aria-label')).toBe('Keep mine: Master calendar hearing, 25 Nov 2026');
    await expectNoAxeViolations();
  });

  it('"Keep mine" settles it at once and the list shrinks', async () => {
    const { backend } = await openConflicts();
    await click($('[data-testid="conflict-keep-mine"]'));
    expect(backend.callsOf('conflict_resolve')).toEqual([{ cmd: 'conflict_resolve', args: { id: 'cf-1', keep: 'mine' } }]);
    await waitFor(() => expect($$('[data-testid="conflict"]').map((c) => c.dataset.id)).toEqual(['cf-2']));
    expect(text($('[data-testid="conflicts-status"]'))).toBe('Your version of “Master calendar hearing, 25 Nov 2026” was kept.');
    expect(document.activeElement).toBe($('h1'));
  });

  it('"Take theirs" asks first; Cancel changes nothing, confirming takes theirs', async () => {
    const { backend } = await openConflicts();
    const take = $$('[data-testid="conflict-take-theirs"]')[1]!;
    take.focus();
    await click(take);
    const dialog = $('[data-testid="conflict-take-dialog"]')!;
    expect(dialog).not.toBeNull();
    expect(text(dialog.querySelector('h2'))).toBe('Replace your version with theirs?');
    expect(text(dialog)).toContain('“Hernández — asylum”: the version you received replaces yours.');
    expect(document.activeElement).toBe($('[data-testid="confirm-cancel"]'));
    await expectNoAxeViolations();

    await click($('[data-testid="confirm-cancel"]'));
    expect($('[data-testid="conflict-take-dialog"]')).toBeNull();
    expect(backend.callsOf('conflict_resolve')).toHaveLength(0);
    expect(document.activeElement).toBe(take);

    await click($$('[data-testid="conflict-take-theirs"]')[0]!);
    expect(text($('[data-testid="conflict-take-dialog"]'))).toContain('the version from Beatriz Ochoa replaces yours.');
    await click($('[data-testid="confirm-ok"]'));
    expect(backend.callsOf('conflict_resolve')).toEqual([{ cmd: 'conflict_resolve', args: { id: 'cf-1', keep: 'theirs' } }]);
    await waitFor(() => expect($('[data-testid="conflict-take-dialog"]')).toBeNull());
    expect($$('[data-testid="conflict"]').map((c) => c.dataset.id)).toEqual(['cf-2']);
    expect(text($('[data-testid="conflicts-status"]'))).toBe('Their version of “Master calendar hearing, 25 Nov 2026” replaced yours.');
    expect(backend.resolved).toEqual([{ id: 'cf-1', keep: 'theirs' }]);
  });

  it('shows a failed "Take theirs" inside the confirmation, and keeps the conflict', async () => {
    const { backend } = await openConflicts();
    backend.fail('conflict_resolve', { code: 'not-found', message: 'no such conflict' });
    await click($('[data-testid="conflict-take-theirs"]'));
    await click($('[data-testid="confirm-ok"]'));
    await waitFor(() => expect($('[data-testid="conflict-take-dialog"] [role="alert"]')?.textContent).toContain(en['error.not-found']));
    expect($$('[data-testid="conflict"]')).toHaveLength(2);
  });

  it('says "No conflicts" when all are settled, and the Contacts link goes away', async () => {
    await openConflicts();
    await click($('[data-testid="conflict-keep-mine"]'));
    await click($('[data-testid="conflict-keep-mine"]'));
    await waitFor(() => expect($('[data-testid="conflicts-empty"]')).not.toBeNull());
    expect(text($('[data-testid="conflicts-empty"]'))).toBe('No conflicts.');
    expect($('[data-testid="conflict"]')).toBeNull();
    await expectNoAxeViolations();
    await click($('[data-testid="nav-contacts"]'));
    await waitFor(() => expect($$('[data-testid="contact"]').length).toBeGreaterThan(0));
    expect($('[data-testid="conflicts-open"]')).toBeNull();
  });

  it('is in Spanish', async () => {
    await openContacts((b) => {
      SPANISH(b);
      b.conflicts = sampleConflicts();
    });
    await waitFor(() => expect(text($('[data-testid="conflicts-open"]'))).toBe('Conflictos (2)'));
    await click($('[data-testid="conflicts-open"]'));
    await waitFor(() => expect($$('[data-testid="conflict"]')).toHaveLength(2));
    expect(text($('[data-testid="conflict-keep-mine"]'))).toBe('Conservar la mía');
    expect(text($('[data-testid="conflict-take-theirs"]'))).toBe('Aceptar la recibida');
    expect(text($('[data-testid="conflict-kind"]'))).toBe('Evento');
    await click($('[data-testid="conflict-take-theirs"]'));
    expect(text($('[data-testid="conflict-take-dialog"] h2'))).toBe('¿Reemplazar su versión por la recibida?');
    await expectNoAxeViolations();
  });
});
