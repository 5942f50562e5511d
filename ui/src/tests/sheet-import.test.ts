// Importing people and cases from a spreadsheet: choose the file (Rust's dialog), check it (a dry
// run), change the column mapping and check again, then import all rows or none.
import { describe, it, expect, afterEach } from 'vitest';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import { fireEvent } from '@testing-library/svelte';
import { unlockApp, restoreTransport, click, settle, $, $$, waitFor, expectNoAxeViolations, untranslated } from './util';
import { PERSON_ID, sampleSheet, type FakeBackend } from './fake';
import * as ipc from '../lib/ipc';
import { router } from '../lib/router.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { en } from '../lib/i18n/en';
import { es } from '../lib/i18n/es';
import { SHEET_FIELDS } from '../lib/domain';

afterEach(() => {
  restoreTransport();
  clearMocks();
  setLang('en');
});

const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const texts = (sel: string) => $$(sel).map((e) => text(e));
const count = (id: string) => text($(`[data-testid="sheet-count-${id}"] dd`));
const importButton = () => $('[data-testid="sheet-import"]') as HTMLButtonElement;
const reviewedBox = () => $('[data-testid="sheet-conflicts-reviewed"]') as HTMLInputElement | null;
/** The mapping select of the column with this header. */
const select = (header: string) => $$('[data-testid="sheet-mapping"] select').find((s) => s.dataset.header === header) as HTMLSelectElement;
const errorRows = () => $$('[data-testid="sheet-error-row"]').map((e) => Number(e.dataset.row));
const conflictRows = () => $$('[data-testid="sheet-conflict-row"]').map((e) => Number(e.dataset.row));

/** The guessed mapping of the sample sheet, as Rust sends it (keys in byte order). */
const GUESSED = {
  Caso: 'case-title',
  Expediente: 'external-id',
  'Fecha de nacimiento': 'dob',
  Jurisdicción: 'jurisdiction',
  'Nac.': null,
  Nombre: 'name',
  'Notas internas': null,
  Resultado: 'outcome',
};

async function openScreen(configure?: (b: FakeBackend) => void) {
  const app = await unlockApp(configure);
  router.go({ name: 'sheetImport' });
  await settle();
  await waitFor(() => expect($('[data-testid="sheet-import-screen"]')).not.toBeNull());
  return app;
}

async function choose(configure?: (b: FakeBackend) => void) {
  const app = await openScreen(configure);
  await click($('[data-testid="sheet-choose"]'));
  await waitFor(() => expect($('[data-testid="sheet-summary"]')).not.toBeNull());
  return app;
}

async function mapAs(header: string, value: string) {
  await fireEvent.change(select(header), { target: { value } });
  await settle();
}

describe('ipc', () => {
  it('sends the spreadsheet commands with their arguments', async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, payload) => {
      seen.push([cmd, payload]);
      return cmd === 'sheet_pick_and_preview' ? null : { committed: cmd === 'sheet_import' };
    });
    const mapping: ipc.SheetMapping = { Nombre: 'name', Notas: null };
    expect(await ipc.sheetPickAndPreview()).toBeNull();
    await ipc.sheetPreview(mapping);
    expect((await ipc.sheetImport(mapping)).committed).toBe(true);
    expect(seen.map(([cmd]) => cmd)).toEqual(['sheet_pick_and_preview', 'sheet_preview', 'sheet_import']);
    expect(seen[1]![1]).toEqual({ mapping });
    expect(seen[2]![1]).toEqual({ mapping });
  });
});

