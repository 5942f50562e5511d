import { describe, it, expect, afterEach } from 'vitest';
import { unlockApp, restoreTransport, click, settle, $, $$, waitFor, type } from './util';
import { fireEvent } from '@testing-library/svelte';
import type { CaseFilter } from '../lib/bindings/CaseFilter';
import { router } from '../lib/router.svelte';

afterEach(restoreTransport);

describe('virtualised case list', () => {
  it('renders only a window of rows out of 50,000 and fetches by offset', async () => {
    const { backend } = await unlockApp();
    await click($('[data-testid="nav-cases"]'));
    await waitFor(() => expect($('[data-testid="case-total"]')?.textContent).toBe('50,000 cases'));
    await settle();

    const rows = $$('[data-testid="case-row"]');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]!.textContent).toContain('Case 0');
    expect(rows[0]!.getAttribute('aria-setsize')).toBe('50000');
    const spacer = $('.vlist-spacer')!;
    expect(spacer.style.height).toBe(`${50_000 * 40}px`);

    const first = backend.callsOf('cases_list')[0]!.args!.filter as CaseFilter;
    expect(first).toMatchObject({ limit: 100, offset: 0, text: null });

    // scroll far down: a new window is fetched and rendered
    const list = $('[data-testid="case-list"]')!;
    Object.defineProperty(list, 'scrollTop', { value: 30_000 * 40, configurable: true, writable: true });
    await fireEvent.scroll(list);
    await settle();
    const offsets = backend.callsOf('cases_list').map((c) => (c.args!.filter as CaseFilter).offset);
    expect(offsets).toContain(29_900);
    expect(offsets).toContain(30_000);
    expect(offsets.every((o) => o % 100 === 0)).toBe(true);
    await waitFor(() => expect($$('[data-testid="case-row"]').some((r) => r.textContent?.includes('Case 30005'))).toBe(true));
    expect($$('[data-testid="case-row"]').length).toBeLessThan(60);
    expect(backend.callsOf('cases_list').length).toBeLessThan(10);
  });

  it('filters in Rust with a debounced text query', async () => {
    const { backend } = await unlockApp();
    await click($('[data-testid="nav-cases"]'));
    await settle();
    const before = backend.callsOf('cases_list').length;
    await type($('#case-filter-text'), 'her');
    await type($('#case-filter-text'), 'hern');
    await new Promise((r) => setTimeout(r, 200));
    await settle();
    const after = backend.callsOf('cases_list').slice(before);
    expect(after).toHaveLength(1);
    expect((after[0]!.args!.filter as CaseFilter).text).toBe('hern');
    await waitFor(() => expect($('[data-testid="case-total"]')?.textContent).toBe('3 cases'));
  });

  it('moves with arrow keys and opens with Enter', async () => {
    await unlockApp();
    await click($('[data-testid="nav-cases"]'));
    await settle();
    const list = $('[data-testid="case-list"]')!;
    list.focus();
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowUp' });
    await settle();
    expect(list.getAttribute('aria-activedescendant')).toBe('case-row-1');
    expect($('#case-row-1')!.getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(list, { key: 'Enter' });
    await settle();
    expect(router.current).toEqual({ name: 'case', id: 'c-2' });
  });
});
