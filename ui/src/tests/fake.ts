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
import type { CalendarId } from '../lib/bindings/CalendarId';
import type { CalendarItem } from '../lib/bindings/CalendarItem';
import type { CaseEvent } from '../lib/bindings/CaseEvent';
import type { Closure } from '../lib/bindings/Closure';
import type { Contact } from '../lib/bindings/Contact';
import type { PublicIdentity } from '../lib/bindings/PublicIdentity';
import type { Deadline } from '../lib/bindings/Deadline';
import type { DeadlineFilter } from '../lib/bindings/DeadlineFilter';
import type { DeadlineSettings } from '../lib/bindings/DeadlineSettings';
import type { ExportSummary } from '../lib/bindings/ExportSummary';
import type { EventKind } from '../lib/bindings/EventKind';
import type { Reminder } from '../lib/bindings/Reminder';
import type { SeenReminder } from '../lib/bindings/SeenReminder';
import type { Warning } from '../lib/bindings/Warning';
import type { Jurisdiction } from '../lib/bindings/Jurisdiction';
import type { Relief } from '../lib/bindings/Relief';
import type { Role } from '../lib/bindings/Role';
import type { Stage } from '../lib/bindings/Stage';
import type { BackupStatus } from '../lib/bindings/BackupStatus';
import type { BackupSummary } from '../lib/bindings/BackupSummary';
import type { BundleSender } from '../lib/bindings/BundleSender';
import type { CaseChange } from '../lib/bindings/CaseChange';
import type { Conflict } from '../lib/bindings/Conflict';
import type { ConflictMatch } from '../lib/bindings/ConflictMatch';
import type { ConflictQuery } from '../lib/bindings/ConflictQuery';
import type { ConflictRole } from '../lib/bindings/ConflictRole';
import type { Reason } from '../lib/bindings/Reason';
import type { ConflictPreview } from '../lib/bindings/ConflictPreview';
import type { ImportPreview } from '../lib/bindings/ImportPreview';
import type { ImportSummary } from '../lib/bindings/ImportSummary';
import type { MergeCounts } from '../lib/bindings/MergeCounts';
import type { TravelSummary } from '../lib/bindings/TravelSummary';
import type { WipeReport } from '../lib/bindings/WipeReport';
import type { DuressAction } from '../lib/bindings/DuressAction';
import type { FailedUnlockPolicy } from '../lib/bindings/FailedUnlockPolicy';
import type { SecuritySettings } from '../lib/bindings/SecuritySettings';
import type { Outcome } from '../lib/bindings/Outcome';
import type { Report } from '../lib/bindings/Report';
import type { SheetField } from '../lib/bindings/SheetField';
import type { SheetSummary } from '../lib/bindings/SheetSummary';
import type { SheetMapping } from '../lib/ipc';

export const CASE_ID = 'c-1';
export const PERSON_ID = 'p-1';
/** The day the sample data is written for (tests that depend on "today" set the clock to it). */
export const FAKE_TODAY = '2026-11-25';
export const OTHER_CASE_ID = 'c-3';
const CASE_TITLE = 'Hernández — asylum';

/** A computed deadline as Rust sends it (titles and traces in English, as for an English vault). */
function deadline(d: Partial<Deadline> & Pick<Deadline, 'id' | 'rule' | 'title' | 'due' | 'trace'>): Deadline {
  return {
    case_id: CASE_ID,
    case_title: CASE_TITLE,
    kind: 'deadline',
    edition: d.rule === 'manual' ? null : '2026',
    event_id: null,
    file_by: d.due,
    status: 'open',
    done_at: null,
    ...d,
  };
}

export function sampleEvents(): CaseEvent[] {
  return [
    { id: 'e-1', kind: 'last-arrival', date: '2025-12-01', note: null },
    { id: 'e-2', kind: 'nta-served', date: '2026-01-05', note: 'Served in person at the border' },
    { id: 'e-6', kind: 'address-change', date: '2026-01-28', note: null },
    { id: 'e-5', kind: 'i589-received', date: '2026-06-01', note: null },
    { id: 'e-7', kind: 'mch-hearing', date: '2026-06-10', note: 'Reset by the court' },
    { id: 'e-3', kind: 'mch-hearing', date: '2026-11-25', note: 'Courtroom 3' },
    { id: 'e-4', kind: 'ich-hearing', date: '2027-03-18', note: null },
  ];
}

/** The sample case's deadlines, earliest due first (as Rust sends them). */
export function sampleDeadlines(): Deadline[] {
  return [
    deadline({
      id: 'dl-6',
      rule: 'address-change-eoir',
      title: 'Change of address to the court (EOIR-33)',
      event_id: 'e-6',
      due: '2026-02-02',
      file_by: '2026-01-28',
      status: 'done',
      done_at: '2026-01-30T16:20:00Z',
      trace: [
        'Move to a new address: Wed 28 Jan 2026',
        '+ 5 days = Mon 2 Feb 2026',
        'Rule address-change-eoir (edition 2026): 8 CFR 1003.15(d)(2); EOIR Policy Manual Part II 2.2(c); form EOIR-33',
        'File-by target: 3 business days earlier = Wed 28 Jan 2026',
      ],
    }),
    deadline({
      id: 'dl-4',
      rule: 'ead-file-earliest',
      kind: 'earliest',
      title: 'Earliest day to file the work permit (I-765, (c)(8))',
      event_id: 'e-5',
      due: '2026-10-29',
      trace: [
        'I-589 received: Mon 1 Jun 2026',
        '+ 150 days = Thu 29 Oct 2026',
        'Rule ead-file-earliest (edition 2026): 8 CFR 208.7(a); AsylumWorks v. Mayorkas (D.D.C. 2022)',
        'Counts from the receipt of a complete I-589.',
      ],
    }),
    deadline({
      id: 'dl-2',
      rule: 'mch-filings',
      title: 'Filings before the master calendar hearing',
      event_id: 'e-3',
      due: '2026-11-10',
      file_by: '2026-11-05',
      trace: [
        'Master calendar hearing: Wed 25 Nov 2026',
        '− 15 days before it (the day before is day 1) = Tue 10 Nov 2026',
        'Rule mch-filings (edition 2026): EOIR Policy Manual Part II 3.1(b)(1); Appendix C',
        'The immigration judge may set a different deadline; an order of the judge prevails.',
        'File-by target: 3 business days earlier = Thu 5 Nov 2026',
      ],
    }),
    deadline({
      id: 'dl-1',
      rule: 'asylum-one-year',
      title: 'Asylum application (I-589) must be received: one-year bar',
      event_id: 'e-1',
      due: '2026-12-01',
      file_by: '2026-11-25',
      trace: [
        'Last arrival in the US: Mon 1 Dec 2025',
        '+ 1 year = Tue 1 Dec 2026',
        'Rule asylum-one-year (edition 2026): INA 208(a)(2)(B); 8 CFR 208.4(a)(2), 1208.4(a)(2)',
        'No mailbox rule: a filing counts when it is received.',
        'Exceptions (changed or extraordinary circumstances, unaccompanied children) are for the lawyer to record; they are not computed.',
        'File-by target: 3 business days earlier = Wed 25 Nov 2026',
      ],
    }),
    deadline({
      id: 'dl-5',
      rule: 'manual',
      title: 'Submit country-conditions evidence (ordered by the judge)',
      due: '2026-12-15',
      file_by: '2026-12-10',
      trace: ['Entered by hand, due Tue 15 Dec 2026; not computed by a rule'],
    }),
    deadline({
      id: 'dl-3',
      rule: 'ich-filings',
      title: 'Filings before the individual hearing',
      event_id: 'e-4',
      edition: '2021',
      due: '2027-02-16',
      file_by: '2027-02-10',
      trace: [
        'Individual hearing: Thu 18 Mar 2027',
        '− 30 days before it (the day before is day 1) = Tue 16 Feb 2027',
        'Rule ich-filings (edition 2021): EOIR Policy Manual Part II 3.1(b)(2); Appendix C',
        'File-by target: 3 business days earlier = Wed 10 Feb 2027',
      ],
    }),
  ];
}

export function sampleWarnings(): Warning[] {
  return [{ code: 'several-events', message: 'More than one "Master calendar hearing" is recorded: only the latest counts.' }];
}

/** Deadlines of another lawyer's case (Mexico), for the per-lawyer sheet and the calendar. */
export function otherDeadlines(): Deadline[] {
  const other = { case_id: OTHER_CASE_ID, case_title: 'Martínez — refugio (COMAR)' };
  return [
    deadline({
      ...other,
      id: 'dl-9',
      rule: 'mx-comar-decision',
      kind: 'watch',
      title: 'COMAR’s time to decide ends',
      event_id: 'e-9',
      due: '2026-11-20',
      trace: [
        'COMAR admitted the application: Fri 21 Aug 2026',
        '+ 45 business days = Fri 20 Nov 2026',
        'Rule mx-comar-decision (edition 2026): Ley sobre Refugiados, art. 24',
        'The authority may extend it.',
      ],
    }),
    deadline({
      ...other,
      id: 'dl-8',
      rule: 'manual',
      title: 'Bring the client’s proof of address to COMAR',
      due: '2026-12-04',
      file_by: '2026-12-01',
      trace: ['Entered by hand, due Fri 4 Dec 2026; not computed by a rule'],
    }),
  ];
}