describe('spreadsheet import: where it is', () => {
  it('opens from the Intake screen, which stays marked in the navigation', async () => {
    await unlockApp();
    await click($('[data-testid="nav-intake"]'));
    expect(text($('[data-testid="intake-import-sheet"]'))).toBe('Import a spreadsheet…');
    await click($('[data-testid="intake-import-sheet"]'));
    expect($('[data-testid="sheet-import-screen"]')).not.toBeNull();
    expect(document.activeElement?.tagName).toBe('H1');
    expect(text(document.activeElement)).toBe('Import a spreadsheet');
    expect($('[data-testid="nav-intake"]')?.getAttribute('aria-current')).toBe('page');
  });

  it('explains the template: every column, its header words, one row per person, all rows or none', async () => {
    const { backend } = await openScreen();
    const rows = $$('[data-testid="sheet-template"] tbody tr');
    expect(rows.map((r) => r.dataset.field)).toEqual([...SHEET_FIELDS]);
    const row = (f: string) => text(rows.find((r) => r.dataset.field === f)!);
    expect(row('name')).toContain('(required)');
    expect(row('name')).toContain('nombre completo');
    expect(row('dob')).toContain('YYYY-MM-DD');
    expect(row('jurisdiction')).toContain('us-eoir, us-uscis, mx-comar, co, unhcr');
    expect(row('external-id')).toContain('número de expediente');
    const page = text($('[data-testid="sheet-import-screen"]'));
    expect(page).toContain('One row per person.');
    expect(page).toContain('(.xlsx)');
    expect(page).toContain('All rows or none');
    // nothing is asked of Rust before the lawyer chooses a file
    expect(backend.calls.filter((c) => c.cmd.startsWith('sheet_'))).toEqual([]);
    await expectNoAxeViolations();
  });
});

