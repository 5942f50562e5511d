// Sending cases to co-counsel: the three-step wizard (cases, recipients, confirm and save),
// opened from the Contacts screen or from a case, and what it sends to `bundle_export`.
import { describe, it, expect, afterEach } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import { unlockApp, restoreTransport, click, settle, type, untranslated, $, $$, waitFor, expectNoAxeViolations } from './util';
import { router } from '../lib/router.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { en } from '../lib/i18n/en';
import { es } from '../lib/i18n/es';
import { CASE_ID, type FakeBackend } from './fake';

afterEach(() => {
  restoreTransport();
  setLang('en');
});

const SPANISH = (b: FakeBackend) => (b.settings = { language: 'es', auto_lock_minutes: 5 });
const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const step = () => $('[data-testid="export-step"]')?.dataset.step;
const chips = () => $$('[data-testid="export-chip"]').map((c) => c.dataset.id);
const checked = (sel: string) => $$(sel).filter((b) => (b as HTMLInputElement).checked).map((b) => (b as HTMLInputElement).value);
/** An option's checkbox by the text of its label. */
function option(testid: string, label: string): HTMLInputElement {
  const box = $$(`[data-testid="${testid}"]`).find((b) => text(b.parentElement!.querySelector('label')).startsWith(label));
  if (!box) throw new Error(`no ${testid} labelled ${label}`);
  return box as HTMLInputElement;
}

async function openFromContacts(configure?: (b: FakeBackend) => void) {
  const app = await unlockApp(configure);
  await click($('[data-testid="nav-contacts"]'));
  await waitFor(() => expect($$('[data-testid="contact"]').length).toBeGreaterThan(0));
  $('[data-testid="start-export"]')!.focus();
  await click($('[data-testid="start-export"]'));
  await waitFor(() => expect($$('[data-testid="export-case-option"]').length).toBeGreaterThan(0));
  return app;
}

async function openFromCase(configure?: (b: FakeBackend) => void) {
  const app = await unlockApp(configure);
  router.go({ name: 'case', id: CASE_ID });
  await settle();
  await waitFor(() => expect($('[data-testid="case-title"]')).not.toBeNull());
  $('[data-testid="export-case"]')!.focus();
  await click($('[data-testid="export-case"]'));
  await waitFor(() => expect($$('[data-testid="export-case-option"]').length).toBeGreaterThan(0));
  return app;
}

async function search(words: string) {
  await type($('[data-testid="export-search"]'), words);
  await new Promise((r) => setTimeout(r, 200));
  await settle();
}

/** From step 1 with the case chosen, to step 3 with these contacts and raw recipients. */
async function toConfirm(contactNames: string[], raw = '') {
  await click($('[data-testid="export-next"]'));
  for (const n of contactNames) await click(option('export-contact-option', n));
  if (raw) await type($('[data-testid="export-recipients"]'), raw);
  await click($('[data-testid="export-next"]'));
  expect(step()).toBe('3');
}

describe('export → translations', () => {
  it('has every export string in English and Spanish, translated', () => {
    const keys = Object.keys(en).filter((k) => k.startsWith('export.'));
    expect(keys.length).toBeGreaterThan(40);
    expect(untranslated(keys)).toEqual([]);
  });
});