export function sampleReminders(): Reminder[] {
  const d = sampleDeadlines();
  return [
    { deadline: d.find((x) => x.id === 'dl-1')!, lead_days: 0 },
    { deadline: otherDeadlines().find((x) => x.id === 'dl-8')!, lead_days: 7 },
  ];
}

export function sampleClosures(): Closure[] {
  return [
    { id: 'cl-2', first_day: '2026-12-21', last_day: '2027-01-06', calendar: 'mx', note: 'Periodo vacacional de la COMAR', suspension: true },
    { id: 'cl-1', first_day: '2026-12-24', last_day: '2026-12-24', calendar: null, note: 'Office closed', suspension: false },
  ];
}

/** This vault's public identity (the fingerprint is 8 words of the BIP-39 English list, as the core makes it). */
export function sampleIdentity(): PublicIdentity {
  return {
    age_recipient: 'age1d0jslxwu6svts9wcelpdcfqvgst3l2pz8xlqdf9wncsqsszrjursf5fme3',
    minisign_public_key: 'RWQDAwMDAwMDA4xq7K2bWvT9f0cJ3l1m8rQyZtN5hV2sPe6uLk4oXgAi',
    fingerprint: 'orbit velvet canyon harbor lunar stable ribbon tackle',
    display_name: 'Lic. Ana Ruiz',
  };
}

/** A signed contact card as the core writes it: the card body, then a minisign signature file. */
export function cardText(name: string, ageRecipient: string, minisignKey: string, fingerprint: string): string {
  return [
    '-----BEGIN AMPARO CONTACT CARD-----',
    `name: ${name}`,
    `age-recipient: ${ageRecipient}`,
    `minisign-public-key: ${minisignKey}`,
    `fingerprint: ${fingerprint}`,
    '-----END AMPARO CONTACT CARD-----',
    'untrusted comment: signature from amparo',
    'RUQDAwMDAwMDA1n0Qh3vYb2Kx7cPz9e4WmLrT8sFaJ6uGdN1oZyXkEiVq0HwB5tC3pMRlSgU7jD2fA==',
    'trusted comment: amparo contact card',
    'u4Vb8ZqPj2XnH0cK6mTy1RwF9sLdE3oA7gNiQ5vCxB2hYkM8tUfW4rJ1pS6zGeD0aO9lIcV3nT5qK2w==',
    '',
  ].join('\n');
}

/** A colleague's card, not yet among the sample contacts. */
export function colleagueCard(): string {
  return cardText(
    'Carlos Méndez',
    'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq',
    'RWQBAgMEBQYHCMmd2Lx8pQ0uT7yJfKc4Nw1sVb9eHgRa6iZoXtP3lYqE',
    'pilot grace mention ocean fabric window tiger humble',
  );
}

export function sampleContacts(): Contact[] {
  return [
    {
      id: 'k-1',
      name: 'Beatriz Ochoa',
      age_recipient: 'age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj',
      minisign_public_key: 'RWQJCQkJCQkJCbX4Yk1cS0w3q9Gm2Rt7ZfV6hN8dLp5aWuE4oKjTiBsC',
      fingerprint: 'acid double mango safety uncle vessel brisk glory',
      trust: 'verified',
      created: '2026-09-14T16:02:11Z',
    },
    {
      id: 'k-2',
      name: 'Diego Salazar',
      age_recipient: 'age1lggyhqrw2nlhcxprm67z43rta597azn8gknawjehu9d9dl0jq3yqqvfafg',
      minisign_public_key: 'RWQKCgoKCgoKChF3nQeZ8vWm0TkPb6yR2sJd5xHcL9gA4uOiVfE7tMpNa',
      fingerprint: 'raven flock bitter lemon hazard pulse scout timber',
      trust: 'unverified',
      created: '2026-11-20T09:30:00Z',
    },
  ];
}

/** A bundle as the fake's "file on disk": what `bundle_import_preview` reads and checks. */
export type IncomingBundle = {
  sender: BundleSender;
  sequence: number;
  created: string;
  cases: CaseChange[];
  people: number;
  attachments: number;
  attachment_bytes: number;
  conflicts: ConflictPreview[];
};

const senderOf = (c: Pick<Contact, 'name' | 'age_recipient' | 'minisign_public_key' | 'fingerprint'>): BundleSender => ({
  name: c.name,
  age_recipient: c.age_recipient,
  minisign_public_key: c.minisign_public_key,
  fingerprint: c.fingerprint,
});

/** Bundle 3 from Beatriz Ochoa (a verified contact; bundle 2 was the last imported from her): an update to the sample case, with one conflict, and a new case. */
export function sampleBundle(): IncomingBundle {
  return {
    sender: senderOf(sampleContacts()[0]!),
    sequence: 3,
    created: '2026-11-24T15:30:00Z',
    cases: [
      { id: CASE_ID, title: CASE_TITLE, is_new: false, counts: { added: 2, updated: 1, unchanged: 14, kept_local: 1, conflicts: 1 } },
      { id: 'c-77', title: 'Ramírez — TPS', is_new: true, counts: { added: 9, updated: 0, unchanged: 0, kept_local: 0, conflicts: 0 } },
    ],
    people: 4,
    attachments: 3,
    attachment_bytes: 1_572_864,
    conflicts: [
      {
        kind: 'event',
        label: 'Master calendar hearing, 25 Nov 2026',
        case_id: CASE_ID,
        fields: [
          { field: 'date', mine: '2026-11-25', theirs: '2026-12-02' },
          { field: 'note', mine: 'Courtroom 3', theirs: '' },
        ],
      },
    ],
  };
}

/** The same content, signed by Carlos Méndez, who is not among the sample contacts (his card is colleagueCard()). */
export function unknownSenderBundle(): IncomingBundle {
  return {
    ...sampleBundle(),
    sequence: 1,
    sender: {
      name: 'Carlos Méndez',
      age_recipient: 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq',
      minisign_public_key: 'RWQBAgMEBQYHCMmd2Lx8pQ0uT7yJfKc4Nw1sVb9eHgRa6iZoXtP3lYqE',
      fingerprint: 'pilot grace mention ocean fabric window tiger humble',
    },
  };
}

/** The same content, signed by Diego Salazar: a contact whose fingerprint words were not compared yet (import refused until verified). */
export function unverifiedContactBundle(): IncomingBundle {
  return { ...sampleBundle(), sequence: 1, sender: senderOf(sampleContacts()[1]!) };
}

/** What previews report as the SHA-256 of the signed manifest (the shell keeps it to import exactly that file). */
export const FAKE_MANIFEST_SHA256 = '5f2c9a7e1b3d4c6f8a0e2d4b6c8a0f1e3d5b7c9a1e3f5d7b9c1a3e5f7d9b1c3e';

/** Conflicts left by earlier imports: one from a contact, one whose sender is no longer known. */
export function sampleConflicts(): Conflict[] {
  return [
    {
      id: 'cf-1',
      kind: 'event',
      label: 'Master calendar hearing, 25 Nov 2026',
      case_id: CASE_ID,
      contact_name: 'Beatriz Ochoa',
      received: '2026-11-24T15:30:00Z',
      fields: [
        { field: 'date', mine: '2026-11-25', theirs: '2026-12-02' },
        { field: 'note', mine: 'Courtroom 3', theirs: '' },
      ],
    },
    {
      id: 'cf-2',
      kind: 'case',
      label: CASE_TITLE,
      case_id: CASE_ID,
      contact_name: null,
      received: '2026-11-23T09:00:00Z',
      fields: [{ field: 'stage', mine: 'Preparing', theirs: 'Filed' }],
    },
  ];
}

function sumCounts(cases: CaseChange[]): MergeCounts {
  const total: MergeCounts = { added: 0, updated: 0, unchanged: 0, kept_local: 0, conflicts: 0 };
  for (const c of cases) for (const k of Object.keys(total) as (keyof MergeCounts)[]) total[k] += c.counts[k];
  return total;
}

const US: readonly Jurisdiction[] = ['us-eoir', 'us-uscis'];
const COURT: readonly Jurisdiction[] = ['us-eoir'];
/**
 * Every event kind in the core's display order (`EventKind::ALL`), with where it may be recorded
 * (`EventKind::jurisdictions`; 'all' = everywhere): the core's own table, written out again here.
 */
