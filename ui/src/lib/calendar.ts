// Calendar-date arithmetic for the calendar screen. Dates are `YYYY-MM-DD` strings, handled as
// local dates (never through UTC, so they cannot shift by a day).
import { parseDate, todayIso } from './format';

/** The date `n` days after `iso` (negative: before). */
export function addDays(iso: string, n: number): string {
  const d = parseDate(iso);
  if (!d) return iso;
  d.setDate(d.getDate() + n);
  return todayIso(d);
}

/** First day of the week: Monday, except Sunday for English (US practice). */
export function weekStartFor(lang: string): 0 | 1 {
  return lang === 'en' ? 0 : 1;
}

export type Month = { year: number; month0: number };

export function monthOf(iso: string): Month {
  const d = parseDate(iso) ?? new Date();
  return { year: d.getFullYear(), month0: d.getMonth() };
}

export function shiftMonth(m: Month, by: number): Month {
  const d = new Date(m.year, m.month0 + by, 1);
  return { year: d.getFullYear(), month0: d.getMonth() };
}

/** First and last day of the month, inclusive. */
export function monthRange(m: Month): { from: string; to: string } {
  return { from: todayIso(new Date(m.year, m.month0, 1)), to: todayIso(new Date(m.year, m.month0 + 1, 0)) };
}

/**
 * The weeks a month view shows: whole weeks from the one holding the 1st to the one holding the
 * last day. `from`/`to` are the first and last day shown.
 */
export function monthGrid(m: Month, weekStart: 0 | 1): { from: string; to: string; weeks: string[][] } {
  const first = new Date(m.year, m.month0, 1);
  const lead = (first.getDay() - weekStart + 7) % 7;
  const start = todayIso(new Date(m.year, m.month0, 1 - lead));
  const last = new Date(m.year, m.month0 + 1, 0);
  const trail = (weekStart + 6 - last.getDay() + 7) % 7;
  const end = todayIso(new Date(m.year, m.month0 + 1, trail));
  const weeks: string[][] = [];
  for (let day = start; day <= end; ) {
    const week: string[] = [];
    for (let i = 0; i < 7; i++) {
      week.push(day);
      day = addDays(day, 1);
    }
    weeks.push(week);
  }
  return { from: start, to: end, weeks };
}

export function isInMonth(iso: string, m: Month): boolean {
  const d = parseDate(iso);
  return !!d && d.getFullYear() === m.year && d.getMonth() === m.month0;
}