describe('export → step 1: cases', () => {
  it('opens from the Contacts screen with nothing chosen, listing the first 50 cases', async () => {
    const { backend } = await openFromContacts();
    const dialog = $('[data-testid="export-dialog"]')!;
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(text(dialog.querySelector('h2'))).toBe('Send cases to co-counsel');
    expect(text($('[data-testid="export-step"]'))).toBe('Step 1 of 3: Choose the cases');
    expect(chips()).toEqual([]);
    expect(backend.callsOf('cases_list').at(-1)!.args).toEqual({
      filter: { text: null, jurisdiction: null, stage: null, lawyer: null, limit: 50, offset: 0 },
    });
    expect($$('[data-testid="export-case-option"]')).toHaveLength(50);
    expect(text($('[data-testid="export-search-status"]'))).toBe('Showing the first 50 of 50,000 cases. Type to narrow the list.');
    expect(document.activeElement).toBe($('[data-testid="export-search"]'));
    await expectNoAxeViolations();
  });

  it('opening from the case view preselects that case', async () => {
    await openFromCase();
    expect(chips()).toEqual([CASE_ID]);
    expect(text($('[data-testid="export-chip"]'))).toContain('Hernández — asylum');
    expect(checked('[data-testid="export-case-option"]')).toEqual([CASE_ID]);
    await click($('[data-testid="export-next"]'));
    expect(step()).toBe('2');
    expect(document.activeElement).toBe($('[data-testid="export-step"]'));
  });

  it('searches with the text filter, and lists chosen cases as removable chips', async () => {
    const { backend } = await openFromContacts();
    await search('  case ');
    expect(backend.callsOf('cases_list').at(-1)!.args).toEqual({
      filter: { text: 'case', jurisdiction: null, stage: null, lawyer: null, limit: 50, offset: 0 },
    });
    expect($$('[data-testid="export-case-option"]')).toHaveLength(3);
    expect(text($('[data-testid="export-search-status"]'))).toBe('3 cases match.');

    await click(option('export-case-option', 'Case 1'));
    await click(option('export-case-option', 'Case 2'));
    expect(chips()).toEqual(['c-2', 'c-3']);
    await expectNoAxeViolations();

    // Keyboard: the chip's button says what it removes; focus moves on to the next chip.
    const remove = $$('[data-testid="export-chip-remove"]')[0]!;
    expect(remove.getAttribute('aria-label')).toBe('Remove Case 1');
    await click(remove);
    expect(chips()).toEqual(['c-3']);
    expect(checked('[data-testid="export-case-option"]')).toEqual(['c-3']);
    expect(document.activeElement).toBe($('[data-testid="export-chip-remove"]'));

    // Unticking the box removes the chip too; the last removal returns focus to the search box.
    await click(option('export-case-option', 'Case 2'));
    await click(option('export-case-option', 'Case 2'));
    expect(chips()).toEqual(['c-3']);
    await click($('[data-testid="export-chip-remove"]'));
    expect(chips()).toEqual([]);
    expect(document.activeElement).toBe($('[data-testid="export-search"]'));
  });

  it('keeps chosen cases when the search changes', async () => {
    await openFromCase();
    await search('zzz');
    expect(chips()).toEqual([CASE_ID]);
  });

  it('cannot continue without a case', async () => {
    await openFromContacts();
    await click($('[data-testid="export-next"]'));
    expect(step()).toBe('1');
    const err = $('[data-testid="export-step-error"]')!;
    expect(err.getAttribute('role')).toBe('alert');
    expect(text(err)).toBe('Choose at least one case.');
    expect(document.activeElement).toBe($('[data-testid="export-search"]'));
    await expectNoAxeViolations();
    await click(option('export-case-option', 'Case 0'));
    expect($('[data-testid="export-step-error"]')).toBeNull();
    await click($('[data-testid="export-next"]'));
    expect(step()).toBe('2');
  });
});