const EVENT_PLACES: readonly (readonly [EventKind, readonly Jurisdiction[] | 'all'])[] = [
  ['last-arrival', US],
  ['nta-served', COURT],
  ['i589-filed', US],
  ['i589-received', US],
  ['ead-clock-stop', US],
  ['ead-clock-start', US],
  ['biometrics', US],
  ['mch-hearing', COURT],
  ['ich-hearing', COURT],
  ['filing-received', COURT],
  ['ij-decision', COURT],
  ['in-absentia-order', COURT],
  ['final-order', COURT],
  ['address-change', US],
  ['mx-entry', ['mx-comar']],
  ['mx-comar-admission', ['mx-comar']],
  ['co-entry', ['co']],
  ['co-denial-notified', ['co']],
  ['interview', 'all'],
  ['decision', 'all'],
  ['other', 'all'],
];
/** The event kinds a case in `j` carries (`EventKind::for_jurisdiction`), in the core's order. */
export function eventKindsOf(j: Jurisdiction): EventKind[] {
  return EVENT_PLACES.filter(([, places]) => places === 'all' || places.includes(j)).map(([kind]) => kind);
}
/** A case moved to another jurisdiction, with the event kinds the core gives it there. */
export function inJurisdiction(c: Case, j: Jurisdiction): Case {
  return { ...c, jurisdiction: j, event_kinds: eventKindsOf(j) };
}
const APPOINTMENTS: Partial<Record<EventKind, string>> = {
  'mch-hearing': 'Master calendar hearing',
  'ich-hearing': 'Individual hearing',
  interview: 'Asylum interview',
  biometrics: 'Biometrics appointment',
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const invalid = (message: string): IpcError => ({ code: 'invalid-input', message });

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
    events: sampleEvents(),
    event_kinds: eventKindsOf('us-eoir'),
    rule_editions: [],
    deadlines: sampleDeadlines(),
    deadline_warnings: sampleWarnings(),
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
    this_week: [
      {
        source: 'deadline',
        id: 'dl-1',
        case_id: CASE_ID,
        case_title: CASE_TITLE,
        title: 'Asylum application (I-589) must be received: one-year bar',
        due: '2026-12-01',
        file_by: '2026-11-25',
        kind: 'deadline',
      },
      { source: 'task', id: 't-1', case_id: CASE_ID, case_title: CASE_TITLE, title: 'File I-589', due: '2026-11-30', file_by: null, kind: null },
      {
        source: 'deadline',
        id: 'dl-8',
        case_id: OTHER_CASE_ID,
        case_title: 'Martínez — refugio (COMAR)',
        title: 'Bring the client’s proof of address to COMAR',
        due: '2026-12-04',
        file_by: '2026-12-01',
        kind: 'deadline',
      },
    ],
    overdue: [
      { source: 'task', id: 't-9', case_id: CASE_ID, case_title: CASE_TITLE, title: 'Send FOIA', due: '2026-11-20', file_by: null, kind: null },
      {
        source: 'deadline',
        id: 'dl-2',
        case_id: CASE_ID,
        case_title: CASE_TITLE,
        title: 'Filings before the master calendar hearing',
        due: '2026-11-10',
        file_by: '2026-11-05',
        kind: 'deadline',
      },
      {
        source: 'deadline',
        id: 'dl-9',
        case_id: OTHER_CASE_ID,
        case_title: 'Martínez — refugio (COMAR)',
        title: 'COMAR’s time to decide ends',
        due: '2026-11-20',
        file_by: '2026-11-20',
        kind: 'watch',
      },
    ],
    without_next_deadline: [{ id: 'c-2', title: 'Pérez — TPS', jurisdiction: 'us-uscis', stage: 'filed', client: 'José Pérez', lawyer: null }],
    overdue_count: 3,
    without_next_deadline_count: 12,
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

// ---- the conflict-of-interest check (a small stand-in for src/conflicts in the core) -----------

/** What the fake knows of a person besides the name, for the conflict check. */
export type PersonDetails = { aliases: string[]; dob: string | null; dob_approx: boolean; a_number: string | null };

const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'da', 'do', 'dos', 'van', 'von', 'el', 'al', 'bin', 'ibn']);
/** Known transliterations and abbreviations (a few, as the core's table). */
const NAME_VARIANTS: readonly (readonly string[])[] = [
  ['mohammed', 'muhammad', 'mohamed', 'mohammad', 'muhammed'],
  ['jean', 'jn'],
  ['yusuf', 'youssef', 'yousef', 'yusef'],
  ['aleksandr', 'alexander', 'oleksandr'],
];
/** Name tokens: case, accents, punctuation and particles aside. */
export function nameTokens(s: string): string[] {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !PARTICLES.has(w));
}
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
type Likeness = 'exact' | 'variant' | 'spelling';
const LIKENESS_ORDER: Likeness[] = ['exact', 'variant', 'spelling'];
function tokenLikeness(a: string, b: string): [number, Likeness] | null {
  if (a === b) return [1, 'exact'];
  if (NAME_VARIANTS.some((g) => g.includes(a) && g.includes(b))) return [0.9, 'variant'];
  if (Math.min(a.length, b.length) >= 4 && editDistance(a, b) <= 1) return [0.85, 'spelling'];
  return null;
}
/** Dice-like score of two names (each query token paired with its best unused token), with the reasons. */
function compareNames(query: string[], stored: string[]): { score: number; weakest: Likeness; complete: boolean } | null {
  const used = new Set<number>();
  let sum = 0;
  let weakest: Likeness = 'exact';
  for (const q of query) {
    let best: [number, Likeness, number] | null = null;
    for (let j = 0; j < stored.length; j++) {
      if (used.has(j)) continue;
      const l = tokenLikeness(q, stored[j]!);
      if (l && (!best || l[0] > best[0])) best = [l[0], l[1], j];
    }
    if (!best) continue;
    const [sim, like, j] = best;
    used.add(j);
    sum += sim;
    if (LIKENESS_ORDER.indexOf(like) > LIKENESS_ORDER.indexOf(weakest)) weakest = like;
  }
  if (used.size === 0) return null;
  return { score: (2 * sum) / (query.length + stored.length), weakest, complete: used.size === query.length && used.size === stored.length };
}
function nameReasons(weakest: Likeness, complete: boolean, alias: boolean): Reason[] {
  const first: Reason = weakest === 'exact' ? (complete ? 'name' : 'partial-name') : weakest === 'variant' ? 'name-variant' : 'similar-spelling';
  return alias ? [first, 'alias'] : [first];
}
function fakeANumber(s: string): string | null {
  const digits = s.replace(/^\s*A/i, '').replace(/[\s-]/g, '');
  return /^\d{8,9}$/.test(digits) ? digits.padStart(9, '0') : null;
}

/** The same checks as the Rust core (domain::parse_country / parse_language). */
function checkCodes(p: NewPerson) {
  if (p.nationality !== null && !/^[A-Za-z]{2}$/.test(p.nationality.trim()))
    throw { code: 'invalid-input', message: 'nationality: use a two-letter country code such as HN or VE' } satisfies IpcError;
  if (p.languages.some((l) => !/^[A-Za-z]{2,3}$/.test(l.trim())))
    throw { code: 'invalid-input', message: 'language: use an ISO 639 code such as es, ht or mam' } satisfies IpcError;
}

// ---- the spreadsheet import (a small stand-in for src/store/sheet_import.rs) -------------------

/** A spreadsheet as the fake's "file on disk": what `sheet_pick_and_preview` reads (and the others read again). */
export type FakeSheet = {
  /** How the text was read: utf-8, windows-1252, xlsx or ods. */
  encoding: string;
  headers: string[];
  /** Data rows, numbered as the spreadsheet program shows them (empty rows left out). */
  rows: { row: number; cells: string[] }[];
};

/**
 * An office's sheet as Excel saves it in Spanish. With the guessed mapping ("Nac." and "Notas
 * internas" not recognised): row 4 has a bad date of birth; Carmen Díaz (row 3, the adverse party
 * of another case) and María Hernandez (row 7, the sample client) may already be in the vault.
 * Mapping "Nac." to nationality makes row 5 fail too ("Somalia" is not a code); leaving the date
 * of birth out clears row 4.
 */
export function sampleSheet(): FakeSheet {
  return {
    encoding: 'windows-1252',
    headers: ['Expediente', 'Nombre', 'Fecha de nacimiento', 'Nac.', 'Caso', 'Jurisdicción', 'Resultado', 'Notas internas'],
    rows: [
      { row: 2, cells: ['E-101', 'Rosa Martínez', '1988-04-12', 'SV', 'Martínez — asilo', 'us-eoir', '', 'Llamar el lunes'] },
      { row: 3, cells: ['E-102', 'Carmen Díaz', '1975-02-01', 'GT', 'Díaz — TPS', 'us-uscis', '', ''] },
      { row: 4, cells: ['E-103', 'Jean-Baptiste Pierre', '1992-7-3', 'HT', 'Pierre — asylum', 'us-eoir', '', ''] },
      { row: 5, cells: ['E-104', 'Ahmed Yusuf', '', 'Somalia', 'Yusuf — withholding', 'us-eoir', 'granted', ''] },
      { row: 7, cells: ['', 'María Hernandez', '1990-03-04', 'HN', '', '', '', 'Ya es clienta'] },
    ],
  };
}

