#!/usr/bin/env python3
"""Write the seed inputs of the import fuzzer into seeds/import_bundle/ (the fuzzer's grown and
minimised corpus is corpus/import_bundle/).

An input is [u16 LE manifest length][manifest][ustar members] (see harness.rs). The manifests
name their sender with placeholders the harness fills in with its own keys, so the valid seeds
import cleanly and the fuzzer starts from bundles that reach every stage of the importer.
"""
import hashlib, io, json, os, struct, tarfile

OUT = os.path.join(os.path.dirname(__file__), "seeds", "import_bundle")
CASE = "0b7d5e3c-8f1a-4c2e-9d3b-1a2b3c4d5e6f"
PERSON = "3e0a8b6f-1c4d-4f5b-a06e-4d5e6f708192"
DOC = "1c8e6f4d-9a2b-4d3f-8e4c-2b3c4d5e6f70"
NOTE = "2d9f7a5e-0b3c-4e4a-9f5d-3c4d5e6f7081"
EVENT = "4f1b9c7a-2d5e-4a6c-b17f-5e6f708192a3"
T = "2026-11-01T00:00:00Z"


def case(title="Seed case", events=True):
    return json.dumps({
        "id": CASE, "title": title, "jurisdiction": "us-eoir", "proceeding": None, "relief": ["asylum"],
        "stage": "intake", "lawyer": "Ana", "receipt_number": None,
        "parties": [{"person_id": PERSON, "name": "Seed Person", "role": "client"}],
        "events": [{"id": EVENT, "kind": "ij-decision", "date": "2026-11-25", "note": None}] if events else [],
        "event_kinds": [], "rule_editions": [], "deadlines": [], "deadline_warnings": [],
        "notes": [{"id": NOTE, "case_id": CASE, "text": "seed note", "created": T}], "tasks": [],
        "documents": [{"id": DOC, "case_id": CASE, "name": "x.txt", "size": 5,
                       "sha256": hashlib.sha256(b"hello").hexdigest(), "metadata": "not-applicable",
                       "metadata_removed": 0, "created": T}],
        "created": T, "updated": T}).encode()


def person(a_number="201555019"):
    return json.dumps({
        "id": PERSON, "name": "Seed Person", "aliases": ["S P"], "dob": "1990-01-01", "dob_approx": False,
        "a_number": a_number, "nationality": "HN", "languages": ["es"], "interpreter_needed": False,
        "detained": False, "facility": None, "phone": None, "email": None,
        "addresses": [{"id": "5a2c0d8b-3e6f-4b7d-8c20-6f708192a3b4", "address": "1 Main St", "since": "2026-01-01",
                       "reported_court": None, "reported_uscis": None}],
        "cases": [], "created": T, "updated": T}).encode()


def tar(members):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in members:
            i = tarfile.TarInfo(name)
            i.size, i.mode, i.mtime = len(data), 0o600, 0
            t.addfile(i, io.BytesIO(data))
    return b.getvalue()


def manifest(members, fmt="amparo-bundle", seq=1, cases=(CASE,)):
    return json.dumps({
        "format": fmt, "version": 1, "created": "2026-11-29T12:00:00Z",
        "sender": {"name": "Fuzz sender", "age_recipient": "@SENDER_RECIPIENT@", "minisign_public_key": "@SENDER_KEY@",
                   "fingerprint": "@SENDER_FINGERPRINT@"},
        "recipients": [], "sequence": seq, "audit_head": "", "cases": list(cases),
        "members": [{"path": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in members],
    }, indent=2).encode()


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def seed(name, members, listed=None, **kw):
    m = manifest(listed if listed is not None else members, **kw)
    write(name, struct.pack("<H", len(m)) + m + tar(members))


os.makedirs(OUT, exist_ok=True)
people = (f"records/people/{PERSON}.json", person())
cases = (f"records/cases/{CASE}.json", case())
attachment = (f"attachments/{DOC}", b"hello")
good = [people, cases, attachment]
seed("valid-case-person-attachment", good)
seed("valid-no-events", [people, (cases[0], case(events=False)), attachment])
seed("member-missing", good[:2], listed=good)
seed("member-unlisted", good, listed=good[:2])
seed("members-out-of-order", [attachment, people, cases], listed=good)
seed("backup-format", good, fmt="amparo-backup")
seed("empty-title", [people, (cases[0], case(title="")), attachment])
seed("no-cases", [people], cases=())
seed("backup-members", [("vault/vault.db", b"SQLite"), (f"vault/blobs/{DOC}.age", b"age")], fmt="amparo-backup", cases=())
seed("path-traversal", [("records/cases/../x.json", case())])
seed("huge-sequence", good, seq=2**63)
seed("bad-a-number", [(people[0], person("12")), cases, attachment])
seed("record-not-json", [(cases[0], b"not json")], cases=())
seed("attachment-only", [attachment], cases=())
sig = b"untrusted comment: x\nRUQ=\ntrusted comment: amparo bundle v1\nAAAA\n"
write("raw-archive", tar([("manifest.json", manifest(good)), ("manifest.json.minisig", sig)] + good))
write("empty", b"")
write("two-bytes", b"\xff\xff")
write("nested-json", struct.pack("<H", 3000) + b"[" * 3000)
write("manifest-not-json", struct.pack("<H", 5) + b"hello" + b"\0" * 1024)
write("zero-blocks", b"\0" * 2048)
write("gzip", b"\x1f\x8b\x08\x00" + b"\0" * 600)
print(len(os.listdir(OUT)), "seeds")