describe('export → step 2: recipients', () => {
  it('lists the contacts with their trust, and warns about an unverified one once chosen', async () => {
    await openFromCase();
    await click($('[data-testid="export-next"]'));
    expect(text($('[data-testid="export-step"]'))).toBe('Step 2 of 3: Choose who can open it');
    const labels = $$('[data-testid="export-contact-option"]').map((b) => text(b.parentElement!.querySelector('label')));
    expect(labels).toEqual(['Beatriz Ochoa ✓ Verified', 'Diego Salazar Not verified yet']);
    expect(text($('label[for="' + $('[data-testid="export-recipients"]')!.id + '"]'))).toBe('Other recipients (optional)');
    expect(document.body.textContent).toContain('For a colleague who does not use Amparo (their age public key, age1…). One per line.');

    await click(option('export-contact-option', 'Beatriz'));
    expect($('[data-testid="export-contact-warning"]')).toBeNull();
    const diego = option('export-contact-option', 'Diego');
    await click(diego);
    const warning = $('[data-testid="export-contact-warning"]')!;
    expect(text(warning)).toBe('You have not compared fingerprint words with Diego Salazar yet.');
    expect(diego.getAttribute('aria-describedby')).toBe(warning.id);
    await expectNoAxeViolations();

    // allowed: the warning comes again on the last step, and the bundle can be saved
    await click($('[data-testid="export-next"]'));
    expect(step()).toBe('3');
    expect(text($('[data-testid="export-contact-warning"]'))).toContain('Diego Salazar');
    expect(($('[data-testid="export-save"]') as HTMLButtonElement).disabled).toBe(false);
  });

  it('cannot continue without a recipient (blank lines do not count)', async () => {
    await openFromCase();
    await click($('[data-testid="export-next"]'));
    await type($('[data-testid="export-recipients"]'), ' \n  \n');
    await click($('[data-testid="export-next"]'));
    expect(step()).toBe('2');
    expect(text($('[data-testid="export-step-error"]'))).toBe('Choose at least one contact, or add an age public key.');
    expect(document.activeElement).toBe($('[data-testid="export-contact-option"]'));
    await expectNoAxeViolations();

    await type($('[data-testid="export-recipients"]'), 'age1abc');
    await click($('[data-testid="export-next"]'));
    expect(step()).toBe('3');
  });

  it('says so when there are no contacts, and still takes a raw recipient', async () => {
    await openFromCase((b) => (b.contacts = []));
    await click($('[data-testid="export-next"]'));
    expect(document.body.textContent).toContain('You have no contacts yet.');
    expect($('[data-testid="export-contact-option"]')).toBeNull();
    await expectNoAxeViolations();
    await type($('[data-testid="export-recipients"]'), 'age1abc');
    await click($('[data-testid="export-next"]'));
    expect(text($('[data-testid="export-summary"]'))).toContain('only the holder of the key age1abc can open it.');
  });

  it('Back keeps every choice', async () => {
    await openFromCase();
    await toConfirm(['Beatriz'], 'age1xyz');
    await click($('[data-testid="export-back"]'));
    expect(step()).toBe('2');
    expect(checked('[data-testid="export-contact-option"]')).toEqual(['k-1']);
    expect(($('[data-testid="export-recipients"]') as HTMLTextAreaElement).value).toBe('age1xyz');
    await click($('[data-testid="export-back"]'));
    expect(chips()).toEqual([CASE_ID]);
  });
});