/** The header words of each field, folded (the core's table). */
const SHEET_WORDS: readonly (readonly [SheetField, readonly string[]])[] = [
  ['external-id', ['externalid', 'id', 'rowid', 'idexterno', 'expediente', 'numeroexpediente', 'fileno', 'fileid', 'referencia', 'ref']],
  ['name', ['name', 'fullname', 'clientname', 'client', 'nombre', 'nombrecompleto', 'cliente']],
  ['aliases', ['aliases', 'alias', 'aka', 'otrosnombres', 'otrosnombresusados']],
  ['dob', ['dob', 'dateofbirth', 'birthdate', 'fechadenacimiento', 'fechanacimiento', 'nacimiento']],
  ['dob-approximate', ['dobapproximate', 'approximatedob', 'dobapprox', 'fechaaproximada', 'nacimientoaproximado']],
  ['a-number', ['anumber', 'aliennumber', 'a', 'numeroa', 'numerodea', 'numeroextranjero']],
  ['nationality', ['nationality', 'citizenship', 'nacionalidad', 'pais', 'country']],
  ['languages', ['languages', 'language', 'idiomas', 'idioma', 'lenguas', 'lengua']],
  ['phone', ['phone', 'telephone', 'mobile', 'telefono', 'celular', 'tel']],
  ['email', ['email', 'mail', 'correo', 'correoelectronico']],
  ['case-title', ['casetitle', 'case', 'matter', 'caso', 'titulo', 'asunto', 'titulodelcaso']],
  ['jurisdiction', ['jurisdiction', 'jurisdiccion', 'court', 'tribunal']],
  ['proceeding', ['proceeding', 'procedimiento', 'proceso']],
  ['stage', ['stage', 'status', 'etapa', 'estado', 'fase']],
  ['relief', ['relief', 'reliefs', 'relieftrack', 'proteccion', 'alivio', 'beneficio']],
  ['lawyer', ['lawyer', 'attorney', 'abogado', 'abogada', 'responsable']],
  ['outcome', ['outcome', 'result', 'resultado', 'decision', 'desenlace']],
];
/** How error messages name each field (the core's `field_label`). */
const SHEET_LABELS: Record<SheetField, string> = {
  'external-id': 'external id',
  name: 'name',
  aliases: 'alias',
  dob: 'date of birth',
  'dob-approximate': 'approximate date of birth',
  'a-number': 'A-number',
  nationality: 'nationality',
  languages: 'language',
  phone: 'phone',
  email: 'email',
  'case-title': 'case title',
  jurisdiction: 'jurisdiction',
  proceeding: 'proceeding',
  stage: 'stage',
  relief: 'relief track',
  lawyer: 'lawyer',
  outcome: 'outcome',
};
const FAKE_JURISDICTIONS = ['us-eoir', 'us-uscis', 'mx-comar', 'co', 'unhcr'];
const FAKE_STAGES = ['intake', 'preparing', 'filed', 'hearing', 'decided', 'appeal', 'closed'];
const FAKE_RELIEFS = ['asylum', 'withholding', 'cat', 'sijs', 'u-visa', 't-visa', 'tps', 'cancellation', 'adjustment', 'refugee-status', 'complementary-protection', 'other'];
const FAKE_OUTCOMES: readonly Outcome[] = ['granted', 'denied', 'withdrawn', 'dismissed', 'other'];

function foldHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}
/** Each header recognised as a field (each field once); the keys in byte order, as the core's BTreeMap. */
export function guessSheetMapping(headers: readonly string[]): SheetMapping {
  const taken = new Set<SheetField>();
  const out: SheetMapping = {};
  for (const h of headers) {
    const folded = foldHeader(h);
    const field = SHEET_WORDS.find(([f, words]) => !taken.has(f) && words.includes(folded))?.[0] ?? null;
    if (field) taken.add(field);
    out[h] = field;
  }
  return sortedMapping(out);
}
function sortedMapping(m: SheetMapping): SheetMapping {
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
function isRealDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// ---- the office report --------------------------------------------------------------------------

/** A report as the core makes it: small counts hidden as "<5" (one more where only one would be). */
export function sampleReport(): Report {
  return {
    from: null,
    to: FAKE_TODAY,
    cases_opened: 37,
    cases_closed: 12,
    by_jurisdiction: [
      { key: 'co', count: 'hidden' },
      { key: 'mx-comar', count: '<5' },
      { key: 'us-eoir', count: 21 },
      { key: 'us-uscis', count: '<5' },
    ],
    by_stage: [
      { key: 'closed', count: 12 },
      { key: 'filed', count: 8 },
      { key: 'hearing', count: 6 },
      { key: 'intake', count: '<5' },
      { key: 'preparing', count: 7 },
      { key: 'decided', count: '<5' },
    ],
    by_relief: [
      { key: 'asylum', count: 22 },
      { key: 'cat', count: '<5' },
      { key: 'tps', count: 6 },
      { key: 'unknown', count: '<5' },
      { key: 'withholding', count: 9 },
    ],
    by_nationality: [
      { key: 'GT', count: 8 },
      { key: 'HN', count: 11 },
      { key: 'HT', count: '<5' },
      { key: 'SV', count: 9 },
      { key: 'unknown', count: '<5' },
      { key: 'VE', count: 6 },
    ],
    by_month: [
      { key: '2026-01', count: 6 },
      { key: '2026-02', count: '<5' },
      { key: '2026-03', count: 9 },
      { key: '2026-05', count: 7 },
      { key: '2026-06', count: '<5' },
      { key: '2026-07', count: 11 },
    ],
    by_outcome: [
      { key: 'denied', count: '<5' },
      { key: 'granted', count: 7 },
      { key: 'unknown', count: '<5' },
    ],
    deadlines_met: 48,
    deadlines_missed: '<5',
  };
}

export type Call = { cmd: string; args: Record<string, unknown> | undefined };

export class FakeBackend {
  vaultExists = true;
  unlocked = false;
  settings: Settings = { language: 'en', auto_lock_minutes: 5 };
  passphrase = 'correct horse battery staple';
  recoveryCode = 'ABCD-EFGH-JKLM-NPQR-STUV-WXYZ';
  totalCases = 50_000;
  /** How many items the dashboard says are overdue in all (null: as many as it lists). */
  overdueCount: number | null = null;
  calls: Call[] = [];
  /** Override a command's result or error. */
  overrides = new Map<string, (args: Record<string, unknown> | undefined) => unknown>();
  private listeners = new Map<string, Set<(p: unknown) => void>>();
  private dropHandlers = new Set<(p: DragDropPayload) => void>();
  case: Case = sampleCase();
  person: Person = samplePerson();
  /** Deadlines of cases other than `case` (another lawyer's). */
  otherDeadlines: Deadline[] = otherDeadlines();
  /** Reminders `reminders_due` returns; none unless a test sets them (the panel is modal). */
  reminders: Reminder[] = [];
  seenReminders: SeenReminder[] = [];
  closures: Closure[] = sampleClosures();
  identity: PublicIdentity = sampleIdentity();
  contacts: Contact[] = sampleContacts();
  deadlineSettings: DeadlineSettings = { file_by_days: 3, reminder_days: [7, 1, 0] };
  /** What `calendar_export` answers: the number of entries, or null (the save dialog was cancelled). */
  exportResult: number | null = 9;
  /** When true, `bundle_export` answers null, as when the user cancels the save dialog. */
  bundleCancelled = false;
  /** The last bundle's sequence number (counts up with every bundle written). */
  bundleSequence = 0;
  /** The bundle file the open dialog picks; null = the user cancels it. */
  incomingBundle: IncomingBundle | null = sampleBundle();
  /** The file last previewed (what `again: true` and `bundle_import` use). */
  previewed: IncomingBundle | null = null;
  /** The last sequence number imported from each signer (by minisign key). */
  lastImported: Record<string, number> = { [sampleContacts()[0]!.minisign_public_key]: 2 };
  conflicts: Conflict[] = [];
  resolved: { id: string; keep: string }[] = [];
  lastBackup: string | null = '2026-11-20T17:00:00Z';
  backupEveryDays = 7;
  /** When true, the save dialog of `backup_create` and `travel_start` is cancelled (null). */
  backupCancelled = false;
  backupSummary: BackupSummary = { cases: 3, people: 5, attachments: 3, bytes: 2_516_582, verified: true };
  /** What `travel_start` reports about removing the vault once the travel file is verified. */
  travelRemoves = true;
  /** When true, the open dialog of `vault_restore` is cancelled (false). */
  restoreCancelled = false;
  /** The failed-unlock policy (off, as in a new vault). */
  failedUnlock: FailedUnlockPolicy = { wipe_after: null, show_tries_left: false };
  /** Wrong passphrases in a row since the last unlock (counted only while the policy is on). */
  wrongTries = 0;
  /** The duress passphrase and what it does; null = none set. */
  duress: { passphrase: string; action: DuressAction } | null = null;
  /** How the open vault was unlocked: after the recovery code the policy cannot change until a new passphrase is set. */
  unlockedWith: 'passphrase' | 'recovery' = 'passphrase';
  /** The duress passphrase opened an empty vault: what the app sees until it locks. */
  decoyOpen = false;
  /** The empty vault's own security settings (it is a new vault). */
  private decoySecurity: SecuritySettings = { failed_unlock: { wipe_after: null, show_tries_left: false }, duress: null };
  /** Names of the people the fake knows, for party_add. */
  people: Record<string, string> = { [PERSON_ID]: 'María Hernández López', 'p-2': 'Luis Hernández', 'p-4': 'Carmen Díaz' };
  /** Aliases, date of birth and A-number of the people other than the sample client (whose are in `person`). */
  personDetails: Record<string, PersonDetails> = {};
  /** Roles on cases other than `case`, by person: Carmen Díaz is the adverse party in another lawyer's case. */
  otherRoles: Record<string, ConflictRole[]> = {
    'p-4': [{ case_id: OTHER_CASE_ID, case_title: 'Martínez — refugio (COMAR)', role: 'adverse' }],
  };
  /** Every conflict check asked for (as the core writes each to the audit log). */
  conflictQueries: ConflictQuery[] = [];
  /** The spreadsheet the open dialog picks; null = the user cancels it. Tests may edit it "on disk" after the preview. */
  sheet: FakeSheet | null = sampleSheet();
  /** The spreadsheet chosen (what `sheet_preview` and `sheet_import` read again). */
  pendingSheet: FakeSheet | null = null;
  /** Mappings remembered after an import, by the folded headers. */
  sheetMappings: Record<string, SheetMapping> = {};
  /** External ids brought in by earlier imports, and whether their row opened a case. */
  sheetRows: Record<string, { case: boolean }> = {};
  /** What `report_get` reports (its period is the one asked for). */
  report: Report = sampleReport();
  /** What `report_save_csv` answers: false as when the user cancels the save dialog. */
  reportCsvSaved = true;
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

  private detailsOf(id: string): PersonDetails {
    if (id === PERSON_ID) {
      const p = this.person;
      return { aliases: p.aliases, dob: p.dob, dob_approx: p.dob_approx, a_number: p.a_number };
    }
    return this.personDetails[id] ?? { aliases: [], dob: null, dob_approx: false, a_number: null };
  }

  /** A person's roles: on the sample case, then on the others. */
  private rolesOf(id: string): ConflictRole[] {
    const here = this.case.parties.filter((p) => p.person_id === id).map((p) => ({ case_id: this.case.id, case_title: this.case.title, role: p.role }));
    return [...here, ...(this.otherRoles[id] ?? [])];
  }

  /** The period of a report: dates checked as the core does; `to` is today when not given. */
  private reportPeriod(a: Record<string, unknown>): { from: string | null; to: string } {
    const given = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
    const from = given(a.from);
    const to = given(a.to);
    if (from !== null && !isRealDate(from)) throw invalid('from: must be a date, YYYY-MM-DD');
    if (to !== null && !isRealDate(to)) throw invalid('to: must be a date, YYYY-MM-DD');
    const end = to ?? FAKE_TODAY;
    if (from !== null && from > end) throw invalid('from: must not be after to');
    return { from, to: end };
  }

  /**
   * The spreadsheet import, as the core's: the mapping checked against the headers, then every
   * row checked as the forms check it (one error per row, never repeating the cell), possible
   * conflicts for new people, and all rows written or none.
   */
  private sheetRun(given: SheetMapping | null, dryRun: boolean): SheetSummary {
    const sheet = this.pendingSheet;
    if (!sheet) throw invalid('spreadsheet: choose a spreadsheet first');
    const signature = sheet.headers.map(foldHeader).join('|');
    const mapping = sortedMapping(given ? { ...given } : (this.sheetMappings[signature] ?? guessSheetMapping(sheet.headers)));
    if (Object.keys(mapping).some((k) => !sheet.headers.includes(k))) throw invalid('mapping: names a column the sheet does not have');
    const fields = Object.values(mapping).filter((f): f is SheetField => f !== null);
    if (new Set(fields).size !== fields.length) throw invalid('mapping: maps two columns to the same field');
    if (!fields.includes('name')) throw invalid('mapping: no column holds the name; map one to name');

    const summary: SheetSummary = {
      committed: false,
      rows: sheet.rows.length,
      encoding: sheet.encoding,
      headers: [...sheet.headers],
      mapping,
      new_people: 0,
      updated_people: 0,
      new_cases: 0,
      updated_cases: 0,
      errors: [],
      conflicts: [],
      preview: [],
      mapping_problem: null,
    };
    const known = { ...this.sheetRows };
    const added: string[] = [];
    for (const { row, cells } of sheet.rows) {
      const values: [SheetField, string][] = [];
      sheet.headers.forEach((h, i) => {
        const f = mapping[h];
        if (f) values.push([f, (cells[i] ?? '').trim()]);
      });
      const get = (f: SheetField) => values.find(([g]) => g === f)?.[1] ?? '';
      let action: 'create' | 'update' | 'error';
      try {
        action = this.sheetRow(row, values, get, known, summary);
        if (action === 'create') added.push(get('name'));
      } catch (e) {
        const err = e as IpcError;
        summary.errors.push({ row, code: err.code, message: err.message });
        action = 'error';
      }
      if (summary.preview.length < 200) summary.preview.push({ row, name: get('name'), case_title: get('case-title'), action });
    }
    if (dryRun || summary.errors.length > 0) return summary;
    this.sheetRows = known;
    this.sheetMappings[signature] = mapping;
    for (const name of added) this.people[`p-${++this.seq}`] = name;
    summary.committed = true;
    return summary;
  }

  /** One row: checked, then counted as a new or an updated person (and case). Throws its error. */
  private sheetRow(
    row: number,
    values: [SheetField, string][],
    get: (f: SheetField) => string,
    known: Record<string, { case: boolean }>,
    summary: SheetSummary,
  ): 'create' | 'update' {
    for (const [f, v] of values)
      if (/^[=@]/.test(v) || /^[+-][^\d ]/.test(v)) throw invalid(`${SHEET_LABELS[f]}: looks like a spreadsheet formula; type the value itself`);
    const approxText = foldHeader(get('dob-approximate'));
    if (!['', 'no', 'n', 'false', '0', 'falso', 'yes', 'y', 'si', 's', 'true', '1', 'x', 'verdadero'].includes(approxText))
      throw invalid('approximate date of birth: must be yes or no');
    const approx = ['yes', 'y', 'si', 's', 'true', '1', 'x', 'verdadero'].includes(approxText);
    const name = get('name');
    if (!name) throw invalid('name: must not be empty');
    const dob = get('dob');
    if (dob && !isRealDate(dob)) throw invalid('date of birth: must be a date, YYYY-MM-DD');
    const aNumber = get('a-number');
    if (aNumber && !fakeANumber(aNumber)) throw invalid('A-number: must have 8 or 9 digits');
    const nationality = get('nationality');
    if (nationality && !/^[A-Za-z]{2}$/.test(nationality)) throw invalid('nationality: use a two-letter country code such as HN or VE');
    const list = (f: SheetField) => get(f).split(/[;,|]/).map((x) => x.trim()).filter(Boolean);
    if (list('languages').some((l) => !/^[A-Za-z]{2,3}$/.test(l))) throw invalid('language: use an ISO 639 code such as es, ht or mam');
    const email = get('email');
    if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) throw invalid('email: is not an email address');
    const title = get('case-title');
    if (title) {
      if (!FAKE_JURISDICTIONS.includes(get('jurisdiction'))) throw invalid('jurisdiction: must be one of us-eoir, us-uscis, mx-comar, co, unhcr');
      const stage = get('stage');
      if (stage && !FAKE_STAGES.includes(stage)) throw invalid('stage: unknown stage');
      if (list('relief').some((r) => !FAKE_RELIEFS.includes(r))) throw invalid('relief track: unknown relief track');
      const outcome = get('outcome');
      if (outcome && !FAKE_OUTCOMES.includes(outcome as Outcome)) throw invalid('outcome: must be granted, denied, withdrawn, dismissed or other');
    }
    const external = get('external-id');
    const earlier = external ? known[external] : undefined;
    if (earlier) {
      summary.updated_people += 1;
      if (title && earlier.case) summary.updated_cases += 1;
      else if (title) {
        summary.new_cases += 1;
        known[external] = { case: true };
      }
      return 'update';
    }
    const matches = this.conflictsCheck({ name, dob: dob || null, dob_approximate: approx, a_number: aNumber || null, exclude: null });
    if (matches.length > 0) summary.conflicts.push({ row, matches });
    summary.new_people += 1;
    if (title) summary.new_cases += 1;
    if (external) known[external] = { case: !!title };
    return 'create';
  }

  /**
   * As the core's check, simplified: names compared token by token (case, accents, order and
   * particles aside; a few transliterations; one-letter typos), moved by the dates of birth; the
   * same A-number is a certain match. Best first, at most 50, without `exclude`.
   */
  private conflictsCheck(q: ConflictQuery): ConflictMatch[] {
    if (!q.name.trim()) throw invalid('name: must not be empty');
    const dob = q.dob && q.dob.trim() ? q.dob.trim() : null;
    if (dob !== null && !DATE.test(dob)) throw invalid('date of birth: must be YYYY-MM-DD');
    let aNumber: string | null = null;
    if (q.a_number && q.a_number.trim()) {
      aNumber = fakeANumber(q.a_number);
      if (!aNumber) throw invalid('A-number: must have 8 or 9 digits');
    }
    const query = nameTokens(q.name);
    const out: ConflictMatch[] = [];
    for (const [id, name] of Object.entries(this.people)) {
      if (id === q.exclude) continue;
      const d = this.detailsOf(id);
      let best: { score: number; reasons: Reason[] } | null = null;
      for (const [i, text] of [name, ...d.aliases].entries()) {
        const c = compareNames(query, nameTokens(text));
        if (c && (!best || c.score > best.score)) best = { score: c.score, reasons: nameReasons(c.weakest, c.complete, i > 0) };
      }
      let score = best && best.score >= 0.525 ? best.score : 0;
      const reasons: Reason[] = score > 0 ? [...best!.reasons] : [];
      const sameANumber = aNumber !== null && d.a_number !== null && fakeANumber(d.a_number) === aNumber;
      if (score === 0 && !sameANumber) continue;
      if (dob && d.dob) {
        const days = Math.abs(Date.parse(dob) - Date.parse(d.dob)) / 86_400_000;
        if (days === 0) {
          score = Math.min(1, score + 0.15);
          reasons.push('dob');
        } else if (days <= 366 && (q.dob_approximate || d.dob_approx)) {
          reasons.push('dob-approximate');
        } else {
          score -= 0.2;
        }
      }
      if (sameANumber) {
        score = 1;
        reasons.unshift('a-number');
      }
      if (score < 0.7) continue;
      out.push({ person_id: id, name, score: Math.round(score * 100) / 100, reasons, roles: this.rolesOf(id) });
    }
    return out.sort((x, y) => y.score - x.score || x.name.localeCompare(y.name)).slice(0, 50);
  }

  /** As the shell: the save dialog first, then the core's checks, then what was written. */
  private bundleExport(caseIds: string[], contactIds: string[], recipients: string[]): ExportSummary | null {
    if (this.bundleCancelled) return null;
    if (caseIds.length === 0) throw invalid('cases: choose between 1 and 10,000 cases');
    for (const id of caseIds) if (!/^c-\d+$/.test(id) && id !== 'c-new') throw { code: 'not-found', message: 'case not found' } satisfies IpcError;
    for (const id of contactIds) if (!this.contacts.some((c) => c.id === id)) throw { code: 'not-found', message: 'contact not found' } satisfies IpcError;
    for (const r of recipients) if (!r.trim().startsWith('age1')) throw invalid('recipient: is not an age X25519 recipient (age1…)');
    if (contactIds.length + recipients.length === 0) throw invalid('recipients: choose at least one contact or recipient');
    // The sample case has its own parties and documents; every other case, just its client.
    const sample = caseIds.includes(CASE_ID);
    const others = caseIds.filter((id) => id !== CASE_ID).length;
    return {
      cases: caseIds.length,
      people: (sample ? new Set(this.case.parties.map((p) => p.person_id)).size : 0) + others,
      attachments: sample ? this.case.documents.length : 0,
      sequence: ++this.bundleSequence,
    };
  }

  /** Days from the last backup to FAKE_TODAY; due when at least the reminder's interval. */
  backupStatus(): BackupStatus {
    const since = this.lastBackup === null ? Infinity : (Date.parse(`${FAKE_TODAY}T12:00:00Z`) - Date.parse(this.lastBackup)) / 86_400_000;
    return { last_backup: this.lastBackup, every_days: this.backupEveryDays, due: this.backupEveryDays > 0 && since >= this.backupEveryDays };
  }

  /** What the core would say about a verified bundle: who signed it, whether it is new, what it changes. */
  private importPreview(b: IncomingBundle): ImportPreview {
    const key = b.sender.minisign_public_key;
    const contact = this.contacts.find((c) => c.minisign_public_key === key) ?? null;
    const last = this.lastImported[key] ?? null;
    return {
      sender: { ...b.sender },
      contact: contact ? { ...contact } : null,
      manifest_sha256: FAKE_MANIFEST_SHA256,
      sequence: b.sequence,
      created: b.created,
      last_sequence: last,
      replayed: last !== null && b.sequence <= last,
      cases: b.cases.map((c) => ({ ...c, counts: { ...c.counts } })),
      people: b.people,
      attachments: b.attachments,
      attachment_bytes: b.attachment_bytes,
      totals: sumCounts(b.cases),
      conflicts: b.conflicts,
    };
  }

  private bundleImport(): ImportSummary {
    const b = this.previewed;
    if (!b) throw invalid('bundle: choose a bundle first');
    const p = this.importPreview(b);
    if (!p.contact) throw { code: 'bundle-unknown-signer', message: 'the file is signed by someone who is not in your contacts' } satisfies IpcError;
    // as the core: the signer's trust is checked before the replay
    if (p.contact.trust !== 'verified')
      throw { code: 'bundle-unverified-signer', message: 'the file is signed by a contact whose fingerprint you have not compared yet' } satisfies IpcError;
    if (p.replayed) throw { code: 'bundle-replayed', message: 'this bundle, or a newer one from the same sender, was already imported' } satisfies IpcError;
    this.lastImported[b.sender.minisign_public_key] = b.sequence;
    this.previewed = null; // as the shell: the previewed file is forgotten once imported
    const from = p.contact.name;
    this.conflicts = [
      ...this.conflicts,
      ...b.conflicts.map((c) => ({ ...c, id: `cf-${++this.seq}`, contact_name: from, received: `${FAKE_TODAY}T10:00:00Z` })),
    ];
    return { contact_id: p.contact.id, sequence: b.sequence, cases: b.cases.length, people: b.people, attachments: b.attachments, totals: p.totals };
  }

  private travel(contactId: string | null): TravelSummary | null {
    if (this.backupCancelled) return null;
    if (contactId !== null && !this.contacts.some((c) => c.id === contactId)) throw { code: 'not-found', message: 'contact not found' } satisfies IpcError;
    this.lastBackup = `${FAKE_TODAY}T10:00:00Z`;
    if (this.travelRemoves) {
      this.vaultExists = false;
      this.unlocked = false;
    }
    return { backup: { ...this.backupSummary }, removed: this.travelRemoves };
  }

  private restore(secret: string, recovery: boolean): boolean {
    if (this.vaultExists) throw { code: 'vault-exists', message: 'exists' } satisfies IpcError;
    if (this.restoreCancelled) return false;
    const ok = recovery ? secret.replace(/[\s-]/g, '').toUpperCase() === this.recoveryCode.replace(/-/g, '') : secret === this.passphrase;
    if (!ok) throw { code: 'wrong-secret', message: 'wrong secret' } satisfies IpcError;
    this.vaultExists = true;
    this.unlocked = true;
    return true;
  }

  /** As the shell: no passphrase asked; the keys go first, then the files; then there is no vault. */
  private wipe(): WipeReport {
    this.vaultExists = false;
    this.unlocked = false;
    this.decoyOpen = false;
    this.forgetSecurity();
    return { keys_destroyed_ms: 2, removed: true };
  }

  /** A new or wiped vault has no failed-unlock policy, no count and no duress passphrase. */
  private forgetSecurity() {
    this.failedUnlock = { wipe_after: null, show_tries_left: false };
    this.wrongTries = 0;
    this.duress = null;
  }

  security(): SecuritySettings {
    return { failed_unlock: { ...this.failedUnlock }, duress: this.duress?.action ?? null };
  }

  /**
   * As the core (vault/guard.rs, vault/duress.rs): with the policy on, a try is counted before the
   * passphrase is checked and the vault is wiped once none is left; the right passphrase clears
   * the count; the duress passphrase opens an empty vault (after wiping the real one if that is
   * its action) and leaves the count as it was.
   */
  private unlockWithPassphrase(pass: string): null {
    if (!this.vaultExists) throw { code: 'not-a-vault', message: 'this folder is not an Amparo vault' } satisfies IpcError;
    const limit = this.failedUnlock.wipe_after;
    if (limit !== null && this.wrongTries >= limit) this.wipedAfterFailedUnlocks();
    if (pass === this.passphrase) {
      this.wrongTries = 0;
      this.unlocked = true;
      this.unlockedWith = 'passphrase';
      this.decoyOpen = false;
      return null;
    }
    if (this.duress && pass === this.duress.passphrase) {
      if (this.duress.action === 'wipe') this.wipe();
      this.unlocked = true;
      this.unlockedWith = 'passphrase';
      this.decoyOpen = true;
      this.decoySecurity = { failed_unlock: { wipe_after: null, show_tries_left: false }, duress: null };
      return null;
    }
    if (limit === null) throw { code: 'wrong-secret', message: 'wrong passphrase' } satisfies IpcError;
    this.wrongTries++;
    const left = limit - this.wrongTries;
    if (left <= 0) this.wipedAfterFailedUnlocks();
    if (this.failedUnlock.show_tries_left)
      throw { code: 'wrong-secret-tries-left', message: `wrong passphrase (tries left before the vault is erased: ${left})`, tries_left: left } satisfies IpcError;
    throw { code: 'wrong-secret', message: 'wrong passphrase' } satisfies IpcError;
  }

  private wipedAfterFailedUnlocks(): never {
    this.wipe();
    throw { code: 'wiped-after-failed-unlocks', message: 'too many wrong passphrases: the vault has been erased' } satisfies IpcError;
  }

  private setFailedUnlock(p: FailedUnlockPolicy | undefined, target: 'real' | 'decoy'): SecuritySettings {
    const n = p?.wipe_after ?? null;
    if (n !== null && (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100))
      throw invalid('invalid failed-unlock limit: must be between 1 and 100, or off');
    const policy = { wipe_after: n, show_tries_left: n !== null && p?.show_tries_left === true };
    if (target === 'decoy') {
      this.decoySecurity = { ...this.decoySecurity, failed_unlock: policy };
      return { ...this.decoySecurity };
    }
    if (this.unlockedWith === 'recovery') throw invalid('invalid passphrase: unlock with the passphrase, not the recovery code, to change this');
    this.failedUnlock = policy;
    this.wrongTries = 0;
    return this.security();
  }

  private checkDuress(a: Record<string, unknown>): { passphrase: string; action: DuressAction } {
    const passphrase = typeof a.passphrase === 'string' ? a.passphrase : '';
    if (a.action !== 'wipe' && a.action !== 'decoy') throw invalid('invalid duress action: must be wipe or decoy');
    if (passphrase.trim() === '') throw invalid('invalid duress passphrase: must not be empty');
    return { passphrase, action: a.action };
  }

  /** What the empty vault opened by the duress passphrase answers; null = as the real one would. */
  private decoyAnswer(cmd: string, a: Record<string, unknown>): { value: unknown } | null {
    switch (cmd) {
      case 'dashboard':
        return { value: { today: FAKE_TODAY, this_week: [], overdue: [], overdue_count: 0, without_next_deadline: [], without_next_deadline_count: 0 } satisfies Dashboard };
      case 'cases_list':
        return { value: { total: 0, rows: [] } };
      case 'lawyers':
      case 'deadlines_list':
      case 'closures_list':
      case 'contacts_list':
      case 'conflicts_list':
      case 'reminders_due':
      case 'calendar_items':
      case 'search':
        return { value: [] };
      case 'case_get':
      case 'person_get':
        throw { code: 'not-found', message: 'no record with that id' } satisfies IpcError;
      case 'backup_status':
        return { value: { last_backup: null, every_days: 7, due: true } satisfies BackupStatus };
      case 'security_get':
        return { value: { ...this.decoySecurity } };
      case 'failed_unlock_set':
        return { value: this.setFailedUnlock(a.policy as FailedUnlockPolicy | undefined, 'decoy') };
      case 'duress_set':
        this.decoySecurity = { ...this.decoySecurity, duress: this.checkDuress(a).action };
        return { value: { ...this.decoySecurity } };
      case 'duress_clear':
        this.decoySecurity = { ...this.decoySecurity, duress: null };
        return { value: { ...this.decoySecurity } };
    }
    return null;
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
        this.unlockedWith = 'passphrase';
        this.decoyOpen = false;
        this.forgetSecurity();
        this.passphrase = String(a.passphrase);
        return { recovery_code: this.recoveryCode };
      case 'vault_unlock':
        return this.unlockWithPassphrase(String(a.passphrase));
      case 'vault_unlock_recovery': {
        if (!this.vaultExists) throw { code: 'not-a-vault', message: 'this folder is not an Amparo vault' } satisfies IpcError;
        // recovery-code tries are not counted, but none is allowed once the count has run out
        const limit = this.failedUnlock.wipe_after;
        if (limit !== null && this.wrongTries >= limit) this.wipedAfterFailedUnlocks();
        if (String(a.code).replace(/[\s-]/g, '') !== this.recoveryCode.replace(/-/g, '')) throw { code: 'wrong-secret', message: 'wrong code' };
        this.wrongTries = 0;
        this.unlocked = true;
        this.unlockedWith = 'recovery';
        this.decoyOpen = false;
        return null;
      }
      case 'vault_lock':
        this.unlocked = false;
        this.decoyOpen = false;
        return null;
      case 'settings_set':
        this.settings = { ...(a.settings as Settings) };
        return this.settings;
      case 'activity':
        return null;
      case 'vault_restore':
        return this.restore(String(a.secret), a.recovery === true);
      case 'vault_wipe':
        return this.wipe();
    }
    if (!this.unlocked) this.locked();
    if (this.decoyOpen) {
      const answer = this.decoyAnswer(cmd, a);
      if (answer) return answer.value;
    }
    switch (cmd) {
      case 'vault_change_passphrase':
        if (typeof a.passphrase !== 'string' || a.passphrase.length === 0) throw { code: 'invalid-input', message: 'passphrase: must not be empty' };
        if (this.duress && a.passphrase === this.duress.passphrase) throw invalid('invalid passphrase: must differ from the duress passphrase');
        this.passphrase = a.passphrase;
        this.unlockedWith = 'passphrase';
        return null;
      case 'security_get':
        return this.security();
      case 'failed_unlock_set':
        return this.setFailedUnlock(a.policy as FailedUnlockPolicy | undefined, 'real');
      case 'duress_set': {
        const d = this.checkDuress(a);
        if (d.passphrase === this.passphrase) throw invalid('invalid duress passphrase: must differ from the passphrase');
        this.duress = d;
        return this.security();
      }
      case 'duress_clear':
        this.duress = null;
        return this.security();
      case 'case_update': {
        if (a.id !== CASE_ID) throw { code: 'not-found', message: 'no such case' };
        const d = a.case as CaseDetails;
        if (!d.title.trim()) throw { code: 'invalid-input', message: 'title: must not be empty' };
        this.case = {
          ...inJurisdiction(this.case, d.jurisdiction as Jurisdiction),
          title: d.title,
          proceeding: d.proceeding,
          relief: d.relief as Relief[],
          stage: (d.stage ?? 'intake') as Stage,
          lawyer: d.lawyer,
        };
        // Left out (or null): kept; "": cleared.
        if (d.outcome === '') delete this.case.outcome;
        else if (d.outcome !== undefined && d.outcome !== null) {
          if (!FAKE_OUTCOMES.includes(d.outcome as Outcome)) throw invalid('outcome: must be granted, denied, withdrawn, dismissed or other');
          this.case.outcome = d.outcome as Outcome;
        }
        return null;
      }
      case 'event_add': {
        if (a.caseId !== CASE_ID) throw { code: 'not-found', message: 'no such case' };
        const kind = a.kind as EventKind;
        if (!EVENT_PLACES.some(([k]) => k === kind)) throw invalid(`event kind: unknown "${String(a.kind)}"`);
        if (!eventKindsOf(this.case.jurisdiction).includes(kind)) throw invalid(`event kind: ${kind} does not apply to ${this.case.jurisdiction}`);
        if (!DATE.test(String(a.date))) throw invalid('date: must be YYYY-MM-DD');
        const id = `e-${++this.seq}`;
        const ev: CaseEvent = { id, kind, date: String(a.date), note: (a.note as string | null) ?? null };
        const warnings = [...this.case.deadline_warnings];
        if (this.case.events.some((e) => e.kind === kind) && ['ich-hearing', 'i589-received', 'last-arrival'].includes(kind))
          warnings.push({ code: 'several-events', message: `More than one "${kind}" is recorded: only the latest counts.` });
        const deadlines = [...this.case.deadlines];
        if (kind === 'filing-received')
          deadlines.push(
            deadline({
              id: `dl-${++this.seq}`,
              rule: 'filing-response',
              title: 'Response to a filing',
              event_id: id,
              due: ev.date,
              trace: [`Filing received by the court: ${ev.date}`, '+ 10 days', 'Rule filing-response (edition 2026): EOIR Policy Manual Appendix C'],
            }),
          );
        this.case = {
          ...this.case,
          events: [...this.case.events, ev].sort((x, y) => x.date.localeCompare(y.date)),
          deadlines,
          deadline_warnings: warnings,
        };
        return warnings;
      }
      case 'event_update': {
        const ev = this.case.events.find((e) => e.id === a.id);
        if (!ev) throw { code: 'not-found', message: 'no such event' };
        if (!DATE.test(String(a.date))) throw invalid('date: must be YYYY-MM-DD');
        this.case = {
          ...this.case,
          events: this.case.events.map((e) => (e.id === a.id ? { ...e, date: String(a.date), note: (a.note as string | null) ?? null } : e)),
        };
        return null;
      }
      case 'event_delete': {
        if (!this.case.events.some((e) => e.id === a.id)) throw { code: 'not-found', message: 'no such event' };
        this.case = {
          ...this.case,
          events: this.case.events.filter((e) => e.id !== a.id),
          deadlines: this.case.deadlines.filter((d) => d.event_id !== a.id),
        };
        return null;
      }
      case 'deadlines_list': {
        const f = a.filter as DeadlineFilter;
        const lawyerOf = (d: Deadline) => (d.case_id === CASE_ID ? this.case.lawyer : 'Ben Ortiz');
        return [...this.case.deadlines, ...this.otherDeadlines]
          .filter((d) => !f.case_id || d.case_id === f.case_id)
          .filter((d) => !f.lawyer || lawyerOf(d) === f.lawyer)
          .filter((d) => !f.status || d.status === f.status)
          .filter((d) => (!f.from || d.due >= f.from) && (!f.to || d.due <= f.to))
          .sort((x, y) => x.due.localeCompare(y.due));
      }
      case 'deadline_add': {
        if (a.caseId !== CASE_ID) throw { code: 'not-found', message: 'no such case' };
        const title = String(a.title).trim();
        if (!title) throw invalid('title: must not be empty');
        if (!DATE.test(String(a.due))) throw invalid('due: must be YYYY-MM-DD');
        const id = `dl-${++this.seq}`;
        const d = deadline({ id, rule: 'manual', title, due: String(a.due), trace: [`Entered by hand, due ${String(a.due)}; not computed by a rule`] });
        this.case = { ...this.case, deadlines: [...this.case.deadlines, d].sort((x, y) => x.due.localeCompare(y.due)) };
        return id;
      }
      case 'deadline_done':
      case 'deadline_reopen': {
        if (!this.case.deadlines.some((d) => d.id === a.id)) throw { code: 'not-found', message: 'no such deadline' };
        const done = cmd === 'deadline_done';
        this.case = {
          ...this.case,
          deadlines: this.case.deadlines.map((d) =>
            d.id === a.id ? { ...d, status: done ? 'done' : 'open', done_at: done ? `${FAKE_TODAY}T10:00:00Z` : null } : d,
          ),
        };
        return null;
      }
      case 'deadline_delete': {
        const d = this.case.deadlines.find((x) => x.id === a.id);
        if (!d) throw { code: 'not-found', message: 'no such deadline' };
        if (d.rule !== 'manual') throw invalid('deadline: only manual deadlines can be deleted');
        this.case = { ...this.case, deadlines: this.case.deadlines.filter((x) => x.id !== a.id) };
        return null;
      }
      case 'rule_edition_set': {
        if (a.caseId !== CASE_ID) throw { code: 'not-found', message: 'no such case' };
        if (a.rule !== 'ich-filings') throw invalid(`rule: ${String(a.rule)} has only one edition`);
        const edition = a.edition as string | null;
        if (edition !== null && edition !== '2021' && edition !== '2008') throw invalid('edition: unknown');
        const used = edition ?? '2021';
        const warnings = this.case.deadline_warnings.filter((w) => w.code !== 'older-edition');
        if (used === '2008')
          warnings.push({
            code: 'older-edition',
            message: "Rule ich-filings uses its older edition 2008, chosen for this case: its dates are later than the current edition's.",
          });
        const others = this.case.rule_editions.filter((r) => r.rule !== 'ich-filings');
        this.case = {
          ...this.case,
          rule_editions: edition === null ? others : [...others, { rule: 'ich-filings', edition }],
          deadline_warnings: warnings,
          deadlines: this.case.deadlines.map((d) =>
            d.rule === 'ich-filings' ? { ...d, edition: used, due: used === '2008' ? '2027-03-03' : '2027-02-16', file_by: used === '2008' ? '2027-02-26' : '2027-02-10' } : d,
          ),
        };
        return null;
      }
      case 'identity_get':
        return { ...this.identity };
      case 'contact_card': {
        const given = a.name as string | null;
        const name = given === null ? this.identity.display_name : given.trim();
        if (name === null) throw invalid('name: give the name to show on your card');
        if (!name) throw invalid('name: must not be empty');
        if (name.length > 100) throw invalid('name: must be at most 100 characters');
        this.identity = { ...this.identity, display_name: name };
        const { age_recipient, minisign_public_key, fingerprint } = this.identity;
        return cardText(name, age_recipient, minisign_public_key, fingerprint);
      }
      case 'contact_add': {
        const text = String(a.card);
        if (!text.includes('BEGIN AMPARO CONTACT CARD')) throw invalid('contact card: is not signed');
        const field = (f: string) => new RegExp(`^${f}:\\s*(.+)$`, 'm').exec(text)?.[1]?.trim() ?? '';
        const key = field('minisign-public-key');
        if (!field('name') || !key || !field('age-recipient')) throw invalid('contact card: is missing a field');
        if (key === this.identity.minisign_public_key) throw invalid("contact card: is this vault's own card");
        if (this.contacts.some((c) => c.minisign_public_key === key)) throw invalid('contact card: belongs to a contact you already have');
        const id = `k-${++this.seq}`;
        this.contacts = [
          ...this.contacts,
          {
            id,
            name: field('name'),
            age_recipient: field('age-recipient'),
            minisign_public_key: key,
            fingerprint: field('fingerprint'),
            trust: a.verified === true ? 'verified' : 'unverified',
            created: `${FAKE_TODAY}T10:00:00Z`,
          },
        ];
        return id;
      }
      case 'contacts_list':
        return [...this.contacts].sort((x, y) => x.name.localeCompare(y.name) || x.created.localeCompare(y.created));
      case 'contact_verify':
        if (!this.contacts.some((c) => c.id === a.id)) throw { code: 'not-found', message: 'no such contact' };
        this.contacts = this.contacts.map((c) => (c.id === a.id ? { ...c, trust: 'verified' } : c));
        return null;
      case 'closures_list':
        return [...this.closures].sort((x, y) => x.first_day.localeCompare(y.first_day) || x.id.localeCompare(y.id));
      case 'closure_add': {
        const first = String(a.firstDay);
        const suspension = a.suspension === true;
        const last = String((a.lastDay as string | null) ?? first);
        if (!DATE.test(first) || !DATE.test(last)) throw invalid('date: must be YYYY-MM-DD');
        if (last < first) throw invalid('to: is before the first day');
        const id = `cl-${++this.seq}`;
        this.closures = [
          ...this.closures,
          { id, first_day: first, last_day: last, calendar: (a.calendar as CalendarId | null) ?? null, note: (a.note as string | null) ?? null, suspension },
        ];
        return id;
      }
      case 'closure_delete':
        if (!this.closures.some((c) => c.id === a.id)) throw { code: 'not-found', message: 'no such closure' };
        this.closures = this.closures.filter((c) => c.id !== a.id);
        return null;
      case 'deadline_settings_get':
        return { ...this.deadlineSettings, reminder_days: [...this.deadlineSettings.reminder_days] };
      case 'deadline_settings_set': {
        const st = a.settings as DeadlineSettings;
        if (st.file_by_days > 30) throw invalid('file-by days: must be between 0 and 30');
        if (st.reminder_days.length > 10 || st.reminder_days.some((d) => d > 90)) throw invalid('reminder days: use up to 10 values between 0 and 90');
        this.deadlineSettings = { file_by_days: st.file_by_days, reminder_days: [...new Set(st.reminder_days)].sort((x, y) => y - x) };
        return { ...this.deadlineSettings };
      }
      case 'reminders_due':
        return this.reminders;
      case 'reminders_seen': {
        const seen = a.seen as SeenReminder[];
        this.seenReminders.push(...seen);
        this.reminders = this.reminders.filter((r) => !seen.some((s) => s.deadline_id === r.deadline.id && s.lead_days === r.lead_days));
        return null;
      }
      case 'calendar_items': {
        const from = String(a.from);
        const to = String(a.to);
        if (!DATE.test(from) || !DATE.test(to)) throw invalid('date: must be YYYY-MM-DD');
        const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
        if (span < 0 || span > 400) throw invalid('to: must be after the first day and within about a year of it');
        const items: CalendarItem[] = [...this.case.deadlines, ...this.otherDeadlines].map((d) => ({
          date: d.due,
          case_id: d.case_id,
          case_title: d.case_title,
          title: d.title,
          kind: d.kind,
          id: d.id,
          rule: d.rule,
          done: d.status === 'done',
        }));
        for (const e of this.case.events) {
          const title = APPOINTMENTS[e.kind];
          if (title) items.push({ date: e.date, case_id: CASE_ID, case_title: this.case.title, title, kind: 'appointment', id: e.id, rule: null, done: false });
        }
        return items.filter((i) => i.date >= from && i.date <= to).sort((x, y) => x.date.localeCompare(y.date) || x.case_title.localeCompare(y.case_title));
      }
      case 'calendar_export':
        return this.exportResult;
      case 'bundle_export':
        return this.bundleExport(a.caseIds as string[], a.contactIds as string[], a.recipients as string[]);
      case 'bundle_import_preview': {
        if (a.again === true) {
          if (!this.previewed) throw invalid('bundle: choose a bundle first');
        } else {
          if (!this.incomingBundle) return null;
          this.previewed = this.incomingBundle;
        }
        return this.importPreview(this.previewed);
      }
      case 'bundle_import_add_sender': {
        const b = this.previewed;
        if (!b) throw invalid('bundle: choose a bundle first');
        const key = b.sender.minisign_public_key;
        if (this.contacts.some((c) => c.minisign_public_key === key)) throw invalid('contact card: belongs to a contact you already have');
        const id = `k-${++this.seq}`;
        this.contacts = [
          ...this.contacts,
          { id, ...b.sender, name: b.sender.name ?? 'Unnamed', trust: a.verified === true ? 'verified' : 'unverified', created: `${FAKE_TODAY}T10:00:00Z` },
        ];
        return id;
      }
      case 'bundle_import':
        return this.bundleImport();
      case 'conflicts_list':
        return this.conflicts.map((c) => ({ ...c, fields: c.fields.map((f) => ({ ...f })) }));
      case 'conflict_resolve': {
        if (a.keep !== 'mine' && a.keep !== 'theirs') throw invalid('keep: must be "mine" or "theirs"');
        if (!this.conflicts.some((c) => c.id === a.id)) throw { code: 'not-found', message: 'no such conflict' } satisfies IpcError;
        this.conflicts = this.conflicts.filter((c) => c.id !== a.id);
        this.resolved.push({ id: String(a.id), keep: a.keep });
        return null;
      }
      case 'backup_status':
        return this.backupStatus();
      case 'backup_reminder_set': {
        const days = a.everyDays;
        if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 365) throw invalid('backup reminder: must be between 0 (off) and 365 days');
        this.backupEveryDays = days;
        return this.backupStatus();
      }
      case 'backup_create':
        if (this.backupCancelled) return null;
        this.lastBackup = `${FAKE_TODAY}T10:00:00Z`;
        return { ...this.backupSummary };
      case 'travel_start':
        return this.travel((a.contactId as string | null) ?? null);
      case 'dashboard': {
        const d = sampleDashboard();
        return this.overdueCount === null ? d : { ...d, overdue_count: this.overdueCount };
      }
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
      case 'person_get': {
        const pid = String(a.id);
        const name = this.people[pid];
        if (pid === PERSON_ID || !name) return { ...this.person, id: pid };
        const d = this.detailsOf(pid);
        return {
          ...this.person,
          id: pid,
          name,
          ...d,
          nationality: null,
          languages: [],
          interpreter_needed: false,
          detained: false,
          facility: null,
          addresses: [],
          cases: this.rolesOf(pid),
        } satisfies Person;
      }
      case 'conflicts_check': {
        const q = a.query as ConflictQuery;
        this.conflictQueries.push({ ...q });
        return this.conflictsCheck(q);
      }
      case 'sheet_pick_and_preview': {
        if (!this.sheet) return null;
        const previous = this.pendingSheet;
        this.pendingSheet = this.sheet;
        try {
          return this.sheetRun(null, true);
        } catch (e) {
          this.pendingSheet = previous;
          throw e;
        }
      }
      case 'sheet_preview':
        return this.sheetRun(a.mapping as SheetMapping, true);
      case 'sheet_import': {
        const summary = this.sheetRun(a.mapping as SheetMapping, false);
        if (summary.committed) this.pendingSheet = null;
        return summary;
      }
      case 'report_get':
        return { ...this.report, ...this.reportPeriod(a) };
      case 'report_save_csv':
        this.reportPeriod(a);
        return this.reportCsvSaved;
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
        this.personDetails[id] = { aliases: [...p.aliases], dob: p.dob, dob_approx: p.dob_approx, a_number: p.a_number };
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
