// The conflict-of-interest check: before intake saves a client, and before a person is added to a
// case with a role. (Not the merge conflicts of co-counsel bundles: see import.test.ts.)
import { describe, it, expect, afterEach } from 'vitest';
import { render } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import { fireEvent } from '@testing-library/svelte';
import { unlockApp, restoreTransport, click, settle, type, $, $$, waitFor, expectNoAxeViolations, untranslated } from './util';
import { CASE_ID, PERSON_ID } from './fake';
import type { ConflictMatch } from '../lib/bindings/ConflictMatch';
import type { SearchHit } from '../lib/bindings/SearchHit';
import * as ipc from '../lib/ipc';
import { router } from '../lib/router.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { en } from '../lib/i18n/en';
import { es } from '../lib/i18n/es';
import { CONFLICT_REASONS } from '../lib/domain';
import ConflictCheck from '../components/ConflictCheck.svelte';

afterEach(() => {
  restoreTransport();
  clearMocks();
  setLang('en');
});

const text = (sel: string) => $(sel)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const texts = (sel: string, root: ParentNode = document) =>
  Array.from(root.querySelectorAll(sel)).map((e) => e.textContent?.replace(/\s+/g, ' ').trim() ?? '');
const match = (personId: string) => $(`[data-testid="conflict-match"][data-person-id="${personId}"]`);

async function fillIntake(name: string) {
  await click($('[data-testid="nav-intake"]'));
  await type($('#intake-name'), name);
  await type($('#intake-title'), 'New — asylum');
}

async function openCase() {
  router.go({ name: 'case', id: CASE_ID });
  await settle();
  await waitFor(() => expect($('[data-testid="case-title"]')).not.toBeNull());
  ($('.add-form') as HTMLDetailsElement).open = true;
  await settle();
}

const submitNewParty = async () => {
  await fireEvent.submit($('#party-name')!.closest('form')!);
  await settle();
};

describe('ipc', () => {
  it('sends conflicts_check with the query as one argument', async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, payload) => {
      seen.push([cmd, payload]);
      return [];
    });
    const query = { name: 'Rosa Díaz', dob: '1991-02-03', dob_approximate: true, a_number: '012345678', exclude: null };
    expect(await ipc.conflictsCheck(query)).toEqual([]);
    expect(seen).toEqual([['conflicts_check', { query }]]);
  });
});

