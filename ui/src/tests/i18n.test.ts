import { describe, it, expect, afterEach } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { en } from '../lib/i18n/en';
import { es } from '../lib/i18n/es';
import { t, tn, setLang, tEnum } from '../lib/i18n/index.svelte';
import { ERROR_CODES } from '../lib/ipc';
import { CALENDAR_IDS, DEADLINE_KINDS, EVENT_KINDS, HIT_KINDS, JURISDICTIONS, RELIEFS, ROLES, STAGES } from '../lib/domain';
import { fmtDate, fmtANumber, normaliseANumber } from '../lib/format';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'tests' || name === 'bindings' ? [] : walk(p);
    return /\.(svelte|ts)$/.test(name) ? [p] : [];
  });
}

const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

afterEach(() => setLang('en'));

describe('i18n parity', () => {
  const dicts = { en: en as Record<string, string>, es: es as Record<string, string> };

  it('has the same keys in English and Spanish, none missing or empty', () => {
    const all = new Set([...Object.keys(dicts.en), ...Object.keys(dicts.es)]);
    const problems: string[] = [];
    for (const key of all) {
      for (const [lang, d] of Object.entries(dicts)) {
        const v = d[key];
        if (typeof v !== 'string' || v.trim() === '') problems.push(`${lang}: ${key} missing or empty`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses the same {params} in both languages', () => {
    const problems = Object.keys(en).filter((k) => params(dicts.en[k]!).join() !== params(dicts.es[k]!).join());
    expect(problems).toEqual([]);
  });

  it('has every key used in the source, for t(...) and tn(...)', () => {
    const files = walk(SRC);
    expect(files.length).toBeGreaterThan(10);
    const missing: string[] = [];
    let used = 0;
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/\bt\(\s*(['"])([^'"`]+)\1/g)) {
        used++;
        if (!(m[2]! in en)) missing.push(`${f}: t('${m[2]}')`);
      }
      for (const m of src.matchAll(/\btn\(\s*(['"])([^'"`]+)\1/g)) {
        used++;
        for (const form of ['one', 'other']) if (!(`${m[2]}.${form}` in en)) missing.push(`${f}: tn('${m[2]}') .${form}`);
      }
      // keys written as object values, e.g. { key: 'nav.cases' } or 'intake.err.name'
      for (const m of src.matchAll(/(?:key|kind):\s*'([a-z]+\.[\w.-]+)'/g)) {
        if (!(m[1]! in en)) missing.push(`${f}: '${m[1]}'`);
      }
    }
    expect(used).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('labels every enum value and error code in both languages', () => {
    const need = [
      ...JURISDICTIONS.map((v) => `jurisdiction.${v}`),
      ...STAGES.map((v) => `stage.${v}`),
      ...RELIEFS.map((v) => `relief.${v}`),
      ...ROLES.map((v) => `role.${v}`),
      ...EVENT_KINDS.map((v) => `event.${v}`),
      ...DEADLINE_KINDS.map((v) => `deadlineKind.${v}`),
      ...CALENDAR_IDS.map((v) => `calendarId.${v}`),
      ...HIT_KINDS.map((v) => `hit.${v}`),
      ...ERROR_CODES.map((v) => `error.${v}`),
      ...[0, 1, 2, 3, 4].map((v) => `strength.${v}`),
      ...['short', 'common', 'words', 'ok'].map((v) => `strength.hint.${v}`),
      'lang.en',
      'lang.es',
    ];
    expect(need.filter((k) => !(k in en) || !(k in es))).toEqual([]);
  });

  it('switches language reactively and fills params', () => {
    expect(t('nav.lock')).toBe('Lock');
    setLang('es');
    expect(t('nav.lock')).toBe('Bloquear');
    expect(document.documentElement.lang).toBe('es');
    expect(t('viewer.page', { page: 2, pages: 9 })).toBe('Página 2 de 9');
    expect(tEnum('stage', 'hearing')).toBe('Audiencia');
    expect(tn('cases.total', 50000)).toMatch(/^50.000 expedientes$/);
    expect(tn('cases.total', 1)).toBe('1 expediente');
    setLang('en');
    expect(tn('cases.total', 50000)).toBe('50,000 cases');
  });
});

describe('formatting', () => {
  it('formats dates per language', () => {
    expect(fmtDate('2026-11-25', 'es')).toBe('25 nov 2026');
    expect(fmtDate('2026-11-25', 'en')).toBe('Nov 25, 2026');
  });
  it('formats A-numbers', () => {
    expect(fmtANumber('12345678')).toBe('A012-345-678');
    expect(fmtANumber('A 012-345-678')).toBe('A012-345-678');
    expect(normaliseANumber('1234567')).toBeNull();
  });
});
