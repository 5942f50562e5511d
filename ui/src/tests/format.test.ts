import { describe, expect, it } from 'vitest';
import { fmtBytes } from '../lib/format';

describe('fmtBytes', () => {
  it('spells out plain byte counts in both languages', () => {
    expect(fmtBytes(592, 'en')).toBe('592 bytes');
    expect(fmtBytes(592, 'es')).toBe('592 bytes');
  });

  it('uses kB and MB with the language decimal separator', () => {
    expect(fmtBytes(1536, 'en')).toBe('1.5 kB');
    expect(fmtBytes(1536, 'es')).toBe('1,5 kB');
    expect(fmtBytes(5 * 1024 * 1024, 'en')).toBe('5 MB');
  });
});
