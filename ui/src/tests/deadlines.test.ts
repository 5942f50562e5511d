// "Deadlines that cannot be missed": events, deadlines, dashboard, calendar, .ics export, the
// printable sheet, reminders and the deadline settings.
import { describe, it, expect, afterEach, beforeEach, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fireEvent } from '@testing-library/svelte';
import { startApp, unlockApp, restoreTransport, click, settle, type, $, $$, waitFor } from './util';
import { router } from '../lib/router.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { CASE_ID, FAKE_TODAY, inJurisdiction, sampleDeadlines, sampleReminders, sampleWarnings, type FakeBackend } from './fake';

beforeEach(() => {
  // The sample data is written for 25 Nov 2026 (a Wednesday).
  vi.setSystemTime(new Date(2026, 10, 25, 12, 0, 0));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  restoreTransport();
  setLang('en');
});

const spanish = (b: FakeBackend) => (b.settings = { language: 'es', auto_lock_minutes: 5 });
const value = (sel: string) => ($(sel) as HTMLInputElement | HTMLSelectElement).value;
const options = (sel: string) => ($$(`${sel} option`) as HTMLOptionElement[]).map((o) => o.value);
const selectedText = (sel: string) => ($(sel) as HTMLSelectElement).selectedOptions[0]?.textContent ?? '';
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const row = (rule: string) => $(`[data-testid="deadline-row"][data-rule="${rule}"]`)!;
/** A deadline row's dates, as "label: date" pairs. */
const dates = (r: Element) => Array.from(r.querySelectorAll('dl div')).map((d) => `${text(d.querySelector('dt'))}: ${text(d.querySelector('dd'))}`);
const rowById = (title: string) => $$('[data-testid="deadline-row"]').find((r) => r.textContent?.includes(title))!;

async function goCase() {
  router.go({ name: 'case', id: CASE_ID });
  await settle();
  await waitFor(() => expect($('[data-testid="case-title"]')).not.toBeNull());
}

async function choose(sel: string, v: string) {
  await fireEvent.change($(sel)!, { target: { value: v } });
  await settle();
}

