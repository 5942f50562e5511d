// How a case ended: chosen in the case edit form, always sent with the case's details (so that an
// edit never loses it), shown on the case, and counted by the report.
import { describe, it, expect, afterEach } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import { unlockApp, restoreTransport, click, settle, $, $$, waitFor, expectNoAxeViolations } from './util';
import { CASE_ID, sampleCase } from './fake';
import { router } from '../lib/router.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import { OUTCOMES } from '../lib/domain';

afterEach(() => {
  restoreTransport();
  setLang('en');
});

const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const outcomeSelect = () => $('[data-testid="edit-case-outcome"]') as HTMLSelectElement;

async function goCase() {
  router.go({ name: 'case', id: CASE_ID });
  await settle();
  await waitFor(() => expect($('[data-testid="case-title"]')).not.toBeNull());
}

async function save() {
  await click($('[data-testid="save-case"]'));
  await waitFor(() => expect($('[data-testid="edit-case-dialog"]')).toBeNull());
}

describe('case outcome', () => {
  it('is chosen in the edit form, sent with the details and shown on the case', async () => {
    const { backend } = await unlockApp();
    await goCase();
    expect($('[data-testid="case-outcome"]')).toBeNull();
    await click($('[data-testid="edit-case"]'));
    expect(outcomeSelect().value).toBe('');
    expect(Array.from(outcomeSelect().options).map((o) => [o.value, o.textContent])).toEqual([
      ['', 'Not recorded'],
      ['granted', 'Granted'],
      ['denied', 'Denied'],
      ['withdrawn', 'Withdrawn'],
      ['dismissed', 'Dismissed'],
      ['other', 'Other'],
    ]);
    expect(outcomeSelect().labels?.[0]?.textContent).toBe('Outcome');
    expect(document.getElementById(outcomeSelect().getAttribute('aria-describedby')!)?.textContent).toContain('reports');
    await expectNoAxeViolations();

    await fireEvent.change(outcomeSelect(), { target: { value: 'granted' } });
    await fireEvent.change($('#edit-case-stage')!, { target: { value: 'closed' } });
    await save();
    expect(backend.callsOf('case_update')[0]!.args).toEqual({
      id: CASE_ID,
      case: {
        title: 'Hernández — asylum',
        jurisdiction: 'us-eoir',
        proceeding: 'removal (240)',
        relief: ['asylum', 'withholding', 'cat'],
        stage: 'closed',
        lawyer: 'Ana Ruiz',
        outcome: 'granted',
      },
    });
    expect(text($('[data-testid="case-outcome"]'))).toBe('Granted');
    expect(text($('[data-testid="case-outcome"]')?.previousElementSibling ?? null)).toBe('Outcome');
  });

  it('keeps the recorded outcome when other details are edited, and clears it on request', async () => {
    const { backend } = await unlockApp((b) => (b.case = { ...sampleCase(), stage: 'closed', outcome: 'denied' }));
    await goCase();
    expect(text($('[data-testid="case-outcome"]'))).toBe('Denied');

    await click($('[data-testid="edit-case"]'));
    expect(outcomeSelect().value).toBe('denied');
    await fireEvent.input($('#edit-case-lawyer')!, { target: { value: 'Ben Ortiz' } });
    await save();
    expect((backend.callsOf('case_update')[0]!.args!.case as { outcome: string }).outcome).toBe('denied');
    expect(text($('[data-testid="case-outcome"]'))).toBe('Denied');

    await click($('[data-testid="edit-case"]'));
    await fireEvent.change(outcomeSelect(), { target: { value: '' } });
    await save();
    expect((backend.callsOf('case_update')[1]!.args!.case as { outcome: string }).outcome).toBe('');
    expect($('[data-testid="case-outcome"]')).toBeNull();
    expect(backend.case.outcome).toBeUndefined();
  });

  it('is translated in Spanish', async () => {
    await unlockApp((b) => {
      b.settings = { language: 'es', auto_lock_minutes: 5 };
      b.case = { ...sampleCase(), outcome: 'withdrawn' };
    });
    await goCase();
    expect(text($('[data-testid="case-outcome"]'))).toBe('Desistido');
    await click($('[data-testid="edit-case"]'));
    expect(outcomeSelect().labels?.[0]?.textContent).toBe('Resultado');
    expect($$('[data-testid="edit-case-outcome"] option').map((o) => o.textContent)).toEqual([
      'Sin registrar',
      'Concedido',
      'Denegado',
      'Desistido',
      'Archivado',
      'Otro',
    ]);
    expect(OUTCOMES).toHaveLength(5);
    await expectNoAxeViolations();
  });
});
