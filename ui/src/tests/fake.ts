// An in-memory stand-in for the Rust shell, used through ipc.setTransport().
import { vi } from 'vitest';
import type { Transport, DragDropPayload } from '../lib/ipc';
import type { Case } from '../lib/bindings/Case';
import type { CaseFilter } from '../lib/bindings/CaseFilter';
import type { CaseSummary } from '../lib/bindings/CaseSummary';
import type { Dashboard } from '../lib/bindings/Dashboard';
import type { Person } from '../lib/bindings/Person';
import type { Settings } from '../lib/bindings/Settings';
import type { SearchHit } from '../lib/bindings/SearchHit';
import type { NewPerson } from '../lib/bindings/NewPerson';
import type { CaseDetails } from '../lib/bindings/CaseDetails';
import type { IpcError } from '../lib/bindings/IpcError';
import type { DateKind } from '../lib/bindings/DateKind';
import type { Jurisdiction } from '../lib/bindings/Jurisdiction';
import type { Relief } from '../lib/bindings/Relief';
import type { Role } from '../lib/bindings/Role';
import type { Stage } from '../lib/bindings/Stage';

export const CASE_ID = 'c-1';
export const PERSON_ID = 'p-1';

export function sampleCase(): Case {
  return {
    id: CASE_ID,
    title: 'Hernández — asylum',
    jurisdiction: 'us-eoir',
    proceeding: 'removal (240)',
    relief: ['asylum', 'withholding', 'cat'],
    stage: 'preparing',
    lawyer: 'Ana Ruiz',
    receipt_number: null,
    parties: [
      { person_id: PERSON_ID, name: 'María Hernández López', role: 'client' },
      { person_id: 'p-2', name: 'Luis Hernández', role: 'derivative' },
    ],
    dates: [
      { id: 'k-1', kind: 'last-arrival', date: '2025-12-01' },
      { id: 'k-2', kind: 'mch-hearing', date: '2026-11-25' },
    ],
    notes: [{ id: 'n-1', case_id: CASE_ID, text: 'First interview done.', created: '2026-01-10T15:00:00Z' }],
    tasks: [
      { id: 't-1', case_id: CASE_ID, title: 'File I-589', due: '2026-11-30', done: null, created: '2026-01-10T15:00:00Z' },
      { id: 't-2', case_id: CASE_ID, title: 'Collect birth certificate', due: null, done: '2026-02-01', created: '2026-01-11T15:00:00Z' },
    ],
    documents: [
      { id: 'd-img', case_id: CASE_ID, name: 'passport.jpg', size: 123456, sha256: 'ab'.repeat(32), metadata: 'stripped', metadata_removed: 7, created: '2026-01-12T10:00:00Z' },
      { id: 'd-pdf', case_id: CASE_ID, name: 'nta.pdf', size: 2048, sha256: 'cd'.repeat(32), metadata: 'not-applicable', metadata_removed: 0, created: '2026-01-12T11:00:00Z' },
      { id: 'd-doc', case_id: CASE_ID, name: 'declaration.docx', size: 99, sha256: 'ef'.repeat(32), metadata: 'not-applicable', metadata_removed: 0, created: '2026-01-12T12:00:00Z' },
    ],
    created: '2026-01-10T15:00:00Z',
    updated: '2026-01-12T12:00:00Z',
  };
}

export function samplePerson(): Person {
  return {
    id: PERSON_ID,
    name: 'María Hernández López',
    aliases: ['Maria Hernandez'],
    dob: '1990-03-04',
    dob_approx: true,
    a_number: '012345678',
    nationality: 'HN',
    languages: ['es', 'quc'],
    interpreter_needed: true,
    detained: true,
    facility: 'South Texas',
    phone: null,
    email: null,
    addresses: [{ id: 'a-1', address: '1 Main St', since: '2025-12-05', reported_court: '2025-12-10', reported_uscis: null }],
    cases: [{ case_id: CASE_ID, case_title: 'Hernández — asylum', role: 'client' }],
    created: '2026-01-10T15:00:00Z',
    updated: '2026-01-10T15:00:00Z',
  };
}