describe('case view — events', () => {
  it('adds an event: calls event_add with the case, kind, date and note, reloads and shows the warnings it returns', async () => {
    const { backend } = await unlockApp();
    await goCase();
    expect($$('[data-testid="event"]')).toHaveLength(7);
    expect(($('[data-testid="event-add"]') as HTMLButtonElement).disabled).toBe(true);

    await choose('[data-testid="event-kind"]', 'ich-hearing');
    await type($('[data-testid="event-date"]'), '2027-04-01');
    await type($('[data-testid="event-note"]'), '  Reset by the judge  ');
    await click($('[data-testid="event-add"]'));

    await waitFor(() => expect($$('[data-testid="event"]')).toHaveLength(8));
    expect(backend.callsOf('event_add')).toEqual([
      { cmd: 'event_add', args: { caseId: CASE_ID, kind: 'ich-hearing', date: '2027-04-01', note: 'Reset by the judge' } },
    ]);
    const warnings = $('[data-testid="event-warnings"]')!;
    expect(warnings.getAttribute('role')).toBe('status');
    expect(text(warnings)).toContain(sampleWarnings()[0]!.message);
    expect(text(warnings)).toContain('More than one "ich-hearing" is recorded');
    expect(document.body.textContent).toContain('Event added: Individual hearing.');
    expect(value('[data-testid="event-date"]')).toBe('');
    expect(value('[data-testid="event-note"]')).toBe('');
    expect(backend.callsOf('case_get').length).toBeGreaterThanOrEqual(2);
  });

  it('sends a null note when none is typed, and shows errors from Rust in the Events card', async () => {
    const { backend } = await unlockApp();
    await goCase();
    await choose('[data-testid="event-kind"]', 'filing-received');
    await type($('[data-testid="event-date"]'), '2026-12-02');
    await click($('[data-testid="event-add"]'));
    await waitFor(() => expect(backend.callsOf('event_add')).toHaveLength(1));
    expect(backend.callsOf('event_add')[0]!.args).toEqual({ caseId: CASE_ID, kind: 'filing-received', date: '2026-12-02', note: null });
    // the computed deadline appears after the reload
    await waitFor(() => expect($('[data-testid="deadline-row"][data-rule="filing-response"]')).not.toBeNull());

    backend.fail('event_add', { code: 'invalid-input', message: 'date: before the last arrival' });
    await type($('[data-testid="event-date"]'), '2020-01-01');
    await click($('[data-testid="event-add"]'));
    await waitFor(() => expect(text($('[data-testid="case-events"] [role="alert"]'))).toContain('date: before the last arrival'));
  });

  it('offers exactly the event kinds the case carries for its jurisdiction, in the core’s order, translated', async () => {
    const eoir = await unlockApp(spanish);
    await goCase();
    const court = options('[data-testid="event-kind"]');
    expect(court).toEqual(eoir.backend.case.event_kinds);
    expect(court).toContain('nta-served');
    expect(court).toContain('ich-hearing');
    expect(court).not.toContain('mx-entry');
    const ich = ($$('[data-testid="event-kind"] option') as HTMLOptionElement[]).find((o) => o.value === 'ich-hearing');
    expect(ich?.textContent).toBe('Audiencia individual (de fondo)');
    eoir.unmount();
    restoreTransport();

    const mx = await unlockApp((b) => (b.case = { ...inJurisdiction(b.case, 'mx-comar'), events: [], deadlines: [], deadline_warnings: [] }));
    await goCase();
    expect(options('[data-testid="event-kind"]')).toEqual(['mx-entry', 'mx-comar-admission', 'interview', 'decision', 'other']);
    expect(options('[data-testid="event-kind"]')).toEqual(mx.backend.case.event_kinds);
    expect($('[data-testid="rule-edition"]')).toBeNull(); // only for immigration-court cases
    mx.unmount();
    restoreTransport();

    const uscis = await unlockApp((b) => (b.case = inJurisdiction(b.case, 'us-uscis')));
    await goCase();
    const kinds = options('[data-testid="event-kind"]');
    expect(kinds).toEqual(uscis.backend.case.event_kinds);
    expect(kinds).toContain('i589-filed');
    expect(kinds).toContain('biometrics');
    expect(kinds).not.toContain('ich-hearing');
    expect(kinds).not.toContain('mch-hearing');
    expect(kinds).not.toContain('nta-served');
    uscis.unmount();
    restoreTransport();

    // Whatever the core sends is what the picker offers: the UI keeps no table of its own.
    await unlockApp((b) => (b.case = { ...b.case, event_kinds: ['other', 'ich-hearing'] }));
    await goCase();
    expect(options('[data-testid="event-kind"]')).toEqual(['other', 'ich-hearing']);
  });

  it('edits an event’s date and note in a dialog', async () => {
    const { backend } = await unlockApp();
    await goCase();
    const ev = $$('[data-testid="event"]').find((e) => e.dataset.kind === 'ich-hearing')!;
    await click(ev.querySelector('[data-testid="event-edit"]'));
    expect($('[data-testid="event-edit-dialog"]')).not.toBeNull();
    expect(value('#event-edit-date')).toBe('2027-03-18');
    await type($('#event-edit-date'), '2027-03-25');
    await type($('#event-edit-note'), 'Moved by the court');
    await click($('[data-testid="event-save"]'));
    await waitFor(() => expect($('[data-testid="event-edit-dialog"]')).toBeNull());
    expect(backend.callsOf('event_update')).toEqual([{ cmd: 'event_update', args: { id: 'e-4', date: '2027-03-25', note: 'Moved by the court' } }]);
    expect(document.body.textContent).toContain('Event updated.');
  });

  it('deletes an event only after a confirmation that says its deadlines go too', async () => {
    const { backend } = await unlockApp();
    await goCase();
    const ev = () => $$('[data-testid="event"]').find((e) => e.dataset.kind === 'ich-hearing');
    await click(ev()!.querySelector('[data-testid="event-delete"]'));
    const dialog = $('[data-testid="confirm-dialog"]')!;
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(text(dialog)).toContain('Deleting this event also removes the deadlines computed from it');
    await click($('[data-testid="confirm-cancel"]'));
    expect($('[data-testid="confirm-dialog"]')).toBeNull();
    expect(backend.callsOf('event_delete')).toHaveLength(0);

    await click(ev()!.querySelector('[data-testid="event-delete"]'));
    await click($('[data-testid="confirm-ok"]'));
    await waitFor(() => expect(ev()).toBeUndefined());
    expect(backend.callsOf('event_delete')).toEqual([{ cmd: 'event_delete', args: { id: 'e-4' } }]);
    expect($('[data-testid="deadline-row"][data-rule="ich-filings"]')).toBeNull();
  });
});

