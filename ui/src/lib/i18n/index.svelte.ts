// Reactive translation: `t()` reads the current language, so templates re-render when it changes.
import { en, type Key } from './en';
import { es } from './es';
import type { Language } from '../bindings/Language';

export type { Key };
export const LANGUAGES: readonly Language[] = ['en', 'es'];
export const dictionaries: Record<Language, Record<Key, string>> = { en, es };

const state = $state<{ lang: Language }>({ lang: 'en' });

export function currentLang(): Language {
  return state.lang;
}

export function setLang(lang: Language): void {
  state.lang = lang === 'es' ? 'es' : 'en';
  if (typeof document !== 'undefined') document.documentElement.lang = state.lang;
}

export type Params = Record<string, string | number>;

function fill(s: string, params?: Params): string {
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Translate a key into the current language. */
export function t(key: Key, params?: Params): string {
  const s = dictionaries[state.lang][key] ?? en[key] ?? key;
  return fill(s, params);
}

/** Plural form: uses `<base>.one` / `<base>.other`, with `{count}` formatted for the language. */
export function tn(base: PluralBase, count: number, params?: Params): string {
  const form = new Intl.PluralRules(state.lang).select(count) === 'one' ? 'one' : 'other';
  const key = `${base}.${form}` as Key;
  return t(key, { ...params, count: new Intl.NumberFormat(state.lang).format(count) });
}

type StripPlural<K> = K extends `${infer B}.one` ? B : never;
export type PluralBase = StripPlural<Key>;

export type EnumPrefix =
  | 'jurisdiction'
  | 'stage'
  | 'relief'
  | 'outcome'
  | 'sheetField'
  | 'role'
  | 'event'
  | 'deadlineKind'
  | 'calendarId'
  | 'hit'
  | 'lang'
  | 'unit'
  | 'field';

/** Translate a key that is built at run time from an enum value; falls back to the raw value. */
export function tEnum(prefix: EnumPrefix, value: string): string {
  const key = `${prefix}.${value}`;
  return key in en ? t(key as Key) : value;
}
