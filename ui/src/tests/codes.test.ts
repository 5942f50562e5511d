// Languages (ISO 639) and nationality (ISO 3166-1 alpha-2): pickers send codes, views show names.
import { describe, it, expect, afterEach } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import { unlockApp, restoreTransport, click, settle, type, $, $$, waitFor, expectNoAxeViolations } from './util';
import { router } from '../lib/router.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { en } from '../lib/i18n/en';
import { es } from '../lib/i18n/es';
import { CASE_ID, PERSON_ID } from './fake';
import {
  COUNTRIES,
  PRACTICE_LANGUAGES,
  collectLanguages,
  countryOptions,
  languageList,
  languageName,
  languageOptions,
  parseOtherLanguages,
  regionName,
} from '../lib/codes';

afterEach(() => {
  restoreTransport();
  setLang('en');
});

async function fillIntake() {
  await click($('[data-testid="nav-intake"]'));
  await type($('#intake-name'), 'Rosa Díaz');
  await type($('#intake-title'), 'Díaz — asylum');
}

const check = async (id: string) => {
  const box = $(id) as HTMLInputElement;
  box.checked = true;
  await fireEvent.change(box);
  await settle();
};

describe('codes module', () => {
  it('names every practice language in both UI languages, and covers the required countries', () => {
    for (const c of PRACTICE_LANGUAGES) {
      expect(`langName.${c}` in en && `langName.${c}` in es, c).toBe(true);
    }
    const required = 'AF AM BD BF CM CN CD ER ET GH GN IN IQ IR KZ MR NP NG PK RU SN SO SD SY TR UA UZ YE HN VE GT SV MX CU HT CO EC NI BR US CA'.split(' ');
    expect(required.filter((c) => !COUNTRIES.includes(c))).toEqual([]);
    expect(new Set(COUNTRIES).size).toBe(COUNTRIES.length);
    for (const lang of ['en', 'es']) for (const c of COUNTRIES) expect(regionName(c, lang), `${lang} ${c}`).not.toBe(c);
  });

  it('names codes per language and falls back to the code', () => {
    expect(languageName('quc', 'en')).toBe('K’iche’');
    expect(languageName('es', 'es')).toBe('Español');
    expect(languageName('de', 'es')).toBe('Alemán'); // not in our list: Intl.DisplayNames
    expect(languageName('qqq', 'en')).toBe('qqq');
    expect(languageName('Spanish', 'en')).toBe('Spanish'); // legacy free text shown as stored
    expect(languageList(['es', 'mam'], 'en')).toBe('Spanish, Mam');
    expect(regionName('HN', 'es')).toBe('Honduras');
    expect(regionName('CD', 'en')).toMatch(/Congo/);
    expect(regionName('Honduras', 'en')).toBe('Honduras');
  });

  it('sorts options by the localized name', () => {
    const names = countryOptions('es').map((o) => o.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('es').compare));
    expect(names.indexOf('Estados Unidos')).toBeLessThan(names.indexOf('Haití'));
    const langs = languageOptions('es').map((o) => o.name);
    expect(langs).toEqual([...langs].sort(new Intl.Collator('es', { sensitivity: 'base' }).compare));
  });

  it('accepts only 2–3 letter codes as "other" languages', () => {
    expect(parseOtherLanguages(' TZH, ctu ')).toEqual(['tzh', 'ctu']);
    expect(parseOtherLanguages('')).toEqual([]);
    expect(parseOtherLanguages('Spanish')).toBeNull();
    expect(parseOtherLanguages('es, k’iche’')).toBeNull();
    expect(collectLanguages(['es', 'quc'], 'es tzh')).toEqual(['es', 'quc', 'tzh']);
    expect(collectLanguages(['es'], 'Tzeltal')).toBeNull();
  });
});