describe('spreadsheet import: the check', () => {
  it('shows the counts, the mapping, the errors, the possible conflicts and the first rows', async () => {
    const { backend } = await choose();
    expect(backend.callsOf('sheet_pick_and_preview')).toHaveLength(1);
    expect(backend.callsOf('sheet_pick_and_preview')[0]!.args).toBeUndefined();
    expect(document.activeElement?.id).toBe('sheet-summary-title');

    // counts
    expect(count('rows')).toBe('5');
    expect(count('new-people')).toBe('4');
    expect(count('updated-people')).toBe('0');
    expect(count('new-cases')).toBe('3');
    expect(count('updated-cases')).toBe('0');
    expect(count('errors')).toBe('1');
    expect(count('conflicts')).toBe('2');
    expect(text($('[data-testid="sheet-summary"]'))).toContain('nothing has been written yet');
    expect(text($('[data-testid="sheet-encoding"]'))).toBe('Read as Windows-1252 text (as Excel saves CSV files in Spanish).');

    // the mapping: one select per header, in the sheet's own column order, with "Do not import"
    const selects = $$('[data-testid="sheet-mapping"] select') as HTMLSelectElement[];
    expect(selects.map((s) => s.dataset.testid)).toEqual(Object.keys(GUESSED).map((_, i) => `sheet-map-${i}`));
    expect(selects.map((s) => s.dataset.header)).toEqual(sampleSheet().headers);
    expect(Object.fromEntries(selects.map((s) => [s.dataset.header, s.value || null]))).toEqual(GUESSED);
    expect(Array.from(selects[0]!.options).map((o) => o.value)).toEqual(['', ...SHEET_FIELDS]);
    expect(selects[0]!.options[0]!.textContent).toBe('Do not import');
    expect(select('Nac.').labels?.[0]?.textContent).toBe('Import the column “Nac.” as');

    // errors: the row and Rust's message
    expect(errorRows()).toEqual([4]);
    expect(texts('[data-testid="sheet-error-row"]')).toEqual(['Row 4: date of birth: must be a date, YYYY-MM-DD']);

    // possible conflicts, per row, with the conflict-check component
    expect(conflictRows()).toEqual([3, 7]);
    const carmen = $('[data-testid="sheet-conflict-row"][data-row="3"]')!;
    expect(text(carmen.querySelector('h3'))).toBe('Row 3: Carmen Díaz');
    expect(carmen.querySelector('[data-testid="conflict-match"]')?.getAttribute('data-person-id')).toBe('p-4');
    expect(carmen.querySelector('[data-testid="conflict-adverse"]')).not.toBeNull();
    const maria = $('[data-testid="sheet-conflict-row"][data-row="7"]')!;
    expect(maria.querySelector('[data-testid="conflict-match"]')?.getAttribute('data-person-id')).toBe(PERSON_ID);

    // the first rows
    const preview = $$('[data-testid="sheet-preview-row"]');
    expect(preview.map((r) => [r.dataset.row, r.dataset.action])).toEqual([
      ['2', 'create'],
      ['3', 'create'],
      ['4', 'error'],
      ['5', 'create'],
      ['7', 'create'],
    ]);
    const cells = (r: HTMLElement) => Array.from(r.children).map((c) => text(c));
    expect(cells(preview[0]!)).toEqual(['2', 'Rosa Martínez', 'Martínez — asilo', 'Added']);
    expect(text(preview[2]!)).toContain('Error: not imported');
    expect(text(preview[4]!)).toContain('No case');
    expect($$('[data-testid="sheet-preview"] th[scope="col"]').map((th) => text(th))).toEqual(['Row', 'Name', 'Case title', 'What happens']);

    // the import waits for the errors to be fixed
    expect(importButton().disabled).toBe(true);
    expect(text($('[data-testid="sheet-import-why"]'))).toBe('Importing is not possible while rows have errors: all rows are imported, or none.');
    expect(importButton().getAttribute('aria-describedby')).toBe('sheet-import-why');
    await expectNoAxeViolations();
  });

  it('sends the edited mapping with "Preview again", and shows the new errors and conflicts', async () => {
    const { backend } = await choose();
    await mapAs('Nac.', 'nationality');
    await mapAs('Fecha de nacimiento', '');
    // not checked yet: the import waits for the new check
    expect(text($('[data-testid="sheet-mapping-changed"]'))).toContain('You changed the columns.');
    expect(text($('[data-testid="sheet-import-why"]'))).toBe('Press “Preview again” first: the rows were checked with other columns.');
    expect(backend.callsOf('sheet_preview')).toHaveLength(0);

    await click($('[data-testid="sheet-repreview"]'));
    await waitFor(() => expect(backend.callsOf('sheet_preview')).toHaveLength(1));
    expect(backend.callsOf('sheet_preview')[0]!.args).toEqual({
      mapping: { ...GUESSED, 'Nac.': 'nationality', 'Fecha de nacimiento': null },
    });
    await settle();
    // the bad date is no longer read; "Somalia" is not a country code
    expect(errorRows()).toEqual([5]);
    expect(texts('[data-testid="sheet-error-row"]')).toEqual(['Row 5: nationality: use a two-letter country code such as HN or VE']);
    expect(count('errors')).toBe('1');
    expect(conflictRows()).toEqual([3, 7]);
    expect(select('Nac.').value).toBe('nationality');
    expect($('[data-testid="sheet-mapping-changed"]')).toBeNull();

    // no date of birth, no nationality: no errors left
    await mapAs('Nac.', '');
    await click($('[data-testid="sheet-repreview"]'));
    await settle();
    expect(backend.callsOf('sheet_preview')[1]!.args).toEqual({ mapping: { ...GUESSED, 'Fecha de nacimiento': null } });
    expect(errorRows()).toEqual([]);
    expect(text($('[data-testid="sheet-errors"]'))).toContain('No errors found.');
    expect(count('new-people')).toBe('5');
    expect(count('new-cases')).toBe('4');
  });

  it('says what is wrong with the mapping before asking Rust: no name column, a field chosen twice', async () => {
    const { backend } = await choose();
    await mapAs('Nombre', '');
    expect(texts('[data-testid="sheet-mapping-problem"]')).toEqual(['Choose the column that holds the name: it is required.']);
    expect(($('[data-testid="sheet-repreview"]') as HTMLButtonElement).disabled).toBe(true);
    expect(importButton().disabled).toBe(true);
    expect(text($('[data-testid="sheet-import-why"]'))).toBe('Fix the columns first.');

    await mapAs('Nombre', 'name');
    await mapAs('Notas internas', 'name');
    expect(texts('[data-testid="sheet-mapping-problem"]')).toEqual(['“Name” is chosen for more than one column. Choose it for one column only.']);
    expect(select('Notas internas').getAttribute('aria-invalid')).toBe('true');
    expect(select('Nombre').getAttribute('aria-invalid')).toBe('true');
    expect(select('Caso').getAttribute('aria-invalid')).toBe('false');
    expect(($('[data-testid="sheet-repreview"]') as HTMLButtonElement).disabled).toBe(true);

    await mapAs('Notas internas', '');
    expect($$('[data-testid="sheet-mapping-problem"]')).toHaveLength(0);
    expect($('[data-testid="sheet-mapping-changed"]')).toBeNull();
    expect(backend.callsOf('sheet_preview')).toHaveLength(0);
  });

  it('shows a refused mapping or file with the error alert, and keeps the last check', async () => {
    const { backend } = await choose();
    backend.fail('sheet_preview', { code: 'invalid-input', message: 'mapping: names a column the sheet does not have' });
    await mapAs('Nac.', 'phone');
    await click($('[data-testid="sheet-repreview"]'));
    const alert = $('[data-testid="sheet-error"]')!;
    expect(alert.getAttribute('data-code')).toBe('invalid-input');
    expect(text(alert)).toContain('Technical detail: mapping: names a column the sheet does not have');
    expect(count('rows')).toBe('5');

    backend.fail('sheet_pick_and_preview', { code: 'invalid-input', message: 'spreadsheet: unpacks to more than 128 MB' });
    await click($('[data-testid="sheet-choose"]'));
    expect(text($('[data-testid="sheet-error"]'))).toContain('unpacks to more than 128 MB');
    await expectNoAxeViolations();
  });

  it('does nothing when the open dialog is cancelled', async () => {
    const { backend } = await openScreen((b) => (b.sheet = null));
    await click($('[data-testid="sheet-choose"]'));
    expect(backend.callsOf('sheet_pick_and_preview')).toHaveLength(1);
    expect(text($('[data-testid="sheet-status"]'))).toBe('No file was chosen.');
    expect($('[data-testid="sheet-summary"]')).toBeNull();
    expect($('[data-testid="sheet-import"]')).toBeNull();
  });
});

