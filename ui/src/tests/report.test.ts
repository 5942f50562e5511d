// The office report: counts only, small counts hidden as "<5", translated labels for the codes, a
// chart of cases opened by month, CSV and print.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import { fireEvent } from '@testing-library/svelte';
import { unlockApp, restoreTransport, click, settle, $, $$, waitFor, expectNoAxeViolations, untranslated } from './util';
import { FAKE_TODAY, sampleReport, type FakeBackend } from './fake';
import * as ipc from '../lib/ipc';
import { setLang } from '../lib/i18n/index.svelte';
import { en } from '../lib/i18n/en';
import { es } from '../lib/i18n/es';
import { OUTCOMES } from '../lib/domain';

afterEach(() => {
  restoreTransport();
  clearMocks();
  setLang('en');
  vi.restoreAllMocks();
});

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const total = (id: string) => text($(`[data-testid="report-${id}"] td`));
/** A breakdown table's rows as [label, count]. */
const rows = (id: string) =>
  $$(`[data-testid="report-by-${id}"] tbody tr`).map((tr) => Array.from(tr.children).map((c) => text(c)));
const bars = () => $$('[data-testid="chart-bar"]');

async function openReport(configure?: (b: FakeBackend) => void) {
  const app = await unlockApp(configure);
  await click($('[data-testid="nav-reports"]'));
  await waitFor(() => expect($('[data-testid="report"]')).not.toBeNull());
  return app;
}

async function setDate(id: string, value: string) {
  await fireEvent.input($(`[data-testid="${id}"]`)!, { target: { value } });
  await settle();
}

describe('ipc', () => {
  it('sends report_get and report_save_csv with the period', async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, payload) => {
      seen.push([cmd, payload]);
      return cmd === 'report_save_csv' ? false : sampleReport();
    });
    expect((await ipc.reportGet(null, null)).cases_opened).toBe(37);
    await ipc.reportGet('2026-01-01', '2026-06-30');
    expect(await ipc.reportSaveCsv('2026-01-01', null)).toBe(false);
    expect(seen).toEqual([
      ['report_get', { from: null, to: null }],
      ['report_get', { from: '2026-01-01', to: '2026-06-30' }],
      ['report_save_csv', { from: '2026-01-01', to: null }],
    ]);
  });
});