export function sampleDashboard(): Dashboard {
  return {
    today: '2026-11-25',
    this_week: [{ task_id: 't-1', case_id: CASE_ID, case_title: 'Hernández — asylum', title: 'File I-589', due: '2026-11-30' }],
    overdue: [{ task_id: 't-9', case_id: CASE_ID, case_title: 'Hernández — asylum', title: 'Send FOIA', due: '2026-11-20' }],
    without_next_date: [{ id: 'c-2', title: 'Pérez — TPS', jurisdiction: 'us-uscis', stage: 'filed', client: 'José Pérez', lawyer: null }],
    without_next_date_count: 12,
  };
}

export function summaryAt(i: number): CaseSummary {
  return {
    id: i === 0 ? CASE_ID : `c-${i + 1}`,
    title: `Case ${i}`,
    jurisdiction: 'us-eoir',
    stage: 'intake',
    client: `Client ${i}`,
    lawyer: 'Ana Ruiz',
  };
}

/** The same checks as the Rust core (domain::parse_country / parse_language). */
function checkCodes(p: NewPerson) {
  if (p.nationality !== null && !/^[A-Za-z]{2}$/.test(p.nationality.trim()))
    throw { code: 'invalid-input', message: 'nationality: use a two-letter country code such as HN or VE' } satisfies IpcError;
  if (p.languages.some((l) => !/^[A-Za-z]{2,3}$/.test(l.trim())))
    throw { code: 'invalid-input', message: 'language: use an ISO 639 code such as es, ht or mam' } satisfies IpcError;
}

export type Call = { cmd: string; args: Record<string, unknown> | undefined };

export class FakeBackend {
  vaultExists = true;
  unlocked = false;
  settings: Settings = { language: 'en', auto_lock_minutes: 5 };
  passphrase = 'correct horse battery staple';
  recoveryCode = 'ABCD-EFGH-JKLM-NPQR-STUV-WXYZ';
  totalCases = 50_000;
  calls: Call[] = [];
  /** Override a command's result or error. */
  overrides = new Map<string, (args: Record<string, unknown> | undefined) => unknown>();
  private listeners = new Map<string, Set<(p: unknown) => void>>();
  private dropHandlers = new Set<(p: DragDropPayload) => void>();
  case: Case = sampleCase();
  person: Person = samplePerson();
  /** Names of the people the fake knows, for party_add. */
  people: Record<string, string> = { [PERSON_ID]: 'María Hernández López', 'p-2': 'Luis Hernández', 'p-4': 'Carmen Díaz' };
  private seq = 10;

  transport: Transport = {
    invoke: async (cmd, args) => {
      this.calls.push({ cmd, args });
      const o = this.overrides.get(cmd);
      if (o) return o(args);
      return this.handle(cmd, args ?? {});
    },
    listen: async (event, handler) => {
      const set = this.listeners.get(event) ?? new Set();
      set.add(handler);
      this.listeners.set(event, set);
      return () => set.delete(handler);
    },
    onDragDrop: async (handler) => {
      this.dropHandlers.add(handler);
      return () => this.dropHandlers.delete(handler);
    },
  };

  emit(event: string, payload: unknown) {
    for (const h of this.listeners.get(event) ?? []) h(payload);
  }
  drop(p: DragDropPayload) {
    for (const h of this.dropHandlers) h(p);
  }
  callsOf(cmd: string): Call[] {
    return this.calls.filter((c) => c.cmd === cmd);
  }
  fail(cmd: string, error: IpcError) {
    this.overrides.set(cmd, () => Promise.reject(error));
  }

  private locked(): never {
    throw { code: 'locked', message: 'vault is locked' } satisfies IpcError;
  }