describe('spreadsheet import: importing', () => {
  it('asks for the conflicts to be reviewed, then imports all rows and shows the result', async () => {
    const { backend } = await choose();
    await mapAs('Fecha de nacimiento', '');
    await click($('[data-testid="sheet-repreview"]'));
    await settle();
    expect(errorRows()).toEqual([]);

    // possible conflicts: the checkbox first
    expect(reviewedBox()).not.toBeNull();
    expect(reviewedBox()!.checked).toBe(false);
    expect(text(document.querySelector('label[for="sheet-conflicts-reviewed"]'))).toBe('I reviewed the possible conflicts');
    expect(importButton().disabled).toBe(true);
    expect(text($('[data-testid="sheet-import-why"]'))).toBe('Tick “I reviewed the possible conflicts” first.');
    await click(reviewedBox());
    expect(importButton().disabled).toBe(false);
    expect(text($('[data-testid="sheet-import-why"]'))).toBe('Ready: all 5 rows will be imported.');
    await click(reviewedBox());
    expect(importButton().disabled).toBe(true);
    await click(reviewedBox());

    await click(importButton());
    await waitFor(() => expect($('[data-testid="sheet-done"]')).not.toBeNull());
    expect(backend.callsOf('sheet_import')).toHaveLength(1);
    expect(backend.callsOf('sheet_import')[0]!.args).toEqual({ mapping: { ...GUESSED, 'Fecha de nacimiento': null } });
    const done = $('[data-testid="sheet-done"]')!;
    expect(text(done)).toContain('5 rows imported.');
    expect(text(done.querySelector('[data-testid="sheet-count-new-people"] dd'))).toBe('5');
    expect(text(done.querySelector('[data-testid="sheet-count-new-cases"] dd'))).toBe('4');
    expect(document.activeElement?.id).toBe('sheet-done-title');
    expect($('[data-testid="sheet-summary"]')).toBeNull();
    expect(text($('[data-testid="sheet-to-cases"]'))).toBe('Go to the cases');
    await expectNoAxeViolations();

    // the same sheet again: the rows with an external id now update what they brought in
    await click($('[data-testid="sheet-choose"]'));
    await waitFor(() => expect($('[data-testid="sheet-summary"]')).not.toBeNull());
    expect($('[data-testid="sheet-done"]')).toBeNull();
    expect(select('Fecha de nacimiento').value).toBe('');
    expect(count('updated-people')).toBe('4');
    expect(count('updated-cases')).toBe('4');
    expect(count('new-people')).toBe('1');
    expect($$('[data-testid="sheet-preview-row"]').map((r) => r.dataset.action)).toEqual(['update', 'update', 'update', 'update', 'create']);
  });

  it('imports at once when there are no errors and no possible conflicts', async () => {
    const sheet = sampleSheet();
    sheet.encoding = 'xlsx';
    sheet.rows = sheet.rows.filter((r) => r.row === 2);
    const { backend } = await choose((b) => (b.sheet = sheet));
    expect(text($('[data-testid="sheet-encoding"]'))).toBe('Read as an Excel workbook (first sheet only).');
    expect(text($('[data-testid="sheet-conflicts"]'))).toContain('No row matches anyone already in this vault.');
    expect(reviewedBox()).toBeNull();
    expect(text($('[data-testid="sheet-import-why"]'))).toBe('Ready: 1 row will be imported.');
    await click(importButton());
    await waitFor(() => expect($('[data-testid="sheet-done"]')).not.toBeNull());
    expect(text($('[data-testid="sheet-done"]'))).toContain('1 row imported.');
    expect(backend.callsOf('sheet_import')).toHaveLength(1);
  });

  it('shows the errors when the import comes back with nothing written', async () => {
    const { backend } = await choose();
    await mapAs('Fecha de nacimiento', '');
    await click($('[data-testid="sheet-repreview"]'));
    await settle();
    await click(reviewedBox());
    expect(importButton().disabled).toBe(false);
    // the file is edited on disk after the check: Rust reads it again and refuses all rows
    backend.sheet!.rows[0]!.cells[4] = '=HYPERLINK("http://x")';

    await click(importButton());
    await waitFor(() => expect($('[data-testid="sheet-refused"]')).not.toBeNull());
    expect(backend.callsOf('sheet_import')).toHaveLength(1);
    expect($('[data-testid="sheet-done"]')).toBeNull();
    expect(text($('[data-testid="sheet-refused"]'))).toContain('Nothing was imported');
    expect($('[data-testid="sheet-refused"]')?.getAttribute('role')).toBe('alert');
    expect(texts('[data-testid="sheet-error-row"]')).toEqual(['Row 2: case title: looks like a spreadsheet formula; type the value itself']);
    expect(importButton().disabled).toBe(true);
    expect(document.activeElement?.id).toBe('sheet-errors-title');
    expect(Object.keys(backend.sheetRows)).toEqual([]);
  });
});

