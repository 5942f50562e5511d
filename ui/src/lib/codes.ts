// Language and country codes for people, and their display names.
//
// The Rust core stores languages as ISO 639 codes (2–3 letters, e.g. `es`, `quc`) and nationality as an
// ISO 3166-1 alpha-2 code (e.g. `HN`), and rejects anything else. The UI offers pickers with translated
// names and sends the codes; everywhere a person is shown, codes are turned back into names here.
import { en, type Key } from './i18n/en';
import { currentLang, dictionaries } from './i18n/index.svelte';

/** Languages common in migrant practice, offered as check boxes. Names come from `langName.<code>`. */
export const PRACTICE_LANGUAGES = [
  'es',
  'en',
  'fr',
  'ht',
  'pt',
  'ar',
  'quc',
  'mam',
  'kek',
  'cak',
  'tzo',
  'ru',
  'uk',
  'zh',
  'hi',
  'pa',
  'bn',
  'ne',
  'tr',
  'fa',
  'ps',
  'ti',
  'am',
  'so',
  'wo',
  'ff',
  'ln',
  'sw',
] as const;

/** Sovereign states of the Americas. */
const AMERICAS = [
  'AG', 'AR', 'BB', 'BO', 'BR', 'BS', 'BZ', 'CA', 'CL', 'CO', 'CR', 'CU', 'DM', 'DO', 'EC', 'GD', 'GT', 'GY',
  'HN', 'HT', 'JM', 'KN', 'LC', 'MX', 'NI', 'PA', 'PE', 'PY', 'SR', 'SV', 'TT', 'US', 'UY', 'VC', 'VE',
] as const;

/** Other countries of origin common in migrant practice. */
const ELSEWHERE = [
  'AF', 'AM', 'AO', 'BD', 'BF', 'CD', 'CG', 'CI', 'CM', 'CN', 'EG', 'ER', 'ET', 'GE', 'GH', 'GM', 'GN', 'IN',
  'IQ', 'IR', 'KG', 'KZ', 'LK', 'LR', 'ML', 'MM', 'MR', 'NG', 'NP', 'PH', 'PK', 'RU', 'SD', 'SL', 'SN', 'SO',
  'SY', 'TJ', 'TR', 'UA', 'UZ', 'VN', 'YE',
] as const;

/** Countries offered for nationality (ISO 3166-1 alpha-2). */
export const COUNTRIES: readonly string[] = [...AMERICAS, ...ELSEWHERE];

export type CodeOption = { code: string; name: string };

const displayNames = new Map<string, Intl.DisplayNames | null>();
function names(lang: string, type: 'language' | 'region'): Intl.DisplayNames | null {
  const k = `${lang}:${type}`;
  if (!displayNames.has(k)) {
    let d: Intl.DisplayNames | null = null;
    try {
      d = new Intl.DisplayNames([lang], { type, fallback: 'none' });
    } catch {
      d = null;
    }
    displayNames.set(k, d);
  }
  return displayNames.get(k) ?? null;
}

function capitalise(s: string, lang: string): string {
  return s ? s.charAt(0).toLocaleUpperCase(lang) + s.slice(1) : s;
}

/** The name of a language code in the UI language: our own list first, then the runtime's, then the code. */
export function languageName(code: string, lang: string = currentLang()): string {
  const c = code.trim().toLowerCase();
  const key = `langName.${c}`;
  if (key in en) return dictionaries[lang === 'es' ? 'es' : 'en'][key as Key];
  try {
    const n = names(lang, 'language')?.of(c);
    if (n && n.toLowerCase() !== c) return capitalise(n, lang);
  } catch {
    /* not a well-formed code: show it as stored */
  }
  return code;
}

/** The name of a country code in the UI language, falling back to the code. */
export function regionName(code: string, lang: string = currentLang()): string {
  const c = code.trim().toUpperCase();
  try {
    const n = names(lang, 'region')?.of(c);
    if (n && n !== c) return n;
  } catch {
    /* not a well-formed code: show it as stored */
  }
  return code;
}

/** A person's languages as names, e.g. "Spanish, K’iche’". */
export function languageList(codes: readonly string[], lang: string = currentLang()): string {
  return codes.map((c) => languageName(c, lang)).join(', ');
}

function sortByName(list: CodeOption[], lang: string): CodeOption[] {
  const coll = new Intl.Collator(lang, { sensitivity: 'base' });
  return list.sort((a, b) => coll.compare(a.name, b.name));
}

/** The practice languages, named and sorted for the UI language. */
export function languageOptions(lang: string = currentLang()): CodeOption[] {
  return sortByName(
    PRACTICE_LANGUAGES.map((code) => ({ code, name: languageName(code, lang) })),
    lang,
  );
}

/** The countries, named and sorted for the UI language. */
export function countryOptions(lang: string = currentLang()): CodeOption[] {
  return sortByName(
    COUNTRIES.map((code) => ({ code, name: regionName(code, lang) })),
    lang,
  );
}

/** An ISO 639 code as the core accepts it: 2 or 3 ASCII letters. */
export function isLanguageCode(s: string): boolean {
  return /^[a-z]{2,3}$/i.test(s.trim());
}

/**
 * Parse the "other language" field: ISO 639 codes separated by commas or spaces.
 * Returns the lower-cased codes, or null if any entry is not a code (e.g. "Spanish").
 */
export function parseOtherLanguages(s: string): string[] | null {
  const parts = s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (!parts.every(isLanguageCode)) return null;
  return parts.map((x) => x.toLowerCase());
}

/** The languages to send: the ticked ones, then the valid "other" codes, without repeats; null if "other" is invalid. */
export function collectLanguages(selected: readonly string[], other: string): string[] | null {
  const extra = parseOtherLanguages(other);
  if (!extra) return null;
  return [...new Set([...selected, ...extra])];
}
