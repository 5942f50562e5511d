// Localised formatting with Intl. Dates from Rust are ISO strings: `YYYY-MM-DD` (calendar dates,
// read as local dates so they never shift by a day) or RFC 3339 timestamps.
import { currentLang } from './i18n/index.svelte';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDate(s: string): Date | null {
  const m = DATE_ONLY.exec(s);
  if (m) return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "25 Nov 2026" / "25 nov 2026". */
export function fmtDate(s: string | null | undefined, lang: string = currentLang()): string {
  if (!s) return '';
  const d = parseDate(s);
  if (!d) return s;
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', year: 'numeric' }).format(d).replace(/\./g, '');
}

/** Date and time for timestamps; plain date for calendar dates. */
export function fmtDateTime(s: string | null | undefined, lang: string = currentLang()): string {
  if (!s) return '';
  if (DATE_ONLY.test(s)) return fmtDate(s, lang);
  const d = parseDate(s);
  if (!d) return s;
  return new Intl.DateTimeFormat(lang, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(d)
    .replace(/\./g, '');
}

export function fmtNumber(n: number, lang: string = currentLang()): string {
  return new Intl.NumberFormat(lang).format(n);
}

/** A share from 0 to 1 as a whole percentage: "92%" / "92 %". */
export function fmtPercent(share: number, lang: string = currentLang()): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** "A, B and C" / "A, B y C". */
export function fmtList(items: readonly string[], lang: string = currentLang()): string {
  return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(items);
}

/** File sizes in KB/MB with the language's decimal separator. */
export function fmtBytes(n: number, lang: string = currentLang()): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit: units[i],
    // The short form of a plain byte count is "592 byte" in some engines; spell it out.
    unitDisplay: i === 0 ? 'long' : 'short',
    maximumFractionDigits: i === 0 ? 0 : 1,
  }).format(v);
}

/** Digits of an A-number, normalised to 9 (8-digit numbers get a leading 0); null if not 8–9 digits. */
export function normaliseANumber(s: string): string | null {
  const digits = s.replace(/^\s*A/i, '').replace(/[\s-]/g, '');
  if (!/^\d{8,9}$/.test(digits)) return null;
  return digits.padStart(9, '0');
}

/** `A012-345-678`; anything unexpected is shown as given. */
export function fmtANumber(s: string | null | undefined): string {
  if (!s) return '';
  const d = normaliseANumber(s);
  if (!d) return s;
  return `A${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
}

/** Today's local date as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** Whole days from `a` to `b` (calendar dates). */
export function daysBetween(a: string, b: string): number {
  const da = parseDate(a);
  const db = parseDate(b);
  if (!da || !db) return 0;
  return Math.round((db.getTime() - da.getTime()) / 86_400_000);
}

/** "November 2026" / "noviembre de 2026". */
export function fmtMonthYear(year: number, month0: number, lang: string = currentLang()): string {
  return new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric' }).format(new Date(year, month0, 1));
}

/** "Nov 26" / "nov 26": a month in little room (chart axes). */
export function fmtMonthShort(year: number, month0: number, lang: string = currentLang()): string {
  return new Intl.DateTimeFormat(lang, { month: 'short', year: '2-digit' }).format(new Date(year, month0, 1)).replace(/\./g, '');
}

/** "Wednesday, November 25, 2026" / "miércoles, 25 de noviembre de 2026". */
export function fmtDateLong(s: string | null | undefined, lang: string = currentLang()): string {
  if (!s) return '';
  const d = parseDate(s);
  if (!d) return s;
  return new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

/** Weekday names for a column header: `short` ("Mon" / "lun") and `long` ("Monday" / "lunes"). */
export function fmtWeekday(s: string, lang: string = currentLang()): { short: string; long: string } {
  const d = parseDate(s) ?? new Date(s);
  return {
    short: new Intl.DateTimeFormat(lang, { weekday: 'short' }).format(d).replace(/\.$/, ''),
    long: new Intl.DateTimeFormat(lang, { weekday: 'long' }).format(d),
  };
}