describe('case view — deadlines', () => {
  it('shows each deadline with its dates, kind, rule and status, and the trace lines', async () => {
    await unlockApp();
    await goCase();
    const rows = $$('[data-testid="deadline-row"]');
    expect(rows.map((r) => r.dataset.rule)).toEqual([
      'ead-file-earliest',
      'mch-filings',
      'asylum-one-year',
      'manual',
      'ich-filings',
      'address-change-eoir', // done ones last
    ]);
    const one = row('asylum-one-year');
    expect(text(one)).toContain('Asylum application (I-589) must be received: one-year bar');
    expect(dates(one)).toEqual(['Legal deadline: Dec 1, 2026', 'File by: Nov 25, 2026']);
    expect(text(one.querySelector('[data-testid="deadline-kind"]'))).toBe('Deadline');
    expect(text(one.querySelector('[data-testid="deadline-rule"]'))).toBe('Rule: asylum-one-year');
    expect(text(one.querySelector('[data-testid="deadline-status"]'))).toBe('Open');
    const trace = one.querySelector('[data-testid="deadline-trace"]')!;
    expect(trace.closest('details')?.querySelector('summary')?.textContent).toBe('How this date was computed');
    const lines = Array.from(trace.querySelectorAll('li')).map((l) => l.textContent);
    expect(lines).toEqual(sampleDeadlines().find((d) => d.id === 'dl-1')!.trace);
    expect(lines).toContain('Rule asylum-one-year (edition 2026): INA 208(a)(2)(B); 8 CFR 208.4(a)(2), 1208.4(a)(2)');

    // an earliest date: its own label, no file-by, never overdue even when past
    const ead = row('ead-file-earliest');
    expect(text(ead.querySelector('[data-testid="deadline-kind"]'))).toBe('Earliest date');
    expect(dates(ead)).toEqual(['First possible day: Oct 29, 2026']);
    expect(ead.querySelector('[data-testid="deadline-overdue"]')).toBeNull();

    // manual: the badge says so
    expect(text(row('manual').querySelector('[data-testid="deadline-rule"]'))).toBe('Manual');
    // done: reopen instead of mark done
    const done = row('address-change-eoir');
    expect(text(done.querySelector('[data-testid="deadline-status"]'))).toBe('Done Jan 30, 2026');
    expect(done.querySelector('[data-testid="deadline-done"]')).toBeNull();
    expect(done.querySelector('[data-testid="deadline-reopen"]')).not.toBeNull();

    // the disclaimer and the warnings are shown
    expect(text($('[data-testid="deadline-disclaimer"]'))).toContain('Not legal advice');
    expect(text($('[data-testid="deadline-disclaimer"]'))).toContain('check each date against the rule’s text');
    const warnings = $('[data-testid="deadline-warnings"]')!;
    expect(text(warnings)).toContain('Dates that could not be computed, or need checking');
    expect(text(warnings)).toContain(sampleWarnings()[0]!.message);
  });

  it('highlights open deadlines past their date with words, not only colour', async () => {
    await unlockApp();
    await goCase();
    const late = row('mch-filings');
    expect(late.classList.contains('overdue')).toBe(true);
    expect(text(late.querySelector('[data-testid="deadline-overdue"]'))).toBe(`Overdue: 15 days late`);
    expect($$('[data-testid="deadline-overdue"]')).toHaveLength(1);
    expect(FAKE_TODAY).toBe('2026-11-25');
  });

  it('marks a deadline done only after the confirmation (cancel sends nothing), then can reopen it', async () => {
    const { backend } = await unlockApp();
    await goCase();
    const doneButton = () => row('asylum-one-year').querySelector<HTMLButtonElement>('[data-testid="deadline-done"]');
    expect(doneButton()?.getAttribute('aria-label')).toBe('Mark done: Asylum application (I-589) must be received: one-year bar');
    await click(doneButton());
    const dialog = $('[data-testid="confirm-dialog"]')!;
    expect(text(dialog)).toContain('Mark this deadline done?');
    expect(text(dialog)).toContain('audit log');
    await settle();
    expect(document.activeElement).toBe($('[data-testid="confirm-cancel"]'));
    await click($('[data-testid="confirm-cancel"]'));
    expect(backend.callsOf('deadline_done')).toHaveLength(0);
    expect(text(row('asylum-one-year').querySelector('[data-testid="deadline-status"]'))).toBe('Open');

    // Escape cancels too
    await click(doneButton());
    await fireEvent.keyDown($('[data-testid="confirm-dialog"]')!, { key: 'Escape' });
    await settle();
    expect($('[data-testid="confirm-dialog"]')).toBeNull();
    expect(backend.callsOf('deadline_done')).toHaveLength(0);

    await click(doneButton());
    await click($('[data-testid="confirm-ok"]'));
    await waitFor(() => expect(text(row('asylum-one-year').querySelector('[data-testid="deadline-status"]'))).toBe('Done Nov 25, 2026'));
    expect(backend.callsOf('deadline_done')).toEqual([{ cmd: 'deadline_done', args: { id: 'dl-1' } }]);
    expect($('[data-testid="confirm-dialog"]')).toBeNull();
    expect(document.body.textContent).toContain('Deadline marked done.');

    await click(row('asylum-one-year').querySelector('[data-testid="deadline-reopen"]'));
    await waitFor(() => expect(text(row('asylum-one-year').querySelector('[data-testid="deadline-status"]'))).toBe('Open'));
    expect(backend.callsOf('deadline_reopen')).toEqual([{ cmd: 'deadline_reopen', args: { id: 'dl-1' } }]);
  });

  it('offers Delete only for manual deadlines, after a confirmation', async () => {
    const { backend } = await unlockApp();
    await goCase();
    const withDelete = $$('[data-testid="deadline-row"]').filter((r) => r.querySelector('[data-testid="deadline-delete"]'));
    expect(withDelete.map((r) => r.dataset.rule)).toEqual(['manual']);

    await click(row('manual').querySelector('[data-testid="deadline-delete"]'));
    expect(text($('[data-testid="confirm-dialog"]'))).toContain('Delete this manual deadline?');
    await click($('[data-testid="confirm-ok"]'));
    await waitFor(() => expect($('[data-testid="deadline-row"][data-rule="manual"]')).toBeNull());
    expect(backend.callsOf('deadline_delete')).toEqual([{ cmd: 'deadline_delete', args: { id: 'dl-5' } }]);
  });

  it('shows an error from Rust inside the confirmation and keeps it open', async () => {
    const { backend } = await unlockApp();
    backend.fail('deadline_done', { code: 'locked', message: 'vault is locked' });
    await goCase();
    await click(row('mch-filings').querySelector('[data-testid="deadline-done"]'));
    await click($('[data-testid="confirm-ok"]'));
    await waitFor(() => expect(text($('[data-testid="confirm-dialog"] [role="alert"]'))).toContain('The vault is locked'));
  });

  it('adds a manual deadline', async () => {
    const { backend } = await unlockApp();
    await goCase();
    expect(($('[data-testid="deadline-add"]') as HTMLButtonElement).disabled).toBe(true);
    await type($('[data-testid="deadline-title"]'), '  Brief ordered at the hearing ');
    await type($('[data-testid="deadline-due"]'), '2026-12-18');
    await click($('[data-testid="deadline-add"]'));
    await waitFor(() => expect(rowById('Brief ordered at the hearing')).toBeTruthy());
    expect(backend.callsOf('deadline_add')).toEqual([
      { cmd: 'deadline_add', args: { caseId: CASE_ID, title: 'Brief ordered at the hearing', due: '2026-12-18' } },
    ]);
    expect(rowById('Brief ordered at the hearing').dataset.rule).toBe('manual');
    expect(value('[data-testid="deadline-title"]')).toBe('');
  });

  it('chooses the individual-hearing filing rule edition (immigration court only)', async () => {
    const { backend } = await unlockApp();
    await goCase();
    expect(options('[data-testid="rule-edition"]')).toEqual(['', '2021', '2008']);
    expect(value('[data-testid="rule-edition"]')).toBe('');
    expect(text($('#rule-edition-hint'))).toBe('Applied now: 2021 Policy Manual (30 days).');

    await choose('[data-testid="rule-edition"]', '2008');
    await waitFor(() => expect(backend.callsOf('rule_edition_set')).toHaveLength(1));
    expect(backend.callsOf('rule_edition_set')[0]!.args).toEqual({ caseId: CASE_ID, rule: 'ich-filings', edition: '2008' });
    await waitFor(() => expect(text($('#rule-edition-hint'))).toBe('Applied now: 2008 Practice Manual (15 days, older).'));
    expect(backend.case.rule_editions).toEqual([{ rule: 'ich-filings', edition: '2008' }]);
    expect(value('[data-testid="rule-edition"]')).toBe('2008');
    expect(text($('[data-testid="deadline-warnings"]'))).toContain('older edition 2008');

    await choose('[data-testid="rule-edition"]', '');
    await waitFor(() => expect(backend.callsOf('rule_edition_set')).toHaveLength(2));
    expect(backend.callsOf('rule_edition_set')[1]!.args).toEqual({ caseId: CASE_ID, rule: 'ich-filings', edition: null });
    await waitFor(() => expect(text($('#rule-edition-hint'))).toBe('Applied now: 2021 Policy Manual (30 days).'));
    expect(backend.case.rule_editions).toEqual([]);
    expect(value('[data-testid="rule-edition"]')).toBe('');
    expect(selectedText('[data-testid="rule-edition"]')).toBe('Automatic (by hearing date)');
  });

  it('shows the edition stored for the case, and does not guess one from the deadlines', async () => {
    const stored = await unlockApp((b) => (b.case = { ...b.case, rule_editions: [{ rule: 'ich-filings', edition: '2008' }] }));
    await goCase();
    expect(value('[data-testid="rule-edition"]')).toBe('2008');
    stored.unmount();
    restoreTransport();

    // A deadline computed with the older edition is not taken for a choice: only `rule_editions` says.
    await unlockApp((b) => {
      b.case = { ...b.case, deadlines: b.case.deadlines.map((d) => (d.rule === 'ich-filings' ? { ...d, edition: '2008' } : d)) };
    });
    await goCase();
    expect(value('[data-testid="rule-edition"]')).toBe('');
    expect(text($('#rule-edition-hint'))).toBe('Applied now: 2008 Practice Manual (15 days, older).');
  });

  it('opens the printable sheet for the case', async () => {
    await unlockApp();
    await goCase();
    await click($('[data-testid="print-sheet"]'));
    expect(router.current).toEqual({ name: 'sheet', caseId: CASE_ID });
    await waitFor(() => expect($$('[data-testid="sheet-row"]').length).toBeGreaterThan(0));
  });
});