describe('intake: languages and nationality', () => {
  it('sends the chosen codes: languages ["es","quc"] and nationality "HN"', async () => {
    const { backend } = await unlockApp();
    await fillIntake();
    expect($('#intake-nationality')!.tagName).toBe('SELECT');
    const first = ($('#intake-nationality') as HTMLSelectElement).options[0]!;
    expect(first.value).toBe('');
    expect(first.textContent).toBe('Not recorded');
    await fireEvent.change($('#intake-nationality')!, { target: { value: 'HN' } });
    expect(document.querySelector('label[for="intake-lang-quc"]')?.textContent).toBe('K’iche’');
    await check('#intake-lang-es');
    await check('#intake-lang-quc');
    await click($('[data-testid="intake-submit"]'));
    await waitFor(() => expect(backend.callsOf('intake')).toHaveLength(1));
    expect(backend.callsOf('intake')[0]!.args!.person).toMatchObject({ languages: ['es', 'quc'], nationality: 'HN' });
  });

  it('sends no nationality and no languages when none are chosen', async () => {
    const { backend } = await unlockApp();
    await fillIntake();
    await click($('[data-testid="intake-submit"]'));
    await waitFor(() => expect(backend.callsOf('intake')).toHaveLength(1));
    expect(backend.callsOf('intake')[0]!.args!.person).toMatchObject({ languages: [], nationality: null });
  });

  it('rejects an invalid "other" code with the hint, does not send it, then sends a valid one', async () => {
    const { backend } = await unlockApp();
    await fillIntake();
    await check('#intake-lang-es');
    await type($('#intake-languages-other'), 'Tzeltal');
    await click($('[data-testid="intake-submit"]'));
    expect(backend.callsOf('intake')).toHaveLength(0);
    const other = $('#intake-languages-other')!;
    expect(other.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(other);
    const described = other.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described).toEqual([en['codes.err.otherLanguage'], en['codes.otherLanguageHint']]);
    expect($('[data-testid="other-language-error"]')?.textContent).toContain('ISO 639');
    await expectNoAxeViolations();

    await type(other, 'tzh');
    expect($('[data-testid="other-language-error"]')).toBeNull();
    await click($('[data-testid="intake-submit"]'));
    await waitFor(() => expect(backend.callsOf('intake')).toHaveLength(1));
    expect(backend.callsOf('intake')[0]!.args!.person).toMatchObject({ languages: ['es', 'tzh'] });
  });

  it('is translated: country and language names in Spanish', async () => {
    await unlockApp((b) => (b.settings = { language: 'es', auto_lock_minutes: 5 }));
    await click($('[data-testid="nav-intake"]'));
    const options = Array.from(($('#intake-nationality') as HTMLSelectElement).options).map((o) => o.textContent);
    expect(options[0]).toBe('Sin registrar');
    expect(options).toContain('Estados Unidos');
    expect(document.querySelector('label[for="intake-lang-en"]')?.textContent).toBe('Inglés');
    expect(document.querySelector('label[for="intake-languages-other"]')?.textContent).toBe('Otro idioma (código ISO 639)');
    await expectNoAxeViolations();
  });
});

describe('person view and the add-a-new-person form', () => {
  it('shows the nationality and languages by name', async () => {
    await unlockApp();
    router.go({ name: 'person', id: PERSON_ID });
    await settle();
    await waitFor(() => expect($('[data-testid="person-nationality"]')?.textContent).toBe('Honduras'));
    expect($('[data-testid="person-languages"]')?.textContent).toBe('Spanish, K’iche’');
    setLang('es');
    await settle();
    expect($('[data-testid="person-languages"]')?.textContent).toBe('Español, K’iche’');
  });

  it('uses the same pickers when adding a new person to a case', async () => {
    const { backend } = await unlockApp();
    router.go({ name: 'case', id: CASE_ID });
    await settle();
    await waitFor(() => expect($('[data-testid="case-title"]')).not.toBeNull());
    ($('.add-form') as HTMLDetailsElement).open = true;
    await type($('#party-name'), 'Rosa Díaz');
    await fireEvent.change($('#party-nationality')!, { target: { value: 'GT' } });
    await check('#party-lang-mam');
    await type($('#party-languages-other'), 'Spanish');
    await fireEvent.submit($('#party-name')!.closest('form')!);
    await settle();
    expect(backend.callsOf('person_add')).toHaveLength(0);
    expect($('#party-languages-other')?.getAttribute('aria-invalid')).toBe('true');
    await type($('#party-languages-other'), '');
    await fireEvent.submit($('#party-name')!.closest('form')!);
    await settle();
    await waitFor(() => expect($$('[data-testid="party"]').map((p) => p.textContent?.trim())).toContain('Rosa Díaz'));
    expect(backend.callsOf('person_add')[0]!.args!.person).toMatchObject({ name: 'Rosa Díaz', nationality: 'GT', languages: ['mam'] });
    expect(($('#party-nationality') as HTMLSelectElement).value).toBe('');
    expect(($('#party-lang-mam') as HTMLInputElement).checked).toBe(false);
  });
});