describe('report', () => {
  it('is its own item in the navigation and shows everything until today at once', async () => {
    const { backend } = await openReport();
    expect(text($('[data-testid="nav-reports"]'))).toBe('Reports');
    expect($('[data-testid="nav-reports"]')?.getAttribute('aria-current')).toBe('page');
    expect(backend.callsOf('report_get').map((c) => c.args)).toEqual([{ from: null, to: null }]);
    expect(text($('[data-testid="report-period"]'))).toBe('Everything until Nov 25, 2026');
  });

  it('shows the totals and every breakdown, with "<5" as it comes and labels for the codes', async () => {
    await openReport();
    expect(total('opened')).toBe('37');
    expect(total('closed')).toBe('12');
    expect(total('met')).toBe('48');
    expect(total('missed')).toBe('<5');
    expect($('[data-testid="report-missed"] [data-small]')?.getAttribute('title')).toBe('fewer than 5');

    expect(rows('jurisdiction')).toEqual([
      ['Colombia', 'hidden'],
      ['Mexico (COMAR)', '<5'],
      ['US immigration court (EOIR)', '21'],
      ['US affirmative (USCIS)', '<5'],
    ]);
    expect(rows('stage')).toContainEqual(['Hearing', '6']);
    expect(rows('stage')).toContainEqual(['Intake', '<5']);
    expect(rows('relief')).toEqual([
      ['Asylum', '22'],
      ['Convention Against Torture (CAT)', '<5'],
      ['Temporary Protected Status', '6'],
      ['Not recorded', '<5'],
      ['Withholding of removal', '9'],
    ]);
    expect(rows('nationality')).toContainEqual(['Haiti (HT)', '<5']);
    expect(rows('nationality')).toContainEqual(['El Salvador (SV)', '9']);
    expect(rows('nationality')).toContainEqual(['Not recorded', '<5']);
    expect(rows('month')).toEqual([
      ['January 2026', '6'],
      ['February 2026', '<5'],
      ['March 2026', '9'],
      ['May 2026', '7'],
      ['June 2026', '<5'],
      ['July 2026', '11'],
    ]);
    expect(rows('outcome')).toEqual([
      ['Denied', '<5'],
      ['Granted', '7'],
      ['Not recorded', '<5'],
    ]);
    // tables with captions and headers
    const table = $('[data-testid="report-by-outcome"]')!;
    expect(text(table.querySelector('caption'))).toBe('Cases closed by outcome');
    expect(Array.from(table.querySelectorAll('th[scope="col"]')).map((th) => text(th))).toEqual(['Outcome', 'Cases']);
    expect(table.querySelectorAll('tbody th[scope="row"]')).toHaveLength(3);
    // no personal data, and why small numbers are hidden
    const privacy = text($('[data-testid="report-privacy"]'));
    expect(privacy).toContain('This report contains no names or other personal data: only counts.');
    expect(privacy).toContain('Numbers from 1 to 4 are shown as “<5”, so that no client can be identified.');
    await expectNoAxeViolations();
  });

  it('draws cases opened by month, "<5" as a hatched bar, with a text alternative', async () => {
    await openReport();
    const svg = $('[data-testid="report-chart"]')!;
    expect(svg.tagName.toLowerCase()).toBe('svg');
    expect(svg.getAttribute('role')).toBe('img');
    // every month from the first to the last, April (no case) included
    expect(bars().map((b) => b.dataset.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07']);
    const small = bars().filter((b) => b.dataset.small === 'true');
    expect(small.map((b) => b.dataset.month)).toEqual(['2026-02', '2026-06']);
    for (const b of small) {
      expect(b.getAttribute('fill')).toBe('url(#report-hatch)');
      expect(b.classList.contains('bar-small')).toBe(true);
      expect(b.classList.contains('bar')).toBe(false);
    }
    expect(svg.querySelector('pattern#report-hatch')).not.toBeNull();
    // heights: proportional to the count; a hidden one drawn up to 5, never as a number of its own
    const height = (month: string) => Number(bars().find((b) => b.dataset.month === month)!.getAttribute('height'));
    expect(height('2026-04')).toBe(0);
    expect(height('2026-07')).toBeGreaterThan(height('2026-03'));
    expect(height('2026-02')).toBeCloseTo((height('2026-01') * 5) / 6);
    const values = Array.from(svg.querySelectorAll('.bar-value')).map((e) => e.textContent);
    expect(values).toEqual(['6', '<5', '9', '7', '<5', '11']);
    // the text alternative: a title and a description that read the months
    const labelledBy = svg.getAttribute('aria-labelledby')!.split(' ');
    expect(labelledBy.map((id) => document.getElementById(id)?.textContent)).toEqual([
      'Chart: cases opened by month',
      'January 2026: 6; February 2026: fewer than 5; March 2026: 9; April 2026: 0; May 2026: 7; June 2026: fewer than 5; July 2026: 11',
    ]);
    expect(text($('figcaption'))).toContain('Hatched bar: fewer than 5 cases (the exact number is hidden).');
    // nothing remote
    expect(svg.outerHTML).not.toMatch(/https?:/);
  });

  it('runs for the period chosen, and checks that it is in order', async () => {
    const { backend } = await openReport();
    await setDate('report-from', '2026-03-01');
    await setDate('report-to', '2026-01-31');
    await click($('[data-testid="report-run"]'));
    expect(text($('[data-testid="report-order-error"]'))).toBe('The “From” date is after the “To” date.');
    expect($('#report-from')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('report-from');
    expect(backend.callsOf('report_get')).toHaveLength(1);

    await setDate('report-to', '2026-06-30');
    await click($('[data-testid="report-run"]'));
    await waitFor(() => expect(backend.callsOf('report_get')).toHaveLength(2));
    expect(backend.callsOf('report_get')[1]!.args).toEqual({ from: '2026-03-01', to: '2026-06-30' });
    await settle();
    expect($('[data-testid="report-order-error"]')).toBeNull();
    expect(text($('[data-testid="report-period"]'))).toBe('From Mar 1, 2026 to Jun 30, 2026');
    expect(document.activeElement?.id).toBe('report-title');

    // only "to": from the first case
    await setDate('report-from', '');
    await click($('[data-testid="report-run"]'));
    expect(backend.callsOf('report_get')[2]!.args).toEqual({ from: null, to: '2026-06-30' });
  });

  it('shows an error from Rust with the error alert', async () => {
    const { backend } = await openReport();
    backend.fail('report_get', { code: 'invalid-input', message: 'from: must be a date, YYYY-MM-DD' });
    await click($('[data-testid="report-run"]'));
    const alert = $('[data-testid="report-error"]')!;
    expect(alert.getAttribute('data-code')).toBe('invalid-input');
    expect(text(alert)).toContain('from: must be a date, YYYY-MM-DD');
  });

  it('saves the report shown as CSV, and says so', async () => {
    const { backend } = await openReport();
    await setDate('report-from', '2026-01-01');
    await click($('[data-testid="report-run"]'));
    // a date typed after the report was made is not what the CSV is saved for
    await setDate('report-from', '2025-01-01');
    await click($('[data-testid="report-csv"]'));
    expect(backend.callsOf('report_save_csv').map((c) => c.args)).toEqual([{ from: '2026-01-01', to: null }]);
    expect(text($('[data-testid="report-status"]'))).toBe('Report saved as a CSV file.');

    // the save dialog cancelled: nothing said
    backend.reportCsvSaved = false;
    await click($('[data-testid="report-csv"]'));
    expect(backend.callsOf('report_save_csv')).toHaveLength(2);
    expect(text($('[data-testid="report-status"]'))).toBe('');
  });

  it('prints with window.print, the report alone', async () => {
    const print = vi.fn();
    vi.spyOn(window, 'print').mockImplementation(print);
    const { backend } = await openReport();
    await click($('[data-testid="report-print"]'));
    expect(print).toHaveBeenCalledTimes(1);
    expect(backend.callsOf('report_save_csv')).toHaveLength(0);
    // the buttons and the period form are outside the printed report
    const report = $('[data-testid="report"]')!;
    expect(report.contains($('[data-testid="report-print"]'))).toBe(false);
    expect(report.contains($('[data-testid="report-from"]'))).toBe(false);
    expect(report.contains($('[data-testid="report-privacy"]'))).toBe(true);
  });

  it('says so when the period has no cases', async () => {
    await openReport((b) => {
      b.report = { ...sampleReport(), cases_opened: 0, cases_closed: 0, by_jurisdiction: [], by_stage: [], by_relief: [], by_nationality: [], by_month: [], by_outcome: [] };
    });
    expect(total('opened')).toBe('0');
    expect($('[data-testid="report-chart"]')).toBeNull();
    expect(rows('jurisdiction')).toEqual([['No cases in this period.']]);
    await expectNoAxeViolations();
  });
});

describe('report in Spanish', () => {
  it('translates the labels, the months and "not recorded", and keeps "<5"', async () => {
    await openReport((b) => (b.settings = { language: 'es', auto_lock_minutes: 5 }));
    expect(text($('[data-testid="nav-reports"]'))).toBe('Informes');
    expect(text($('h1'))).toBe('Informes');
    expect(text($('[data-testid="report-period"]'))).toBe(`Todo hasta el 25 nov 2026`);
    expect(text($('[data-testid="report-opened"] th'))).toBe('Expedientes abiertos');
    expect(total('missed')).toBe('<5');
    expect(rows('jurisdiction')).toContainEqual(['Tribunal de inmigración de EE. UU. (EOIR)', '21']);
    expect(rows('stage')).toContainEqual(['Audiencia', '6']);
    expect(rows('relief')).toContainEqual(['Asilo', '22']);
    expect(rows('relief')).toContainEqual(['Sin registrar', '<5']);
    expect(rows('nationality')).toContainEqual(['Haití (HT)', '<5']);
    expect(rows('month')[0]).toEqual(['enero de 2026', '6']);
    expect(rows('outcome')).toEqual([
      ['Denegado', '<5'],
      ['Concedido', '7'],
      ['Sin registrar', '<5'],
    ]);
    expect(text($('[data-testid="report-privacy"]'))).toContain('Este informe no contiene nombres ni otros datos personales');
    expect(document.getElementById('report-chart-desc')?.textContent).toContain('febrero de 2026: menos de 5');
    expect(text($('[data-testid="report-csv"]'))).toBe('Guardar como CSV…');
    expect(text($('[data-testid="report-print"]'))).toBe('Imprimir');
    await expectNoAxeViolations();
  });

  it('has every new text in Spanish', () => {
    const keys = Object.keys(en).filter((k) => k.startsWith('report.') || k === 'nav.reports');
    expect(keys.length).toBeGreaterThan(50);
    // a pattern the same in both languages
    expect(untranslated(keys)).toEqual(['report.chartItem']);
    expect(OUTCOMES.filter((o) => !(`outcome.${o}` in en) || !(`outcome.${o}` in es))).toEqual([]);
    expect(FAKE_TODAY).toBe('2026-11-25');
  });
});
