import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'app.css'), 'utf8');
const vars = new Map<string, string>();
for (const m of css.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) vars.set(m[1]!, m[2]!);

function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = c.map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
export function contrast(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}
function v(name: string): string {
  const c = vars.get(name);
  if (!c) throw new Error(`--${name} not defined`);
  return c;
}

// [foreground, background, minimum]
const TEXT = 4.5;
const UI = 3;
const pairs: [string, string, number][] = [
  ['text', 'bg', TEXT],
  ['text', 'surface', TEXT],
  ['text', 'surface-alt', TEXT],
  ['text', 'selected', TEXT],
  ['text-muted', 'bg', TEXT],
  ['text-muted', 'surface', TEXT],
  ['text-muted', 'surface-alt', TEXT],
  ['text-muted', 'danger-bg', TEXT],
  ['text-muted', 'selected', TEXT],
  ['text-muted', 'warning-bg', TEXT],
  ['link', 'danger-bg', TEXT],
  ['link', 'surface', TEXT],
  ['link', 'bg', TEXT],
  ['accent', 'surface', TEXT],
  ['accent', 'surface-alt', TEXT],
  ['on-accent', 'accent', TEXT],
  ['on-accent', 'accent-hover', TEXT],
  ['on-danger', 'danger', TEXT],
  ['danger', 'surface', TEXT],
  ['danger', 'danger-bg', TEXT],
  ['warning', 'warning-bg', TEXT],
  ['text', 'warning-bg', TEXT],
  ['success', 'success-bg', TEXT],
  ['topbar-text', 'topbar-bg', TEXT],
  ['topbar-muted', 'topbar-bg', TEXT],
  ['topbar-text', 'topbar-current', TEXT],
  ['topbar-muted', 'topbar-current', TEXT],
  ['topbar-bg', 'surface', TEXT],
  ['focus', 'surface', UI],
  ['focus', 'bg', UI],
  ['focus', 'selected', UI],
  ['border-strong', 'surface', UI],
  ['accent', 'selected', UI],
];

describe('palette contrast (WCAG 2.x)', () => {
  it('computes known ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 1);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 1);
  });
  it.each(pairs)('--%s on --%s ≥ %s:1', (fg, bg, min) => {
    expect(contrast(v(fg), v(bg))).toBeGreaterThanOrEqual(min);
  });
});