describe('export → step 3: confirm and save', () => {
  const RAW = 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq';

  it('sums up in plain words, then calls bundle_export with exactly the choices and shows what was saved', async () => {
    const { backend } = await openFromCase();
    await search('case');
    await click(option('export-case-option', 'Case 2'));
    await toConfirm(['Beatriz', 'Diego'], `  ${RAW}  \n\n\r\n age1second \n`);

    expect(text($('[data-testid="export-step"]'))).toBe('Step 3 of 3: Check and save');
    expect(text($('[data-testid="export-summary"]'))).toBe(
      '2 cases, with their people, notes, deadlines and documents, encrypted so that only Beatriz Ochoa, Diego Salazar, ' +
        'the holder of the key age1qyqszq…3290gq, and the holder of the key age1second can open it.',
    );
    const body = document.body.textContent!;
    expect(body).toContain('The file is signed by you. Anyone who gets the file without their key sees nothing.');
    expect(body).toContain(
      'Your colleague imports it in Amparo (Contacts → Import a bundle…), or opens it with the standard age and minisign tools (the steps are in docs/bundle-format.md).',
    );
    expect($$('.bundle-cases li').map(text)).toEqual(['Hernández — asylum', 'Case 2']);
    expect(text($('[data-testid="export-result"]'))).toBe('');
    await expectNoAxeViolations();

    await click($('[data-testid="export-save"]'));
    expect(backend.callsOf('bundle_export')).toEqual([
      { cmd: 'bundle_export', args: { caseIds: [CASE_ID, 'c-3'], contactIds: ['k-1', 'k-2'], recipients: [RAW, 'age1second'] } },
    ]);
    await waitFor(() => expect(text($('[data-testid="export-result"]'))).toBe('Bundle 1 saved: 2 cases, 3 people, 3 documents.'));
    expect($('[data-testid="export-result"]')!.getAttribute('role')).toBe('status');
    expect($('[data-testid="export-save"]')).toBeNull();
    expect(document.activeElement).toBe($('[data-testid="export-close"]'));
    await expectNoAxeViolations();
    await click($('[data-testid="export-close"]'));
    expect($('[data-testid="export-dialog"]')).toBeNull();
  });

  it('uses the singular for one case, one person and one document', async () => {
    const { backend } = await openFromContacts();
    await click(option('export-case-option', 'Case 1'));
    await toConfirm(['Beatriz']);
    expect(text($('[data-testid="export-summary"]'))).toBe(
      '1 case, with its people, notes, deadlines and documents, encrypted so that only Beatriz Ochoa can open it.',
    );
    backend.overrides.set('bundle_export', () => ({ cases: 1, people: 1, attachments: 1, sequence: 7 }));
    await click($('[data-testid="export-save"]'));
    await waitFor(() => expect(text($('[data-testid="export-result"]'))).toBe('Bundle 7 saved: 1 case, 1 person, 1 document.'));
  });

  it('does nothing when the save dialog is cancelled (null)', async () => {
    const { backend } = await openFromCase((b) => (b.bundleCancelled = true));
    await toConfirm(['Beatriz']);
    await click($('[data-testid="export-save"]'));
    expect(backend.callsOf('bundle_export')).toHaveLength(1);
    expect(text($('[data-testid="export-result"]'))).toBe('');
    expect($('[role="alert"]')).toBeNull();
    expect(step()).toBe('3');
    const save = $('[data-testid="export-save"]') as HTMLButtonElement;
    expect(save.disabled).toBe(false);
    expect($('[data-testid="export-dialog"]')).not.toBeNull();
  });

  it('shows a refused recipient with what to do, and stays on the step', async () => {
    const { backend } = await openFromCase();
    await toConfirm([], 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5');
    await click($('[data-testid="export-save"]'));
    const alert = $('[data-testid="export-error"]')!;
    expect(alert).not.toBeNull();
    expect(alert.dataset.code).toBe('invalid-input');
    expect(alert.textContent).toContain(en['error.invalid-input']);
    expect(alert.textContent).toContain(en['export.errRecipient']);
    expect(alert.textContent).toContain('recipient: is not an age X25519 recipient');
    expect(step()).toBe('3');
    expect(text($('[data-testid="export-result"]'))).toBe('');
    expect(backend.bundleSequence).toBe(0);
    await expectNoAxeViolations();

    // fix it on step 2 and save again
    await click($('[data-testid="export-back"]'));
    expect($('[data-testid="export-error"]')).toBeNull();
    await type($('[data-testid="export-recipients"]'), 'age1fixed');
    await click($('[data-testid="export-next"]'));
    await click($('[data-testid="export-save"]'));
    await waitFor(() => expect(text($('[data-testid="export-result"]'))).toContain('Bundle 1 saved'));
    expect(backend.callsOf('bundle_export').at(-1)!.args).toEqual({ caseIds: [CASE_ID], contactIds: [], recipients: ['age1fixed'] });
  });

  it('shows any other failure too (a contact removed meanwhile)', async () => {
    const { backend } = await openFromCase();
    backend.fail('bundle_export', { code: 'not-found', message: 'contact not found' });
    await toConfirm(['Beatriz']);
    await click($('[data-testid="export-save"]'));
    await waitFor(() => expect($('[data-testid="export-error"]')?.textContent).toContain(en['export.errNotFound']));
    expect(step()).toBe('3');
  });
});

describe('export → keyboard and closing', () => {
  it('Escape closes the wizard and gives focus back to the button that opened it', async () => {
    const { backend } = await openFromCase();
    await fireEvent.keyDown($('[data-testid="export-dialog"]')!, { key: 'Escape' });
    await settle();
    expect($('[data-testid="export-dialog"]')).toBeNull();
    expect(document.activeElement).toBe($('[data-testid="export-case"]'));
    expect(backend.callsOf('bundle_export')).toEqual([]);
  });

  it('Cancel closes it without exporting', async () => {
    const { backend } = await openFromContacts();
    await click($('[data-testid="export-cancel"]'));
    expect($('[data-testid="export-dialog"]')).toBeNull();
    expect(document.activeElement).toBe($('[data-testid="start-export"]'));
    expect(backend.callsOf('bundle_export')).toEqual([]);
  });
});

describe('export → Spanish', () => {
  it('shows every step in Spanish, axe-clean', async () => {
    await openFromContacts(SPANISH);
    expect(text($('#sec-send'))).toBe(es['contacts.sendTitle']);
    expect(text($('[data-testid="export-dialog"] h2'))).toBe('Enviar expedientes a un colega');
    expect(text($('[data-testid="export-step"]'))).toBe('Paso 1 de 3: Elija los expedientes');
    expect(text($('[data-testid="export-search-status"]'))).toBe('Se muestran los primeros 50 de 50.000 expedientes. Escriba para acotar la lista.');
    await click($('[data-testid="export-next"]'));
    expect(text($('[data-testid="export-step-error"]'))).toBe(es['export.needCase']);
    await expectNoAxeViolations();

    await click(option('export-case-option', 'Case 1'));
    await click($('[data-testid="export-next"]'));
    expect(text($('[data-testid="export-step"]'))).toBe('Paso 2 de 3: Elija quién podrá abrirlo');
    await click(option('export-contact-option', 'Diego'));
    expect(text($('[data-testid="export-contact-warning"]'))).toBe('Aún no comparó las palabras de verificación con Diego Salazar.');
    expect(document.body.textContent).toContain(es['export.rawHint']);
    await expectNoAxeViolations();

    await type($('[data-testid="export-recipients"]'), 'age1abc');
    await click($('[data-testid="export-next"]'));
    expect(text($('[data-testid="export-summary"]'))).toBe(
      '1 expediente, con sus personas, notas, plazos y documentos, cifrado de modo que nadie más que Diego Salazar y quien tenga la clave age1abc pueda abrirlo.',
    );
    expect(document.body.textContent).toContain(es['export.signed']);
    expect(document.body.textContent).toContain(es['export.howToOpen']);
    expect(text($('[data-testid="export-save"]'))).toBe('Guardar paquete…');
    await expectNoAxeViolations();
    await click($('[data-testid="export-save"]'));
    await waitFor(() => expect(text($('[data-testid="export-result"]'))).toBe('Paquete 1 guardado: 1 expediente, 1 persona, 0 documentos.'));
  });

  it('names the button on the case view in Spanish', async () => {
    await openFromCase(SPANISH);
    expect(text($('[data-testid="export-case"]'))).toBe('Enviar a un colega…');
    await toConfirm(['Beatriz']);
    await click($('[data-testid="export-save"]'));
    await waitFor(() => expect(text($('[data-testid="export-result"]'))).toBe('Paquete 1 guardado: 1 expediente, 2 personas, 3 documentos.'));
  });
});
