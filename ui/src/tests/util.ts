import { render, waitFor, fireEvent, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import axe from 'axe-core';
import { expect } from 'vitest';
import App from '../App.svelte';
import { setTransport, tauriTransport } from '../lib/ipc';
import { session } from '../lib/session.svelte';
import { FakeBackend } from './fake';
import { en } from '../lib/i18n/en';
import { es } from '../lib/i18n/es';

export async function startApp(configure?: (b: FakeBackend) => void) {
  session.resetForTests();
  const backend = new FakeBackend();
  configure?.(backend);
  setTransport(backend.transport);
  const result = render(App);
  await waitFor(() => expect(document.querySelector('main')).not.toBeNull());
  await settle();
  return { backend, ...result };
}

export function restoreTransport() {
  setTransport(tauriTransport);
}

/** Let promises and Svelte updates run. */
export async function settle(rounds = 5) {
  for (let i = 0; i < rounds; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await tick();
  }
}

export async function unlockApp(configure?: (b: FakeBackend) => void) {
  const app = await startApp((b) => {
    b.unlocked = true;
    configure?.(b);
  });
  await waitFor(() => expect(document.querySelector('[data-testid="dashboard"]')).not.toBeNull());
  await settle();
  return app;
}

export async function click(el: Element | null) {
  if (!el) throw new Error('element not found');
  await fireEvent.click(el);
  await settle();
}

export async function type(el: Element | null, value: string) {
  if (!el) throw new Error('element not found');
  await fireEvent.input(el, { target: { value } });
  await settle();
}

export function $(sel: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(sel);
}
export function $$(sel: string): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>(sel));
}

/** Run axe on the whole document; colour contrast is checked separately (jsdom can't compute it). */
export async function expectNoAxeViolations() {
  const results = await axe.run(document, {
    rules: { 'color-contrast': { enabled: false } },
    resultTypes: ['violations'],
  });
  const summary = results.violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.html).join('\n  ')}`);
  expect(summary).toEqual([]);
}

/** Of these keys, the ones whose Spanish is missing or still the English text. */
export function untranslated(keys: string[]): string[] {
  return keys.filter((k) => !(k in es) || es[k as keyof typeof es] === en[k as keyof typeof en]);
}

export { screen, fireEvent, waitFor };