describe('dashboard', () => {
  it('counts every overdue item and says how many older ones it does not list', async () => {
    await unlockApp((b) => (b.overdueCount = 250));
    // 3 listed (one is a date to watch, shown apart) and 247 older ones not sent
    expect(text($('[data-testid="dashboard-overdue-count"]'))).toBe('249');
    expect(text($('[data-testid="dashboard-overdue-more"]'))).toBe('and 247 older overdue items — see each case’s deadlines.');
    setLang('es');
    await settle();
    expect(text($('[data-testid="dashboard-overdue-more"]'))).toBe('y 247 vencimientos anteriores; véalos en los plazos de cada expediente.');
  });

  it('shows this week, overdue and cases with no next deadline, with the count badge', async () => {
    await unlockApp();
    const week = $('[data-testid="dashboard-this-week"]')!;
    const items = Array.from(week.querySelectorAll('[data-testid="due-item"]'));
    expect(items).toHaveLength(3);
    const oneYear = items[0]!;
    expect(text(oneYear)).toContain('Asylum application (I-589) must be received: one-year bar');
    expect(text(oneYear)).toContain('Hernández — asylum');
    expect(text(oneYear)).toContain('File by Nov 25, 2026');
    expect(text(oneYear)).toContain('Due Dec 1, 2026');
    expect(oneYear.querySelector('[data-testid="due-task"]')).toBeNull();
    const task = items[1]!;
    expect(text(task.querySelector('[data-testid="due-task"]'))).toBe('Task');
    expect(text(task)).not.toContain('File by');

    const overdue = $('[data-testid="dashboard-overdue"]')!;
    expect(text(overdue)).toContain('Send FOIA');
    expect(text(overdue)).toContain('Filings before the master calendar hearing');
    expect(text(overdue)).toContain('15 days late');
    // a date to watch is not shown as overdue
    expect(text(overdue)).not.toContain('COMAR’s time to decide ends');
    expect(text($('[data-testid="dashboard-overdue-count"]'))).toBe('2');
    expect($('[data-testid="dashboard-overdue-more"]')).toBeNull();
    const passed = $('[data-testid="dashboard-passed"]')!;
    expect(text(passed)).toContain('COMAR’s time to decide ends');
    expect(text(passed.querySelector('[data-testid="due-kind"]'))).toBe('Date to watch');
    expect(text(passed)).not.toContain('late');

    const noNext = $('[data-testid="dashboard-no-next"]')!;
    expect(text(noNext.querySelector('h2'))).toContain('Cases with no next deadline');
    expect(text(noNext)).toContain('Pérez — TPS');
    const badge = $('[data-testid="dashboard-no-next-count"]')!;
    expect(text(badge)).toBe('12');
    expect(badge.getAttribute('title')).toBe('12 cases with no next deadline');
    expect(text(noNext)).toContain('and 11 more');

    await click(oneYear.querySelector('.row-link'));
    expect(router.current).toEqual({ name: 'case', id: CASE_ID });
  });
});