  private handle(cmd: string, a: Record<string, unknown>): unknown {
    switch (cmd) {
      case 'app_state':
        return { vault_exists: this.vaultExists, unlocked: this.unlocked, settings: this.settings };
      case 'vault_create':
        if (this.vaultExists) throw { code: 'vault-exists', message: 'exists' };
        this.vaultExists = true;
        this.unlocked = true;
        this.passphrase = String(a.passphrase);
        return { recovery_code: this.recoveryCode };
      case 'vault_unlock':
        if (a.passphrase !== this.passphrase) throw { code: 'wrong-secret', message: 'wrong passphrase' };
        this.unlocked = true;
        return null;
      case 'vault_unlock_recovery':
        if (String(a.code).replace(/[\s-]/g, '') !== this.recoveryCode.replace(/-/g, '')) throw { code: 'wrong-secret', message: 'wrong code' };
        this.unlocked = true;
        return null;
      case 'vault_lock':
        this.unlocked = false;
        return null;
      case 'settings_set':
        this.settings = { ...(a.settings as Settings) };
        return this.settings;
      case 'activity':
        return null;
    }
    if (!this.unlocked) this.locked();
    switch (cmd) {
      case 'vault_change_passphrase':
        if (typeof a.passphrase !== 'string' || a.passphrase.length === 0) throw { code: 'invalid-input', message: 'passphrase: must not be empty' };
        this.passphrase = a.passphrase;
        return null;
      case 'case_update': {
        if (a.id !== CASE_ID) throw { code: 'not-found', message: 'no such case' };
        const d = a.case as CaseDetails;
        if (!d.title.trim()) throw { code: 'invalid-input', message: 'title: must not be empty' };
        this.case = {
          ...this.case,
          title: d.title,
          jurisdiction: d.jurisdiction as Jurisdiction,
          proceeding: d.proceeding,
          relief: d.relief as Relief[],
          stage: (d.stage ?? 'intake') as Stage,
          lawyer: d.lawyer,
        };
        return null;
      }
      case 'key_date_add': {
        if (a.caseId !== CASE_ID) throw { code: 'not-found', message: 'no such case' };
        if (!/^\d{4}-\d{2}-\d{2}$/.test(String(a.date))) throw { code: 'invalid-input', message: 'date: must be YYYY-MM-DD' };
        const id = `k-${++this.seq}`;
        this.case = { ...this.case, dates: [...this.case.dates, { id, kind: a.kind as DateKind, date: String(a.date) }] };
        return id;
      }
      case 'dashboard':
        return sampleDashboard();
      case 'lawyers':
        return ['Ana Ruiz', 'Ben Ortiz'];
      case 'cases_list': {
        const f = a.filter as CaseFilter;
        const total = f.text ? Math.min(this.totalCases, 3) : this.totalCases;
        const rows: CaseSummary[] = [];
        for (let i = f.offset; i < Math.min(total, f.offset + f.limit); i++) rows.push(summaryAt(i));
        return { total, rows };
      }
      case 'case_get':
        if (a.id !== CASE_ID && a.id !== 'c-new') throw { code: 'not-found', message: 'no such case' };
        return a.id === 'c-new' ? { ...this.case, id: 'c-new', title: 'New case' } : this.case;
      case 'person_get':
        return { ...this.person, id: String(a.id) };
      case 'intake': {
        const p = a.person as NewPerson;
        const c = a.case as CaseDetails;
        if (!p.name) throw { code: 'invalid-input', message: 'name: must not be empty' };
        checkCodes(p);
        void c;
        return { person_id: 'p-new', case_id: 'c-new' };
      }
      case 'person_add': {
        const p = a.person as NewPerson;
        checkCodes(p);
        const id = `p-${++this.seq}`;
        this.people[id] = p.name;
        return id;
      }
      case 'party_add': {
        const personId = String(a.personId);
        const name = this.people[personId];
        if (!name) throw { code: 'not-found', message: 'no such person' };
        const role = a.role as Role;
        if (!this.case.parties.some((p) => p.person_id === personId && p.role === role))
          this.case = { ...this.case, parties: [...this.case.parties, { person_id: personId, name, role }] };
        return null;
      }
      case 'address_add':
        return 'a-2';
      case 'note_add': {
        const id = `n-${this.case.notes.length + 1}`;
        this.case = { ...this.case, notes: [...this.case.notes, { id, case_id: CASE_ID, text: String(a.text), created: '2026-11-25T10:00:00Z' }] };
        return id;
      }
      case 'task_add':
        return 't-3';
      case 'task_done':
        return null;
      case 'doc_pick_and_add':
      case 'doc_add':
        return [];
      case 'doc_save_copy':
      case 'doc_open_external':
        return true;
      case 'search': {
        const hits: SearchHit[] = [
          { kind: 'person', id: PERSON_ID, case_id: null, label: 'María Hernández López' },
          { kind: 'case', id: CASE_ID, case_id: CASE_ID, label: 'Hernández — asylum' },
          { kind: 'note', id: 'n-1', case_id: CASE_ID, label: 'First interview done.' },
        ];
        return hits;
      }
    }
    throw { code: 'internal', message: `unknown command ${cmd}` };
  }
}

export const spyTransport = () => vi.fn();