describe('intake: the conflict check before the client is saved', () => {
  it('shows the matches and saves nothing until the lawyer says they are different people', async () => {
    const { backend } = await unlockApp();
    await fillIntake('carmen DIAZ');
    await click($('[data-testid="intake-submit"]'));
    await waitFor(() => expect(match('p-4')).not.toBeNull());

    expect(backend.callsOf('conflicts_check').map((c) => c.args)).toEqual([
      { query: { name: 'carmen DIAZ', dob: null, dob_approximate: false, a_number: null, exclude: null } },
    ]);
    expect(backend.callsOf('intake')).toHaveLength(0);
    // the results get the focus; their summary is a live region, the region is named by its heading
    expect(document.activeElement?.id).toBe('intake-conflicts-title');
    const region = $('[data-testid="conflict-results"]')!;
    expect(region.tagName).toBe('SECTION');
    expect(document.getElementById(region.getAttribute('aria-labelledby')!)?.textContent).toBe('Conflict-of-interest check');
    expect($('[data-testid="conflict-summary"]')?.getAttribute('aria-live')).toBe('polite');
    expect(text('[data-testid="conflict-summary"]')).toBe('1 person in this vault may be the same person.');

    const m = match('p-4')!;
    expect(m.querySelector('[data-testid="conflict-person"]')?.textContent?.trim()).toBe('Carmen Díaz');
    expect(m.querySelector('[data-testid="conflict-score"]')?.textContent).toBe('100% match');
    expect(texts('[data-testid="conflict-reason"]', m)).toEqual(['Same name']);
    expect(texts('[data-testid="conflict-role"]', m)).toEqual(['Adverse party in Martínez — refugio (COMAR)']);
    expect(m.querySelector('[data-testid="conflict-adverse"]')?.textContent).toContain('Likely conflict: adverse party');
    // the normal buttons give way to the two choices
    expect($('[data-testid="intake-submit"]')).toBeNull();
    expect($('[data-testid="conflict-continue"]')?.textContent?.trim()).toBe('These are different people — save the client');
    expect($('[data-testid="conflict-back"]')?.textContent?.trim()).toBe('Go back');
    await expectNoAxeViolations();

    await click($('[data-testid="conflict-continue"]'));
    await waitFor(() => expect($('[data-testid="case-title"]')?.textContent).toBe('New case'));
    expect(backend.callsOf('conflicts_check')).toHaveLength(1); // the matches shown were for this form: no second check
    expect(backend.callsOf('intake')).toHaveLength(1);
    expect(backend.callsOf('intake')[0]!.args!.person).toMatchObject({ name: 'carmen DIAZ' });
    // matches were found: the case does not say "no one matches"
    expect(document.body.textContent).not.toContain('found no one');
  });

  it('"Go back" saves nothing and returns to the form', async () => {
    const { backend } = await unlockApp();
    await fillIntake('Carmen Díaz');
    await click($('[data-testid="intake-submit"]'));
    await waitFor(() => expect(match('p-4')).not.toBeNull());
    await click($('[data-testid="conflict-back"]'));
    expect($('[data-testid="conflict-results"]')).toBeNull();
    expect(document.activeElement?.id).toBe('intake-name');
    expect(($('#intake-name') as HTMLInputElement).value).toBe('Carmen Díaz');
    expect($('[data-testid="intake-submit"]')).not.toBeNull();
    expect(backend.callsOf('intake')).toHaveLength(0);
    expect(router.current.name).toBe('intake');
  });

  it('saves right away when no one matches, and says so on the new case', async () => {
    const { backend } = await unlockApp();
    await fillIntake('Rosa Díaz');
    await type($('#intake-a-number'), 'A 87-654-321');
    await type($('#intake-dob'), '1991-02-03');
    ($('#intake-dob-approx') as HTMLInputElement).checked = true;
    await fireEvent.change($('#intake-dob-approx')!);
    await click($('[data-testid="intake-submit"]'));
    await waitFor(() => expect($('[data-testid="case-title"]')?.textContent).toBe('New case'));
    expect(backend.calls.map((c) => c.cmd).filter((c) => c === 'conflicts_check' || c === 'intake')).toEqual(['conflicts_check', 'intake']);
    expect(backend.conflictQueries).toEqual([{ name: 'Rosa Díaz', dob: '1991-02-03', dob_approximate: true, a_number: '087654321', exclude: null }]);
    await waitFor(() =>
      expect(text('.case-view [role="status"]')).toBe('Client and case saved. The conflict check found no one in this vault who matches.'),
    );
  });

  it('checks again before saving if the form changed after the matches were shown', async () => {
    const { backend } = await unlockApp();
    await fillIntake('Carmen Díaz');
    await click($('[data-testid="intake-submit"]'));
    await waitFor(() => expect(match('p-4')).not.toBeNull());
    await type($('#intake-name'), 'Rosa Díaz');
    expect($('[data-testid="conflict-stale"]')).not.toBeNull();
    await click($('[data-testid="conflict-continue"]'));
    await waitFor(() => expect($('[data-testid="case-title"]')?.textContent).toBe('New case'));
    expect(backend.conflictQueries.map((q) => q.name)).toEqual(['Carmen Díaz', 'Rosa Díaz']);
    expect(backend.callsOf('intake')[0]!.args!.person).toMatchObject({ name: 'Rosa Díaz' });
  });

  it('"Check for conflicts" shows the results without saving, once a name is entered', async () => {
    const { backend } = await unlockApp();
    await click($('[data-testid="nav-intake"]'));
    const checkNow = $('[data-testid="conflict-check-now"]') as HTMLButtonElement;
    expect(checkNow.disabled).toBe(true);
    await type($('#intake-name'), 'Hernández López');
    await type($('#intake-dob'), '1990-03-04');
    expect(checkNow.disabled).toBe(false);
    await click(checkNow);
    await waitFor(() => expect(match(PERSON_ID)).not.toBeNull());
    expect(backend.conflictQueries).toEqual([{ name: 'Hernández López', dob: '1990-03-04', dob_approximate: false, a_number: null, exclude: null }]);
    expect(match(PERSON_ID)!.querySelector('[data-testid="conflict-person"]')?.textContent?.trim()).toBe('María Hernández López');
    expect(texts('[data-testid="conflict-reason"]', match(PERSON_ID)!)).toEqual(['Part of the name', 'Same date of birth']);
    expect(texts('[data-testid="conflict-role"]', match(PERSON_ID)!)).toEqual(['Client in Hernández — asylum']);
    expect($('[data-testid="conflict-adverse"]')).toBeNull();
    // nothing to decide: no case title was needed and nothing is saved
    expect($('[data-testid="conflict-continue"]')).toBeNull();
    expect($('[data-testid="intake-submit"]')).not.toBeNull();
    expect(backend.callsOf('intake')).toHaveLength(0);

    // no one matches
    await type($('#intake-name'), 'Zoila Quispe');
    await type($('#intake-dob'), '');
    await click($('[data-testid="conflict-check-now"]'));
    await waitFor(() => expect(text('[data-testid="conflict-none"]')).toBe('No one in this vault matches.'));
    expect($$('[data-testid="conflict-match"]')).toHaveLength(0);
    expect(backend.callsOf('intake')).toHaveLength(0);

    // a person's name opens their page
    await type($('#intake-name'), 'Maria Hernandez');
    await click($('[data-testid="conflict-check-now"]'));
    await waitFor(() => expect(match(PERSON_ID)).not.toBeNull());
    expect(texts('[data-testid="conflict-reason"]', match(PERSON_ID)!)).toEqual(['Same name', 'Through an alias']);
    await click(match(PERSON_ID)!.querySelector('[data-testid="conflict-person"]'));
    expect(router.current).toEqual({ name: 'person', id: PERSON_ID });
  });

  it('shows the fields the check needs before asking Rust', async () => {
    const { backend } = await unlockApp();
    await click($('[data-testid="nav-intake"]'));
    await type($('#intake-name'), 'Rosa Díaz');
    await type($('#intake-a-number'), '123');
    await click($('[data-testid="conflict-check-now"]'));
    expect(backend.callsOf('conflicts_check')).toHaveLength(0);
    expect($('#intake-a-number')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('intake-a-number');
    expect($('#intake-title')?.getAttribute('aria-invalid')).toBe('false'); // not needed for a check
  });

  it('shows a failed check with the error alert and saves nothing', async () => {
    const { backend } = await unlockApp((b) => b.fail('conflicts_check', { code: 'invalid-input', message: 'date of birth: must be YYYY-MM-DD' }));
    await fillIntake('Rosa Díaz');
    await click($('[data-testid="intake-submit"]'));
    await waitFor(() => expect($('[role="alert"]')?.textContent).toContain('Some of the information is not valid.'));
    expect($('[role="alert"]')?.textContent).toContain('date of birth: must be YYYY-MM-DD');
    expect($('[data-testid="conflict-results"]')).toBeNull();
    expect(backend.callsOf('conflicts_check')).toHaveLength(1);
    expect(backend.callsOf('intake')).toHaveLength(0);
    expect(router.current.name).toBe('intake');
  });

  it('is in Spanish: reasons, roles, badge and buttons', async () => {
    await unlockApp((b) => (b.settings = { language: 'es', auto_lock_minutes: 5 }));
    setLang('es');
    await fillIntake('Carmen Díaz');
    await click($('[data-testid="intake-submit"]'));
    await waitFor(() => expect(match('p-4')).not.toBeNull());
    const m = match('p-4')!;
    expect(text('[data-testid="conflict-summary"]')).toBe('Hay 1 persona en esta bóveda que podría ser la misma.');
    expect(texts('[data-testid="conflict-reason"]', m)).toEqual(['Mismo nombre']);
    expect(texts('[data-testid="conflict-role"]', m)).toEqual(['Parte contraria en Martínez — refugio (COMAR)']);
    expect(m.querySelector('[data-testid="conflict-adverse"]')?.textContent).toContain('Probable conflicto: parte contraria');
    expect(m.querySelector('[data-testid="conflict-score"]')?.textContent).toMatch(/^Coincidencia: 100\s%$/);
    expect($('[data-testid="conflict-continue"]')?.textContent?.trim()).toBe('Son personas distintas: guardar el cliente');
    expect($('[data-testid="conflict-back"]')?.textContent?.trim()).toBe('Volver atrás');
    await expectNoAxeViolations();
  });
});

describe('the results component', () => {
  const every: ConflictMatch[] = [
    {
      person_id: 'p-9',
      name: 'Mohamed Ali',
      score: 0.87,
      reasons: [...CONFLICT_REASONS],
      roles: [
        { case_id: 'c-5', case_title: 'Ali — asylum', role: 'client' },
        { case_id: 'c-6', case_title: 'State v. Ali', role: 'witness' },
      ],
    },
    { person_id: 'p-8', name: 'Muhammad Aly', score: 0.71, reasons: ['name-variant'], roles: [] },
  ];
  const REASONS_EN = [
    'Same A-number',
    'Same name',
    'Part of the name',
    'Spelling variant (transliteration)',
    'Similar spelling',
    'Through an alias',
    'Same date of birth',
    'Date of birth within a year (approximate)',
  ];

  it('labels every reason in English and Spanish, and marks only adverse roles', async () => {
    const r = render(ConflictCheck, { props: { matches: every, id: 'cc' } });
    expect(texts('[data-testid="conflict-reason"]', $$('[data-testid="conflict-match"]')[0]!)).toEqual(REASONS_EN);
    expect(texts('[data-testid="conflict-score"]')).toEqual(['87% match', '71% match']);
    expect(texts('[data-testid="conflict-role"]')).toEqual(['Client in Ali — asylum', 'Witness in State v. Ali']);
    expect(text('[data-testid="conflict-match"][data-person-id="p-8"]')).toContain('Not on any case.');
    expect($('[data-testid="conflict-adverse"]')).toBeNull();
    expect(text('[data-testid="conflict-summary"]')).toBe('2 people in this vault may be the same person.');

    setLang('es');
    await settle();
    expect(texts('[data-testid="conflict-reason"]', $$('[data-testid="conflict-match"]')[0]!)).toEqual([
      'Mismo número A',
      'Mismo nombre',
      'Parte del nombre',
      'Variante del nombre (transliteración)',
      'Escritura parecida',
      'Por un alias',
      'Misma fecha de nacimiento',
      'Fecha de nacimiento con menos de un año de diferencia (aproximada)',
    ]);
    expect(texts('[data-testid="conflict-role"]')).toEqual(['Cliente en Ali — asylum', 'Testigo en State v. Ali']);
    r.unmount();
  });

  it('marks a match with any adverse role, and says when no one matches', async () => {
    const adverse: ConflictMatch = { ...every[1]!, roles: [{ case_id: 'c-7', case_title: 'Aly v. Aly', role: 'adverse' }] };
    const r = render(ConflictCheck, { props: { matches: [every[0]!, adverse], id: 'cc' } });
    expect($$('[data-testid="conflict-adverse"]')).toHaveLength(1);
    expect(match('p-8')!.querySelector('[data-testid="conflict-adverse"]')?.textContent).toContain('Likely conflict: adverse party');
    r.unmount();
    const none = render(ConflictCheck, { props: { matches: [], id: 'cc' } });
    expect(text('[data-testid="conflict-none"]')).toBe('No one in this vault matches.');
    expect($('[data-testid="conflict-none"]')?.getAttribute('role')).toBe('status');
    none.unmount();
  });
});

describe('adding a person to a case: the conflict check first', () => {
  it('a new person: checks the name (nothing to leave out) and adds only after "Add anyway"', async () => {
    const { backend } = await unlockApp();
    await openCase();
    await type($('#party-name'), 'Carmen Diaz');
    await fireEvent.change($('#party-role')!, { target: { value: 'witness' } });
    await submitNewParty();
    await waitFor(() => expect(match('p-4')).not.toBeNull());
    expect(backend.conflictQueries).toEqual([{ name: 'Carmen Diaz', dob: null, dob_approximate: false, a_number: null, exclude: null }]);
    expect(backend.callsOf('person_add')).toHaveLength(0);
    expect(backend.callsOf('party_add')).toHaveLength(0);
    expect(match('p-4')!.querySelector('[data-testid="conflict-adverse"]')).not.toBeNull();
    expect(document.activeElement?.id).toBe('party-conflicts-title');
    expect($('[data-testid="conflict-continue"]')?.textContent?.trim()).toBe('Add anyway');
    await expectNoAxeViolations();

    await click($('[data-testid="conflict-continue"]'));
    await waitFor(() => expect($$('[data-testid="party"]').map((p) => p.textContent?.trim())).toContain('Carmen Diaz'));
    expect(backend.callsOf('conflicts_check')).toHaveLength(1);
    expect(backend.callsOf('person_add')[0]!.args!.person).toMatchObject({ name: 'Carmen Diaz' });
    expect(backend.callsOf('party_add')[0]!.args).toMatchObject({ caseId: CASE_ID, role: 'witness' });
    expect($('[data-testid="conflict-results"]')).toBeNull();
    expect(($('#party-name') as HTMLInputElement).value).toBe('');
  });

  it('"Go back" adds no one', async () => {
    const { backend } = await unlockApp();
    await openCase();
    await type($('#party-name'), 'Carmen Díaz');
    await submitNewParty();
    await waitFor(() => expect(match('p-4')).not.toBeNull());
    await click($('[data-testid="conflict-back"]'));
    expect($('[data-testid="conflict-results"]')).toBeNull();
    expect(document.activeElement?.id).toBe('party-name');
    expect(backend.callsOf('person_add')).toHaveLength(0);
    expect(backend.callsOf('party_add')).toHaveLength(0);
  });

  it('a new person no one matches is added right away, and the check is mentioned', async () => {
    const { backend } = await unlockApp();
    await openCase();
    await type($('#party-name'), 'Rosa Díaz');
    await submitNewParty();
    await waitFor(() => expect($$('[data-testid="party"]').map((p) => p.textContent?.trim())).toContain('Rosa Díaz'));
    expect(backend.calls.map((c) => c.cmd).filter((c) => ['conflicts_check', 'person_add', 'party_add'].includes(c))).toEqual([
      'conflicts_check',
      'person_add',
      'party_add',
    ]);
    expect(document.body.textContent).toContain('Rosa Díaz added to this case. The conflict check found no one else in this vault who matches.');
  });

  it('an existing person: checks their record, leaving them out, and shows who else may be them', async () => {
    const hits: SearchHit[] = [{ kind: 'person', id: 'p-2', case_id: null, label: 'Luis Hernández' }];
    const { backend } = await unlockApp((b) => {
      b.overrides.set('search', () => hits);
      b.personDetails['p-2'] = { aliases: [], dob: '1988-05-06', dob_approx: false, a_number: '087654321' };
      // the same man, recorded again with a typo, adverse in another case
      b.people['p-7'] = 'Luis Hernandes';
      b.personDetails['p-7'] = { aliases: [], dob: null, dob_approx: false, a_number: 'A087-654-321' };
      b.otherRoles['p-7'] = [{ case_id: 'c-8', case_title: 'Gómez — U visa', role: 'adverse' }];
    });
    await openCase();
    await type($('#party-search'), 'luis');
    await new Promise((r) => setTimeout(r, 200));
    await settle();
    await click($('[data-testid="party-person-option"]'));
    await fireEvent.change($('#party-existing-role')!, { target: { value: 'witness' } });
    await click($('[data-testid="add-existing-party"]'));
    await waitFor(() => expect(match('p-7')).not.toBeNull());

    expect(backend.callsOf('conflicts_check').map((c) => c.args)).toEqual([
      { query: { name: 'Luis Hernández', dob: '1988-05-06', dob_approximate: false, a_number: '087654321', exclude: 'p-2' } },
    ]);
    expect(match('p-2')).toBeNull(); // the person being added is left out
    expect(texts('[data-testid="conflict-reason"]', match('p-7')!)).toEqual(['Same A-number', 'Similar spelling']);
    expect(texts('[data-testid="conflict-role"]', match('p-7')!)).toEqual(['Adverse party in Gómez — U visa']);
    expect(match('p-7')!.querySelector('[data-testid="conflict-adverse"]')).not.toBeNull();
    expect(backend.callsOf('party_add')).toHaveLength(0);

    await click($('[data-testid="conflict-continue"]'));
    await waitFor(() => expect(backend.callsOf('party_add')).toHaveLength(1));
    expect(backend.callsOf('party_add')[0]!.args).toEqual({ caseId: CASE_ID, personId: 'p-2', role: 'witness' });
    expect(backend.callsOf('person_add')).toHaveLength(0);
    await waitFor(() => expect(document.body.textContent).toContain('Luis Hernández added to this case.'));
    expect(document.body.textContent).not.toContain('found no one');
  });

  it('shows a failed check and adds no one', async () => {
    const { backend } = await unlockApp((b) => b.fail('conflicts_check', { code: 'database', message: 'disk I/O error' }));
    await openCase();
    await type($('#party-name'), 'Rosa Díaz');
    await submitNewParty();
    await waitFor(() => expect($('[role="alert"]')?.textContent).toContain('The database reported an error.'));
    expect($('[data-testid="conflict-results"]')).toBeNull();
    expect(backend.callsOf('person_add')).toHaveLength(0);
    expect(backend.callsOf('party_add')).toHaveLength(0);
    expect(($('#party-name') as HTMLInputElement).value).toBe('Rosa Díaz');
  });
});

describe('i18n', () => {
  it('has every conflict-check text in English and Spanish, translated', () => {
    const keys = Object.keys(en).filter((k) => k.startsWith('conflictCheck.'));
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((k) => !(k in es))).toEqual([]);
    expect(Object.keys(es).filter((k) => k.startsWith('conflictCheck.') && !(k in en))).toEqual([]);
    expect(untranslated(keys)).toEqual([]);
    expect(CONFLICT_REASONS.filter((r) => !(`conflictCheck.reason.${r}` in en) || !(`conflictCheck.reason.${r}` in es))).toEqual([]);
    // kept apart from the merge conflicts of co-counsel bundles
    expect(keys.some((k) => k.startsWith('conflicts.'))).toBe(false);
  });
});