describe('calendar', () => {
  it('shows the month grid (weeks from Sunday in English) with the items of the visible range, and navigates', async () => {
    const { backend } = await unlockApp();
    await click($('[data-testid="nav-calendar"]'));
    expect($('[data-testid="nav-calendar"]')!.getAttribute('aria-current')).toBe('page');
    await waitFor(() => expect($$('[data-testid="calendar-item"]').length).toBeGreaterThan(0));
    expect(backend.callsOf('calendar_items').at(-1)!.args).toEqual({ from: '2026-11-01', to: '2026-12-05' });
    const grid = $('[data-testid="calendar-month"]')!;
    expect(grid.tagName).toBe('TABLE');
    expect(Array.from(grid.querySelectorAll('thead th')).map((th) => th.textContent)).toEqual(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']);
    expect(grid.querySelectorAll('tbody tr')).toHaveLength(5);
    expect(text($('[data-testid="calendar-title"]'))).toBe('November 2026');
    const items = $$('[data-testid="calendar-item"]');
    expect(items.map((i) => i.dataset.date)).toEqual(['2026-11-10', '2026-11-20', '2026-11-25', '2026-12-01', '2026-12-04']);
    // appointments look different and say what they are
    const hearing = items.find((i) => i.dataset.kind === 'appointment')!;
    expect(hearing.classList.contains('kind-appointment')).toBe(true);
    expect(text(hearing)).toContain('Appointment');
    expect(text(hearing)).toContain('Master calendar hearing');
    expect(text(items.find((i) => i.dataset.kind === 'watch'))).toContain('Watch');
    // today is marked
    const todayCell = grid.querySelector('td[aria-current="date"]')!;
    expect(text(todayCell)).toContain('Nov 25, 2026');

    await click($('[data-testid="calendar-next"]'));
    expect(backend.callsOf('calendar_items').at(-1)!.args).toEqual({ from: '2026-11-29', to: '2027-01-02' });
    expect(text($('[data-testid="calendar-title"]'))).toBe('December 2026');
    await click($('[data-testid="calendar-prev"]'));
    await click($('[data-testid="calendar-prev"]'));
    expect(backend.callsOf('calendar_items').at(-1)!.args).toEqual({ from: '2026-09-27', to: '2026-10-31' });
    await waitFor(() => expect($$('[data-testid="calendar-item"]').map((i) => i.dataset.kind)).toEqual(['earliest']));
    await click($('[data-testid="calendar-today"]'));
    expect(backend.callsOf('calendar_items').at(-1)!.args).toEqual({ from: '2026-11-01', to: '2026-12-05' });

    await waitFor(() => expect($$('[data-testid="calendar-item"]').length).toBe(5));
    await click($$('[data-testid="calendar-item"]')[0]!);
    expect(router.current).toEqual({ name: 'case', id: CASE_ID });
  });

  it('lists the month by day in the agenda view, with done items struck through and labelled', async () => {
    const { backend } = await unlockApp((b) => {
      b.case = { ...b.case, deadlines: b.case.deadlines.map((d) => (d.id === 'dl-2' ? { ...d, status: 'done', done_at: '2026-11-09T12:00:00Z' } : d)) };
    });
    await click($('[data-testid="nav-calendar"]'));
    await click($('[data-testid="calendar-view-agenda"]'));
    expect($('[data-testid="calendar-view-agenda"]')!.getAttribute('aria-pressed')).toBe('true');
    expect($('[data-testid="calendar-month"]')).toBeNull();
    expect(backend.callsOf('calendar_items').at(-1)!.args).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    const agenda = await waitFor(() => {
      const a = $('[data-testid="calendar-agenda"]');
      expect(a?.querySelectorAll('[data-testid="calendar-item"]').length).toBe(3);
      return a!;
    });
    expect(Array.from(agenda.querySelectorAll('h3')).map((h) => h.textContent?.trim())).toEqual([
      'Tuesday, November 10, 2026',
      'Friday, November 20, 2026',
      'Wednesday, November 25, 2026today',
    ]);
    const done = agenda.querySelector<HTMLElement>('[data-testid="calendar-item"]')!;
    expect(done.classList.contains('done')).toBe(true);
    expect(text(done)).toContain('(done)');

    await click($('[data-testid="calendar-next"]'));
    expect(backend.callsOf('calendar_items').at(-1)!.args).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    await click($('[data-testid="calendar-next"]'));
    await waitFor(() => expect(text($('[data-testid="calendar-agenda"]'))).toContain('Nothing scheduled in January 2027.'));
  });

  it('starts weeks on Monday in Spanish, with localised weekday names', async () => {
    const { backend } = await unlockApp(spanish);
    await click($('[data-testid="nav-calendar"]'));
    await waitFor(() => expect(backend.callsOf('calendar_items').length).toBeGreaterThan(0));
    expect(backend.callsOf('calendar_items').at(-1)!.args).toEqual({ from: '2026-10-26', to: '2026-12-06' });
    const heads = $$('[data-testid="calendar-month"] thead th').map((th) => th.textContent);
    expect(heads[0]).toBe('lun');
    expect(heads[6]).toBe('dom');
    expect(text($('[data-testid="calendar-title"]'))).toBe('noviembre de 2026');
  });

  it('warns before exporting the .ics, and passes withCaseTitles', async () => {
    const { backend } = await unlockApp();
    await click($('[data-testid="nav-calendar"]'));
    await click($('[data-testid="calendar-export"]'));
    const dialog = $('[data-testid="export-dialog"]')!;
    expect(text(dialog)).toContain('without encryption');
    expect(text(dialog)).toContain('only a short case reference, never client names');
    expect(($('[data-testid="export-titles"]') as HTMLInputElement).checked).toBe(false);
    expect($('[data-testid="export-titles-warning"]')).toBeNull();
    expect(backend.callsOf('calendar_export')).toHaveLength(0);
    await click($('[data-testid="confirm-cancel"]'));
    expect($('[data-testid="export-dialog"]')).toBeNull();
    expect(backend.callsOf('calendar_export')).toHaveLength(0);

    // default: no case titles
    await click($('[data-testid="calendar-export"]'));
    await click($('[data-testid="confirm-ok"]'));
    expect(backend.callsOf('calendar_export')).toEqual([{ cmd: 'calendar_export', args: { withCaseTitles: false } }]);
    expect(text($('[data-testid="calendar-export-status"]'))).toBe('9 entries written.');

    // with titles: an extra warning first
    await click($('[data-testid="calendar-export"]'));
    await click($('[data-testid="export-titles"]'));
    expect(text($('[data-testid="export-titles-warning"]'))).toContain('Case titles often name the client');
    await click($('[data-testid="confirm-ok"]'));
    expect(backend.callsOf('calendar_export').at(-1)!.args).toEqual({ withCaseTitles: true });

    // the save dialog cancelled: nothing to say
    backend.exportResult = null;
    await click($('[data-testid="calendar-export"]'));
    await click($('[data-testid="confirm-ok"]'));
    expect(backend.callsOf('calendar_export')).toHaveLength(3);
    expect($('[data-testid="export-dialog"]')).toBeNull();
    expect(text($('[data-testid="calendar-export-status"]'))).toBe('');
  });

  it('prints the deadline sheet of a chosen lawyer', async () => {
    const { backend } = await unlockApp();
    await click($('[data-testid="nav-calendar"]'));
    await waitFor(() => expect(options('[data-testid="sheet-lawyer"]')).toEqual(['', 'Ana Ruiz', 'Ben Ortiz']));
    expect(($('[data-testid="print-lawyer-sheet"]') as HTMLButtonElement).disabled).toBe(true);
    await choose('[data-testid="sheet-lawyer"]', 'Ben Ortiz');
    await click($('[data-testid="print-lawyer-sheet"]'));
    expect(router.current).toEqual({ name: 'sheet', lawyer: 'Ben Ortiz' });
    await waitFor(() => expect($$('[data-testid="sheet-row"]')).toHaveLength(2));
    expect(backend.callsOf('deadlines_list')[0]!.args).toEqual({ filter: { case_id: null, from: null, to: null, lawyer: 'Ben Ortiz', status: null } });
    expect(text($('[data-testid="sheet-scope"]'))).toBe('Lawyer: Ben Ortiz');
    expect($('[data-testid="nav-calendar"]')!.getAttribute('aria-current')).toBe('page');
  });
});

describe('deadline-control sheet', () => {
  it('lists open and done deadlines with their traces, and prints with window.print', async () => {
    const print = vi.fn();
    vi.spyOn(window, 'print').mockImplementation(print);
    const { backend } = await unlockApp();
    router.go({ name: 'sheet', caseId: CASE_ID });
    await settle();
    await waitFor(() => expect($$('[data-testid="sheet-row"]')).toHaveLength(6));
    expect(backend.callsOf('deadlines_list')[0]!.args).toEqual({ filter: { case_id: CASE_ID, from: null, to: null, lawyer: null, status: null } });
    expect($('h1')?.textContent).toBe('Deadline control sheet');
    expect(text($('[data-testid="sheet-scope"]'))).toBe('Case: Hernández — asylum');
    expect(document.body.textContent).toContain('Printed Nov 25, 2026');
    const tables = $$('[data-testid="deadline-sheet"] table');
    expect(tables.map((tb) => tb.querySelector('caption')?.textContent)).toEqual(['Open deadlines', 'Done']);
    expect(tables[0]!.querySelectorAll('[data-testid="sheet-row"]')).toHaveLength(5);
    expect(Array.from(tables[0]!.querySelectorAll('th')).map((th) => th.textContent)).toEqual(['Due', 'File by', 'Deadline', 'Case', 'Rule', 'Status']);
    const late = $$('[data-testid="sheet-row"]').find((r) => r.dataset.rule === 'mch-filings')!;
    expect(text(late)).toContain('Open — Overdue');
    expect($$('[data-testid="sheet-trace"]').some((tr) => tr.textContent?.includes('EOIR Policy Manual Part II 3.1(b)(1)'))).toBe(true);
    expect(document.body.textContent).toContain('Not legal advice');

    await click($('[data-testid="sheet-print"]'));
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('has print CSS that hides the app shell and buttons', () => {
    const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'app.css'), 'utf8');
    const print = css.slice(css.indexOf('@media print'));
    expect(print).toMatch(/\.topbar/);
    expect(print).toMatch(/\.no-print/);
    expect(print).toMatch(/\.backdrop/);
    expect(print).toMatch(/display:\s*none/);
  });
});

describe('reminders', () => {
  it('appears after unlock when reminders are due; “Got it” sends reminders_seen for every listed one', async () => {
    const { backend } = await startApp((b) => (b.reminders = sampleReminders()));
    expect(backend.callsOf('reminders_due')).toHaveLength(0); // locked: not asked
    await type($('#unlock-passphrase'), backend.passphrase);
    await fireEvent.submit($('#unlock-passphrase')!.closest('form')!);
    await settle();
    const panel = await waitFor(() => {
      const p = $('[data-testid="reminders-panel"]');
      expect(p).not.toBeNull();
      return p!;
    });
    expect(backend.callsOf('reminders_due')).toHaveLength(1);
    expect(panel.getAttribute('role')).toBe('dialog');
    expect(text(panel)).toContain('2 deadlines need your attention');
    const items = $$('[data-testid="reminder"]');
    expect(items).toHaveLength(2);
    expect(text(items[0])).toContain('Asylum application (I-589) must be received: one-year bar');
    expect(text(items[0])).toContain('Hernández — asylum');
    expect(text(items[0])).toContain('File today');
    expect(text(items[0])).toContain('File by Nov 25, 2026');
    expect(text(items[0])).toContain('legal deadline Dec 1, 2026');
    expect(text(items[1])).toContain('6 days left');
    expect(text(items[1])).toContain('Martínez — refugio (COMAR)');

    await click($('[data-testid="reminders-ok"]'));
    await waitFor(() => expect($('[data-testid="reminders-panel"]')).toBeNull());
    expect(backend.callsOf('reminders_seen')).toEqual([
      {
        cmd: 'reminders_seen',
        args: {
          seen: [
            { deadline_id: 'dl-1', lead_days: 0 },
            { deadline_id: 'dl-8', lead_days: 7 },
          ],
        },
      },
    ]);
  });

  it('checks again on the reminders-due event, clears on lock and comes back after the next unlock', async () => {
    const { backend } = await unlockApp();
    expect(backend.callsOf('reminders_due')).toHaveLength(1);
    expect($('[data-testid="reminders-panel"]')).toBeNull();

    backend.reminders = sampleReminders().slice(0, 1);
    backend.emit('reminders-due', 1);
    await settle();
    await waitFor(() => expect($('[data-testid="reminders-panel"]')).not.toBeNull());
    expect(text($('[data-testid="reminders-panel"]'))).toContain('1 deadline needs your attention');
    expect(backend.callsOf('reminders_due')).toHaveLength(2);

    await click($('[data-testid="lock"]'));
    expect($('[data-testid="reminders-panel"]')).toBeNull();
    expect(document.body.textContent).not.toContain('Asylum application');

    await type($('#unlock-passphrase'), backend.passphrase);
    await fireEvent.submit($('#unlock-passphrase')!.closest('form')!);
    await settle();
    await waitFor(() => expect($('[data-testid="reminders-panel"]')).not.toBeNull());
    expect(backend.callsOf('reminders_due')).toHaveLength(3);

    // opening the case from the list closes it without marking anything seen
    await click($('[data-testid="reminder"] .r-case'));
    expect($('[data-testid="reminders-panel"]')).toBeNull();
    expect(router.current).toEqual({ name: 'case', id: CASE_ID });
    expect(backend.callsOf('reminders_seen')).toHaveLength(0);
  });

  // Regression: Rust announces the reminders again right after an unlock; a list the lawyer had
  // just closed came straight back.
  it('stays closed when the same reminders are announced again, and only new ones reopen it', async () => {
    const { backend } = await startApp((b) => (b.reminders = sampleReminders()));
    await type($('#unlock-passphrase'), backend.passphrase);
    await fireEvent.submit($('#unlock-passphrase')!.closest('form')!);
    await settle();
    await waitFor(() => expect($('[data-testid="reminders-panel"]')).not.toBeNull());
    await click($('[data-testid="reminder"] .r-case'));
    expect($('[data-testid="reminders-panel"]')).toBeNull();

    backend.emit('reminders-due', 2);
    await settle();
    expect(backend.callsOf('reminders_due')).toHaveLength(2);
    expect($('[data-testid="reminders-panel"]')).toBeNull();

    const first = sampleReminders()[0]!;
    backend.reminders = [...sampleReminders(), { ...first, lead_days: first.lead_days + 7 }];
    backend.emit('reminders-due', 3);
    await settle();
    await waitFor(() => expect($('[data-testid="reminders-panel"]')).not.toBeNull());
    expect($$('[data-testid="reminder"]')).toHaveLength(1);
    expect(backend.callsOf('reminders_seen')).toHaveLength(0);
  });

  it('is translated into Spanish', async () => {
    await unlockApp((b) => {
      spanish(b);
      b.reminders = sampleReminders();
    });
    await waitFor(() => expect($('[data-testid="reminders-panel"]')).not.toBeNull());
    expect(text($('[data-testid="reminders-panel"]'))).toContain('2 plazos requieren su atención');
    expect(text($('[data-testid="reminders-panel"]'))).toContain('Presentar hoy');
    expect(text($('[data-testid="reminders-ok"]'))).toBe('Entendido');
  });
});

describe('settings — deadlines, closures and suspensions', () => {
  it('loads and saves the file-by target and reminder lead times', async () => {
    const { backend } = await unlockApp();
    await click($('[data-testid="nav-settings"]'));
    await waitFor(() => expect(value('#settings-reminders')).toBe('7, 1, 0'));
    expect(value('#settings-file-by')).toBe('3');
    expect(document.body.textContent).toContain('Computed deadlines are recalculated');

    await type($('#settings-reminders'), '7, x');
    expect(($('[data-testid="save-deadline-settings"]') as HTMLButtonElement).disabled).toBe(true);
    expect($('#settings-reminders')!.getAttribute('aria-invalid')).toBe('true');
    expect(text($('#reminders-hint'))).toContain('whole numbers between 0 and 90');
    await type($('#settings-file-by'), '31');
    expect($('#settings-file-by')!.getAttribute('aria-invalid')).toBe('true');

    await type($('#settings-file-by'), '5');
    await type($('#settings-reminders'), '3 , 14,0, 3');
    await click($('[data-testid="save-deadline-settings"]'));
    await waitFor(() => expect(backend.callsOf('deadline_settings_set')).toHaveLength(1));
    expect(backend.callsOf('deadline_settings_set')[0]!.args).toEqual({ settings: { file_by_days: 5, reminder_days: [14, 3, 0] } });
    await waitFor(() => expect(document.body.textContent).toContain('Deadline settings saved'));
    expect(value('#settings-reminders')).toBe('14, 3, 0');
  });

  it('lists, adds and deletes closures and suspensions', async () => {
    const { backend } = await unlockApp();
    await click($('[data-testid="nav-settings"]'));
    await waitFor(() => expect($$('[data-testid="closure"]')).toHaveLength(2));
    const [susp, closed] = $$('[data-testid="closure"]');
    expect(text(susp)).toContain('Dec 21, 2026 to Jan 6, 2027');
    expect(text(susp)).toContain('Suspension');
    expect(text(susp)).toContain('Mexico');
    expect(text(susp)).toContain('Periodo vacacional de la COMAR');
    expect(text(closed)).toContain('Closed day');
    expect(text(closed)).toContain('All calendars');

    // a last day before the first is refused before anything is sent
    await type($('#closure-first'), '2027-01-11');
    await type($('#closure-last'), '2027-01-10');
    expect(($('[data-testid="closure-add"]') as HTMLButtonElement).disabled).toBe(true);
    expect(text($('#closure-last-hint'))).toContain('cannot be before');
    await type($('#closure-last'), '2027-01-15');
    expect(text($('#closure-last-hint'))).toContain('Leave empty for a single day');
    await click($('#closure-suspension'));
    await choose('#closure-calendar', 'co');
    await type($('#closure-note'), 'Paro judicial');
    await click($('[data-testid="closure-add"]'));
    await waitFor(() => expect($$('[data-testid="closure"]')).toHaveLength(3));
    expect(backend.callsOf('closure_add')[0]!.args).toEqual({
      firstDay: '2027-01-11',
      lastDay: '2027-01-15',
      calendar: 'co',
      note: 'Paro judicial',
      suspension: true,
    });

    // a single closed day, then a closure of several days (not a suspension)
    await type($('#closure-first'), '2027-02-15');
    await click($('[data-testid="closure-add"]'));
    await waitFor(() => expect($$('[data-testid="closure"]')).toHaveLength(4));
    expect(backend.callsOf('closure_add')[1]!.args).toEqual({ firstDay: '2027-02-15', lastDay: null, calendar: 'co', note: null, suspension: false });
    await type($('#closure-first'), '2027-03-01');
    await type($('#closure-last'), '2027-03-03');
    await click($('[data-testid="closure-add"]'));
    await waitFor(() => expect($$('[data-testid="closure"]')).toHaveLength(5));
    expect(backend.callsOf('closure_add')[2]!.args).toEqual({ firstDay: '2027-03-01', lastDay: '2027-03-03', calendar: 'co', note: null, suspension: false });

    // delete, after confirming
    const first = $$('[data-testid="closure"]')[0]!;
    await click(first.querySelector('[data-testid="closure-delete"]'));
    expect(text($('[data-testid="confirm-dialog"]'))).toContain('recalculated');
    await click($('[data-testid="confirm-cancel"]'));
    expect(backend.callsOf('closure_delete')).toHaveLength(0);
    await click(first.querySelector('[data-testid="closure-delete"]'));
    await click($('[data-testid="confirm-ok"]'));
    await waitFor(() => expect($$('[data-testid="closure"]')).toHaveLength(4));
    expect(backend.callsOf('closure_delete')).toEqual([{ cmd: 'closure_delete', args: { id: 'cl-2' } }]);
  });
});
