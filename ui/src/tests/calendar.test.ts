import { describe, it, expect } from 'vitest';
import { addDays, isInMonth, monthGrid, monthRange, shiftMonth, weekStartFor } from '../lib/calendar';
import { EVENT_KINDS, JURISDICTIONS } from '../lib/domain';
import { fmtDateLong, fmtMonthYear, fmtWeekday } from '../lib/format';
import { eventKindsOf } from './fake';

describe('calendar arithmetic', () => {
  it('adds days across months and years without time-zone shifts', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09'); // US daylight-saving change
  });

  it('builds whole weeks around the month, from Sunday or Monday', () => {
    const nov = { year: 2026, month0: 10 };
    const sun = monthGrid(nov, 0);
    expect([sun.from, sun.to]).toEqual(['2026-11-01', '2026-12-05']);
    expect(sun.weeks).toHaveLength(5);
    expect(sun.weeks.every((w) => w.length === 7)).toBe(true);
    const mon = monthGrid(nov, 1);
    expect([mon.from, mon.to]).toEqual(['2026-10-26', '2026-12-06']);
    // February 2026 starts on a Sunday and ends on a Saturday: exactly four weeks
    expect(monthGrid({ year: 2026, month0: 1 }, 0).weeks).toHaveLength(4);
    expect(monthRange(nov)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(shiftMonth({ year: 2026, month0: 11 }, 1)).toEqual({ year: 2027, month0: 0 });
    expect(shiftMonth({ year: 2026, month0: 0 }, -1)).toEqual({ year: 2025, month0: 11 });
    expect(isInMonth('2026-11-30', nov)).toBe(true);
    expect(isInMonth('2026-12-01', nov)).toBe(false);
    expect(weekStartFor('en')).toBe(0);
    expect(weekStartFor('es')).toBe(1);
  });

  it('formats months, weekdays and long dates per language', () => {
    expect(fmtMonthYear(2026, 10, 'en')).toBe('November 2026');
    expect(fmtMonthYear(2026, 10, 'es')).toBe('noviembre de 2026');
    expect(fmtWeekday('2026-11-23', 'es')).toEqual({ short: 'lun', long: 'lunes' });
    expect(fmtDateLong('2026-11-25', 'es')).toBe('miércoles, 25 de noviembre de 2026');
  });
});

// The picker offers the case's `event_kinds`, computed by the core; the fake computes them the same
// way, and the other tests rely on it.
describe('event kinds per jurisdiction (the fake core)', () => {
  it('lists each translated kind somewhere and the general ones everywhere, in the core’s order', () => {
    expect(new Set(JURISDICTIONS.flatMap(eventKindsOf))).toEqual(new Set(EVENT_KINDS));
    for (const j of JURISDICTIONS) expect(eventKindsOf(j)).toEqual(expect.arrayContaining(['interview', 'decision', 'other']));
    expect(eventKindsOf('us-eoir')).toEqual([
      'last-arrival',
      'nta-served',
      'i589-filed',
      'i589-received',
      'ead-clock-stop',
      'ead-clock-start',
      'biometrics',
      'mch-hearing',
      'ich-hearing',
      'filing-received',
      'ij-decision',
      'in-absentia-order',
      'final-order',
      'address-change',
      'interview',
      'decision',
      'other',
    ]);
    expect(eventKindsOf('us-uscis')).toEqual([
      'last-arrival',
      'i589-filed',
      'i589-received',
      'ead-clock-stop',
      'ead-clock-start',
      'biometrics',
      'address-change',
      'interview',
      'decision',
      'other',
    ]);
    expect(eventKindsOf('mx-comar')).toEqual(['mx-entry', 'mx-comar-admission', 'interview', 'decision', 'other']);
    expect(eventKindsOf('co')).toEqual(['co-entry', 'co-denial-notified', 'interview', 'decision', 'other']);
    expect(eventKindsOf('unhcr')).toEqual(['interview', 'decision', 'other']);
  });
});