describe('spreadsheet import in Spanish', () => {
  it('translates the screen, the fields and the actions', async () => {
    await choose((b) => (b.settings = { language: 'es', auto_lock_minutes: 5 }));
    expect(text($('h1'))).toBe('Importar una hoja de cálculo');
    expect(text($('[data-testid="sheet-choose"]'))).toBe('Elegir una hoja de cálculo…');
    expect(text($('[data-testid="sheet-encoding"]'))).toBe('Leído como texto Windows-1252 (así guarda Excel los archivos CSV en español).');
    expect(select('Nombre').selectedOptions[0]?.textContent).toBe('Nombre');
    expect(select('Nac.').selectedOptions[0]?.textContent).toBe('No importar');
    expect(select('Fecha de nacimiento').selectedOptions[0]?.textContent).toBe('Fecha de nacimiento');
    expect(texts('[data-testid="sheet-error-row"] strong')).toEqual(['Fila 4:']);
    expect(text($('[data-testid="sheet-preview-row"][data-row="2"]'))).toContain('Se añade');
    expect(text($('[data-testid="sheet-import-why"]'))).toContain('No se puede importar mientras haya filas con errores');
    expect(text($('[data-testid="sheet-conflict-row"][data-row="3"] h3'))).toBe('Fila 3: Carmen Díaz');
    await expectNoAxeViolations();
  });

  it('has every new text in Spanish', () => {
    const keys = Object.keys(en).filter((k) => /^(sheetImport|sheetField|outcome)\./.test(k) || k.startsWith('intake.sheet'));
    expect(keys.length).toBeGreaterThan(100);
    expect(untranslated(keys)).toEqual([]);
    expect(SHEET_FIELDS.filter((f) => !(`sheetField.${f}` in en) || !(`sheetField.${f}` in es) || !(`sheetImport.help.${f}` in es))).toEqual([]);
  });
});
