// End-to-end tests of the real Amparo window: tauri-driver + WebKitWebDriver under Xvfb.
// Run by scripts/e2e (which builds the UI and the debug app first). Every folder the app may
// write to (XDG data/config/cache, TMPDIR) lives under one run folder, which is scanned for the
// canaries afterwards; the app runs under strace so any IPv4/IPv6 socket fails the run.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Session, sleep, spawnGroup, startDriver } from "./webdriver.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const run = process.env.AMPARO_E2E_RUN || path.join(root, "target/e2e-run");
const app = process.env.AMPARO_E2E_APP || path.join(root, "target/debug/amparo-desktop");
const cli = path.join(root, "target/debug/amparo");
const NAME_CANARY = "Zacarías Canario-E2E";
const NOTE_CANARY = "E2E-CANARY-ZQX41";
const PASSPHRASE = "river lantern copper meadow";
const startedAt = Date.now();

const dirs = {
  XDG_DATA_HOME: path.join(run, "xdg-data"),
  XDG_CONFIG_HOME: path.join(run, "xdg-config"),
  XDG_CACHE_HOME: path.join(run, "xdg-cache"),
  TMPDIR: path.join(run, "tmp"),
};
const fixtures = path.join(run, "fixtures");
const shots = path.join(run, "screenshots");
const straceLog = path.join(run, "strace.log");
const dbusLog = path.join(run, "dbus-notifications.log");
const inspectorFile = path.join(run, "webdriver-inspector-address");

let driver;
let s;
let dbusMonitor;

const vaultDir = () => path.join(dirs.XDG_DATA_HOME, "amparo", "vault");
const vaultLock = () => path.join(vaultDir(), "lock");

function wrapper() {
  // tauri-driver starts "the application"; this wrapper starts the real one under strace.
  const w = path.join(run, "app-under-strace.sh");
  fs.writeFileSync(
    w,
    `#!/bin/sh\necho "$WEBKIT_INSPECTOR_SERVER" > '${inspectorFile}'\n` +
      `exec strace -f -qq -e trace=socket,connect,bind -o '${straceLog}' '${app}' "$@"\n`,
    { mode: 0o755 },
  );
  return w;
}

/** A one-page PDF with a line of text, built byte by byte (offsets in the xref must be exact). */
function minimalPdf(text) {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const stream = `BT /F1 18 Tf 20 100 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

const dialogs = path.join(run, "dialogs");

/** What the next native open and save dialogs answer (debug builds read these files). */
function answerDialogs({ open, save }) {
  fs.mkdirSync(dialogs, { recursive: true });
  if (open) fs.writeFileSync(path.join(dialogs, "open"), [].concat(open).join("\n") + "\n");
  if (save) fs.writeFileSync(path.join(dialogs, "save"), `${save}\n`);
}

/** On the first-run screen: create a vault with PASSPHRASE and go through to the dashboard. */
async function createVaultFromFirstRunScreen() {
  await s.type("#new-passphrase", PASSPHRASE);
  await s.type("#confirm-passphrase", PASSPHRASE);
  await s.click('[data-testid="create-vault"]');
  await s.waitFor('[data-testid="recovery-code"]');
  await s.click('[data-testid="wrote-it-down"]');
  await s.click('[data-testid="continue"]');
  await s.waitFor('[data-testid="dashboard"]');
}

async function shot(name) {
  fs.mkdirSync(shots, { recursive: true });
  fs.writeFileSync(path.join(shots, `${name}.png`), await s.screenshot());
}

before(async () => {
  fs.rmSync(run, { recursive: true, force: true });
  for (const d of [...Object.values(dirs), fixtures]) fs.mkdirSync(d, { recursive: true });
  // A small real PNG to attach (made with ImageMagick, with a comment chunk to be stripped).
  const png = path.join(fixtures, "passport-scan.png");
  execFileSync("convert", ["-size", "320x200", "gradient:#d8e6ee-#1f4e5f", "-set", "comment", "GPS 14.08,-87.20", png]);
  const pdf = path.join(fixtures, "hearing-notice.pdf");
  fs.writeFileSync(pdf, minimalPdf("Notice of hearing"));
  const env = {
    ...process.env,
    ...dirs,
    AMPARO_INSECURE_TEST_KDF: "1",
    // The native dialogs' answers (WebDriver cannot drive a GTK dialog), read at each dialog.
    AMPARO_TEST_DIALOGS: dialogs,
  };
  answerDialogs({ open: [png, pdf], save: path.join(fixtures, "saved-bundle.age") });
  // scripts/e2e runs the tests inside a private D-Bus session: record every call to the
  // notification service (there is no notification daemon; the calls are what matters).
  assert.ok(process.env.DBUS_SESSION_BUS_ADDRESS, "run the end-to-end tests through scripts/e2e (it starts a D-Bus session)");
  dbusMonitor = spawnGroup("dbus-monitor", ["--session", "interface='org.freedesktop.Notifications'"], {
    stdio: ["ignore", fs.openSync(dbusLog, "w"), "ignore"],
  });
  const started = await startDriver(env);
  driver = started.stop;
  s = await Session.start(started.base, wrapper());
});

after(async () => {
  if (dbusMonitor) await dbusMonitor.stop();
  if (s) await s.end();
  if (driver) await driver();
});

test("create a vault and see the recovery code once", async () => {
  await s.type("#new-passphrase", PASSPHRASE);
  await s.type("#confirm-passphrase", PASSPHRASE);
  await shot("01-create");
  await s.click('[data-testid="create-vault"]');
  const code = await s.text('[data-testid="recovery-code"]');
  assert.match(code.trim(), /^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
  await shot("02-recovery-code");
  await s.click('[data-testid="wrote-it-down"]');
  await s.click('[data-testid="continue"]');
  await s.waitFor('[data-testid="dashboard"]');
});

test("take in a client and open the case", async () => {
  await s.click('[data-testid="nav-intake"]');
  await s.type("#intake-name", NAME_CANARY);
  await s.type("#intake-a-number", "A 212-345-678");
  await s.type("#intake-title", "Defensive asylum, removal proceedings");
  await s.execute(
    "const el = document.querySelector('#intake-jurisdiction'); el.value = 'us-eoir'; el.dispatchEvent(new Event('change', {bubbles: true}));",
  );
  await shot("03-intake");
  await s.click('[data-testid="intake-submit"]');
  const title = await s.text('[data-testid="case-title"]');
  assert.match(title, /Defensive asylum/);
});

test("add a note and attach and view a document", async () => {
  await s.type("#note-text", `Interview notes ${NOTE_CANARY}: fled after threats.`);
  await s.click('[data-testid="add-note"]');
  await s.waitUntil(
    "return [...document.querySelectorAll('[data-testid=note]')].some(n => n.textContent.includes(arguments[0]))",
    [NOTE_CANARY],
  );
  await s.click('[data-testid="add-document"]');
  await s.waitUntil("return document.querySelectorAll('[data-testid=document]').length === 2");
  const viewButtonOf = (name) =>
    `[...document.querySelectorAll('[data-testid=document]')].find(d => d.textContent.includes('${name}'))` +
    ".querySelector('[data-testid=view-document]').click()";
  await s.execute(viewButtonOf("passport-scan.png"));
  await s.waitFor('[data-testid="viewer"]');
  await s.waitUntil(
    "const img = document.querySelector('[data-testid=viewer] img'); return !!img && img.complete && img.naturalWidth === 320",
    [],
    20_000,
    "the decrypted image to render in the viewer",
  );
  await shot("04-viewer");
  await s.keys([{ type: "keyDown", value: "\uE00C" }, { type: "keyUp", value: "\uE00C" }]); // Escape
  await s.waitUntil("return !document.querySelector('[data-testid=viewer]')");
  // The PDF renders inside the app too (pdf.js, bundled locally), from the same in-memory scheme.
  await s.execute(viewButtonOf("hearing-notice.pdf"));
  await s.waitUntil(
    "const c = document.querySelector('[data-testid=viewer] canvas'); return !!c && c.width > 0",
    [],
    30_000,
    "the PDF page to render in the viewer",
  );
  await shot("04b-pdf-viewer");
  await s.keys([{ type: "keyDown", value: "\uE00C" }, { type: "keyUp", value: "\uE00C" }]); // Escape
  await s.waitUntil("return !document.querySelector('[data-testid=viewer]')");
  await shot("04-case-view");
});

/** Set a form control's value the way a user's edit would (date inputs are locale-dependent to type into). */
async function setValue(css, value) {
  await s.execute(
    "const el = document.querySelector(arguments[0]); el.value = arguments[1];" +
      "el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));",
    [css, value],
  );
}

/** YYYY-MM-DD of today + `days`, in local time (the app's "today"). */
function isoDay(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

test("an event added in the app shows its deadline with its trace, on the dashboard, as a reminder and on the sheet", async () => {
  // A decision 25 days ago: the 30-day BIA appeal is due within a week (+ any weekend/holiday roll).
  await setValue('[data-testid="event-kind"]', "ij-decision");
  await setValue('[data-testid="event-date"]', isoDay(-25));
  await s.click('[data-testid="event-add"]');
  await s.waitFor('[data-testid="deadline-row"][data-rule="bia-appeal"]');
  const trace = await s.execute(
    "return document.querySelector('[data-testid=deadline-row][data-rule=bia-appeal] [data-testid=deadline-trace]').textContent",
  );
  assert.match(trace, /\+ 30 calendar days/);
  assert.match(trace, /8 CFR 1003\.38\(b\)/);
  await shot("04c-case-deadlines");

  await s.click('[data-testid="nav-dashboard"]');
  await s.waitUntil(
    "const w = document.querySelector('[data-testid=dashboard-this-week]'); return w && w.textContent.includes('BIA')",
    [],
    20_000,
    "the appeal deadline in this week's section",
  );
  await shot("04d-dashboard-deadline");

  // The reminder is due (its file-by target is within 7 days): locking and unlocking shows it.
  await s.click('[data-testid="lock"]');
  await s.waitFor("#unlock-passphrase");
  await s.type("#unlock-passphrase", PASSPHRASE);
  await s.click('[data-testid="unlock"]');
  await s.waitFor('[data-testid="reminders-panel"]');
  const reminder = await s.text('[data-testid="reminders-panel"]');
  assert.match(reminder, /BIA/);
  await shot("04e-reminder");
  // The desktop notification goes to the session's notification service, with a count only
  // (checked while the panel is open: once the lawyer has seen it, there is nothing to announce).
  const deadline = Date.now() + 20_000;
  while (!fs.readFileSync(dbusLog, "utf8").includes("deadline needs your attention") && Date.now() < deadline) {
    await sleep(250);
  }
  const calls = fs.readFileSync(dbusLog, "utf8");
  assert.match(calls, /member=Notify/);
  assert.match(calls, /string "1 deadline needs your attention\."/);
  for (const secret of [NAME_CANARY, "Canario", "Defensive asylum", "BIA"]) {
    assert.ok(!calls.includes(secret), `the notification leaks ${secret}`);
  }

  await s.click('[data-testid="reminders-ok"]');
  await s.waitUntil("return !document.querySelector('[data-testid=reminders-panel]')");
  await s.click('[data-testid="nav-calendar"]');
  await s.waitFor('[data-testid="calendar-item"]');
  await shot("04f-calendar");

  await s.click('[data-testid="nav-cases"]');
  await s.click('[data-testid="case-row"]');
  await s.click('[data-testid="print-sheet"]');
  await s.waitFor('[data-testid="sheet-row"]');
  await s.execute("window.__printed = 0; window.print = () => { window.__printed += 1; };");
  await s.click('[data-testid="sheet-print"]');
  assert.equal(await s.execute("return window.__printed"), 1, "the sheet opens the print dialog");
  await shot("04g-deadline-sheet");
  await s.click('[data-testid="nav-dashboard"]');
  await s.waitFor('[data-testid="dashboard"]');
});

test("a colleague's contact card, made with the CLI, is added and verified in the app", async () => {
  // The colleague's own vault, elsewhere on the machine, and the card they send.
  const colleague = path.join(fixtures, "colleague");
  fs.mkdirSync(colleague, { recursive: true });
  fs.writeFileSync(path.join(colleague, "pass"), "colleague vault passphrase\n");
  const cliEnv = {
    ...process.env,
    AMPARO_INSECURE_TEST_KDF: "1",
    AMPARO_VAULT: path.join(colleague, "vault"),
    AMPARO_PASSPHRASE_FILE: path.join(colleague, "pass"),
  };
  execFileSync(cli, ["init"], { env: cliEnv, stdio: "ignore" });
  const cardFile = path.join(colleague, "card.txt");
  execFileSync(cli, ["contact", "card", "--out", cardFile, "--name", "Lic. Luis Colega"], { env: cliEnv });
  const words = JSON.parse(execFileSync(cli, ["--json", "identity", "show"], { env: cliEnv }).toString()).fingerprint;

  await s.click('[data-testid="nav-contacts"]');
  await s.type('[data-testid="my-name"]', "Lic. E2E");
  await s.click('[data-testid="show-my-card"]');
  await s.waitUntil("const c = document.querySelector('[data-testid=my-card]'); return c && c.value.includes('BEGIN AMPARO CONTACT CARD')");
  await setValue('[data-testid="contact-card-input"]', fs.readFileSync(cardFile, "utf8"));
  await s.click('[data-testid="contact-add"]');
  await s.waitFor('[data-testid="contact"][data-trust="unverified"]');
  const shown = await s.text('[data-testid="contact"] [data-testid="contact-fingerprint"]');
  assert.equal(shown.split(/\s+/).filter(Boolean).join(" "), words, "the words the colleague reads out");
  await s.click('[data-testid="contact-verify"]');
  await s.click('[data-testid="confirm-ok"]');
  await s.waitFor('[data-testid="contact"][data-trust="verified"]');
  await shot("04h-contacts");
  await s.click('[data-testid="nav-dashboard"]');
  await s.waitFor('[data-testid="dashboard"]');
});

test("cases sent to co-counsel open with age, tar and minisign alone", async () => {
  const key = path.join(fixtures, "raw-age.key");
  execFileSync("age-keygen", ["-o", key], { stdio: "ignore" });
  const recipient = fs.readFileSync(key, "utf8").match(/# public key: (age1\w+)/)[1];
  await s.click('[data-testid="nav-contacts"]');
  await s.click('[data-testid="show-my-card"]');
  await s.waitUntil("const c = document.querySelector('[data-testid=my-card]'); return c && c.value.includes('minisign-public-key')");
  const myKey = (await s.execute("return document.querySelector('[data-testid=my-card]').value")).match(/minisign-public-key: (\S+)/)[1];

  await s.click('[data-testid="nav-cases"]');
  await s.click('[data-testid="case-row"]');
  await s.click('[data-testid="export-case"]');
  await s.waitFor('[data-testid="export-chip"]');
  await s.click('[data-testid="export-next"]');
  await s.click('[data-testid="export-contact-option"]');
  await setValue('[data-testid="export-recipients"]', `${recipient}\n`);
  await s.click('[data-testid="export-next"]');
  await shot("04i-export-confirm");
  await s.click('[data-testid="export-save"]');
  await s.waitUntil("return document.querySelector('[data-testid=export-result]').textContent.trim().length > 0");
  await s.click('[data-testid="export-close"]');

  const opened = path.join(fixtures, "opened-bundle");
  fs.mkdirSync(opened, { recursive: true });
  execFileSync("age", ["-d", "-i", key, "-o", path.join(opened, "b.tar"), path.join(fixtures, "saved-bundle.age")]);
  execFileSync("tar", ["-xf", path.join(opened, "b.tar"), "-C", opened]);
  execFileSync("minisign", ["-V", "-P", myKey, "-m", path.join(opened, "manifest.json")], { stdio: "ignore" });
  const manifest = JSON.parse(fs.readFileSync(path.join(opened, "manifest.json"), "utf8"));
  assert.equal(manifest.recipients.length, 2, "the colleague's contact key and the raw recipient");
  assert.ok(manifest.members.some((m) => m.path.startsWith("attachments/")), "the documents travel too");
  fs.rmSync(opened, { recursive: true, force: true });
  fs.rmSync(path.join(fixtures, "saved-bundle.age"));
  await s.click('[data-testid="nav-dashboard"]');
  await s.waitFor('[data-testid="dashboard"]');
});

/** The colleague's vault (made in the contact-card test), driven with the CLI. */
function colleagueCli(...args) {
  const colleague = path.join(fixtures, "colleague");
  const env = {
    ...process.env,
    AMPARO_INSECURE_TEST_KDF: "1",
    AMPARO_VAULT: path.join(colleague, "vault"),
    AMPARO_PASSPHRASE_FILE: path.join(colleague, "pass"),
  };
  return JSON.parse(execFileSync(cli, ["--json", ...args], { env }).toString());
}

/** Click the case row whose text includes `title`. */
async function openCase(title) {
  await s.click('[data-testid="nav-cases"]');
  await s.waitFor('[data-testid="case-row"]');
  await s.waitUntil(
    "return [...document.querySelectorAll('[data-testid=case-row]')].some((r) => r.textContent.includes(arguments[0]))",
    [title],
  );
  await s.execute(
    "[...document.querySelectorAll('[data-testid=case-row]')].find((r) => r.textContent.includes(arguments[0])).click()",
    [title],
  );
  await s.waitFor('[data-testid="case-events"]');
}

async function importBundle(file) {
  answerDialogs({ open: file });
  await s.click('[data-testid="nav-contacts"]');
  await s.click('[data-testid="import-open"]');
  await s.waitFor('[data-testid="import-totals"]');
}

test("a colleague's bundle is checked and previewed, then imported; a replay is refused", async () => {
  // The colleague adds this vault from the card the app shows, then sends a case.
  await s.click('[data-testid="nav-contacts"]');
  await s.click('[data-testid="show-my-card"]');
  await s.waitUntil("const c = document.querySelector('[data-testid=my-card]'); return c && c.value.includes('BEGIN AMPARO CONTACT CARD')");
  const myCard = await s.execute("return document.querySelector('[data-testid=my-card]').value");
  const cardFile = path.join(fixtures, "colleague", "e2e.card");
  fs.writeFileSync(cardFile, myCard);
  const me = colleagueCli("contact", "add", cardFile, "--verified").id;
  const person = colleagueCli("person", "add", "--name", `Cliente ${NAME_CANARY}`).id;
  const caseId = colleagueCli("case", "add", "--client", person, "--jurisdiction", "us-eoir", "--title", "Appeal sent by a colleague").id;
  const event = colleagueCli("case", "event", "add", "--case", caseId, "--kind", "ij-decision", "--date", isoDay(-3)).id;
  const first = path.join(fixtures, "from-colleague-1.age");
  colleagueCli("export", "--case", caseId, "--to", me, "--out", first);

  await importBundle(first);
  assert.match(await s.text('[data-testid="import-from"]'), /Luis Colega/);
  assert.equal(await s.execute("return document.querySelector('[data-testid=import-confirm]').disabled"), false);
  await shot("04j-import-preview");
  await s.click('[data-testid="import-confirm"]');
  await s.waitUntil("const r = document.querySelector('[data-testid=import-result]'); return r && r.textContent.trim().length > 0");
  await shot("04k-import-result");
  await s.click('[data-testid="import-close"]');
  await openCase("Appeal sent by a colleague");
  await s.waitFor('[data-testid="event"][data-kind="ij-decision"]');

  // The same file again is a replay: shown, and the import button stays off.
  await importBundle(first);
  await s.waitFor('[data-testid="import-replayed"]');
  assert.equal(await s.execute("return document.querySelector('[data-testid=import-confirm]').disabled"), true);
  await s.click('[data-testid="import-cancel"]');

  // Both change the decision date: the colleague's version waits under Conflicts.
  colleagueCli("case", "event", "edit", event, "--date", isoDay(-2));
  const second = path.join(fixtures, "from-colleague-2.age");
  colleagueCli("export", "--case", caseId, "--to", me, "--out", second);
  await openCase("Appeal sent by a colleague");
  await s.click('[data-testid="event-edit"]');
  await setValue("#event-edit-date", isoDay(-1));
  await s.click('[data-testid="event-save"]');
  await s.waitUntil("return !document.querySelector('[data-testid=event-edit-dialog]')");
  await importBundle(second);
  await s.waitFor('[data-testid="import-conflict"]');
  await shot("04l-import-conflict");
  await s.click('[data-testid="import-confirm"]');
  await s.waitFor('[data-testid="import-view-conflicts"]');
  await s.click('[data-testid="import-view-conflicts"]');
  await s.waitFor('[data-testid="conflict"]');
  assert.equal((await s.text('[data-testid="conflict"] [data-testid="diff-mine"]')).trim(), isoDay(-1));
  assert.equal((await s.text('[data-testid="conflict"] [data-testid="diff-theirs"]')).trim(), isoDay(-2));
  await shot("04m-conflicts");
  await s.click('[data-testid="conflict-take-theirs"]');
  await s.click('[data-testid="confirm-ok"]');
  await s.waitFor('[data-testid="conflicts-empty"]');
  await s.click('[data-testid="nav-dashboard"]');
  await s.waitFor('[data-testid="dashboard"]');
});

test("find the client again with global search", async () => {
  await s.click('[data-testid="nav-search"]');
  await s.type("#global-search", "canario");
  await s.waitUntil(
    "return [...document.querySelectorAll('[data-testid=search-result]')].some(r => r.textContent.includes('Canario'))",
  );
  await shot("05-search");
  await s.keys([{ type: "keyDown", value: "\uE00C" }, { type: "keyUp", value: "\uE00C" }]); // Escape
});

test("an office spreadsheet is checked row by row, corrected, and imported; its possible conflict is shown first", async () => {
  const sheet = path.join(fixtures, "clientes.csv");
  const rows = (badDate) =>
    "Expediente,Nombre,Fecha de nacimiento,Caso,Jurisdicción\n" +
    "E-1,Zacarias Canario E2E,,Revisión de expediente,us-eoir\n" +
    `E-2,Rosa Hojadecalculo,${badDate},Asilo afirmativo,us-uscis\n` +
    "E-3,Wisly Saint-Fleur,1991-02-03,TPS,us-uscis\n";
  fs.writeFileSync(sheet, rows("1990-13-01"));
  answerDialogs({ open: sheet });
  await s.click('[data-testid="nav-intake"]');
  await s.click('[data-testid="intake-import-sheet"]');
  await s.click('[data-testid="sheet-choose"]');
  await s.waitFor('[data-testid="sheet-summary"]');
  await s.waitFor('[data-testid="sheet-error-row"]');
  assert.match(await s.text('[data-testid="sheet-errors"]'), /3/, "the bad date is reported on its row");
  assert.equal(await s.execute("return document.querySelector('[data-testid=sheet-import]').disabled"), true);
  await shot("16a-sheet-errors");

  // The office corrects the sheet; the same file is checked again.
  fs.writeFileSync(sheet, rows("1990-11-01"));
  await s.click('[data-testid="sheet-repreview"]');
  await s.waitUntil("return !document.querySelector('[data-testid=sheet-error-row]')");
  await s.waitFor('[data-testid="sheet-conflicts"] [data-testid="conflict-match"]');
  await shot("16b-sheet-conflicts");
  await s.click('[data-testid="sheet-conflicts-reviewed"]');
  await s.click('[data-testid="sheet-import"]');
  await s.waitFor('[data-testid="sheet-done"]');
  await shot("16c-sheet-imported");

  await s.click('[data-testid="nav-search"]');
  await s.type("#global-search", "wisly");
  await s.waitUntil(
    "return [...document.querySelectorAll('[data-testid=search-result]')].some(r => r.textContent.includes('Saint-Fleur'))",
  );
  await s.keys([{ type: "keyDown", value: "\uE00C" }, { type: "keyUp", value: "\uE00C" }]); // Escape
});

test("the report shows counts without names, hides small numbers, and saves as CSV", async () => {
  await s.click('[data-testid="nav-reports"]');
  await s.waitFor('[data-testid="report"]');
  await s.waitFor('[data-testid="report-chart"]');
  const text = await s.text('[data-testid="report"]');
  assert.ok(text.includes("<5"), "small counts are hidden");
  for (const name of [NAME_CANARY, "Canario", "Saint-Fleur", "Hojadecalculo"]) {
    assert.equal(text.includes(name), false, `no ${name} in the report`);
  }
  await shot("17-report");
  const csv = path.join(fixtures, "report.csv");
  answerDialogs({ save: csv });
  await s.click('[data-testid="report-csv"]');
  await s.waitUntil("return document.querySelector('[data-testid=report-status]')?.textContent.trim().length > 0");
  const body = fs.readFileSync(csv, "utf8");
  assert.ok(body.startsWith("section,key,count\n"), body);
  assert.equal(body.includes("Canario"), false);
});

test("lock, fail one unlock, unlock", async () => {
  await s.click('[data-testid="lock"]');
  await s.waitFor("#unlock-passphrase");
  const leaked = await s.execute("return document.body.innerText.includes(arguments[0])", [NAME_CANARY]);
  assert.equal(leaked, false, "locking clears client data from the window");
  await s.type("#unlock-passphrase", "not the passphrase");
  await s.click('[data-testid="unlock"]');
  const err = await s.text('[data-testid="unlock-error"]');
  assert.ok(err.length > 0);
  await shot("06-unlock-wrong");
  // Another process holds the vault (as a second Amparo would): a clear message, nothing lost.
  const holder = spawn("flock", ["--exclusive", "--nonblock", "--no-fork", vaultLock(), "sleep", "60"], {
    stdio: "ignore",
  });
  await sleep(300);
  await s.type("#unlock-passphrase", PASSPHRASE);
  await s.click('[data-testid="unlock"]');
  await s.waitUntil(
    "const e = document.querySelector('[data-testid=unlock-error]'); return e && e.textContent.includes('open in another')",
    [],
    20_000,
    "the vault-in-use message",
  );
  holder.kill("SIGKILL");
  await sleep(300);
  await s.type("#unlock-passphrase", PASSPHRASE);
  await s.click('[data-testid="unlock"]');
  await s.waitFor('[data-testid="dashboard"]');
  await shot("07-dashboard");
});

test("the vault locks when the screen locks", async () => {
  await s.click('[data-testid="nav-contacts"]');
  await s.click('[data-testid="show-my-card"]');
  await s.waitUntil("const c = document.querySelector('[data-testid=my-card]'); return c && c.value.includes('BEGIN AMPARO CONTACT CARD')");
  // The screen saver says the screen locked (as GNOME's or KDE's would, on the session bus).
  execFileSync("dbus-send", [
    "--session",
    "--type=signal",
    "/org/freedesktop/ScreenSaver",
    "org.freedesktop.ScreenSaver.ActiveChanged",
    "boolean:true",
  ]);
  await s.waitFor('[data-testid="locked-system"]');
  const leaked = await s.execute("return document.body.innerText.includes(arguments[0])", [NAME_CANARY]);
  assert.equal(leaked, false, "locking clears client data from the window");
  await shot("09b-locked-by-screen-lock");
  await s.type("#unlock-passphrase", PASSPHRASE);
  await s.click('[data-testid="unlock"]');
  await s.waitFor('[data-testid="dashboard"]');
});

test("a damaged attachment gets a clear message and the app stays usable", async () => {
  const blobs = path.join(vaultDir(), "blobs");
  for (const blob of fs.readdirSync(blobs).filter((f) => f.endsWith(".age"))) {
    const bytes = fs.readFileSync(path.join(blobs, blob));
    bytes[bytes.length - 30] ^= 0x55;
    fs.writeFileSync(path.join(blobs, blob), bytes);
  }
  await openCase("Defensive asylum");
  await s.click('[data-testid="view-document"]');
  await s.waitFor('[data-testid="viewer"] [role="alert"]');
  await shot("07b-damaged-attachment");
  await s.keys([{ type: "keyDown", value: "\uE00C" }, { type: "keyUp", value: "\uE00C" }]); // Escape
  await s.click('[data-testid="nav-dashboard"]');
  await s.waitFor('[data-testid="dashboard"]');
});

test("switch to Spanish without a restart", async () => {
  await s.click('[data-testid="nav-settings"]');
  await s.execute(
    "const el = document.querySelector('#settings-language'); el.value = 'es'; el.dispatchEvent(new Event('change', {bubbles: true}));",
  );
  await s.click('[data-testid="save-settings"]');
  await s.waitUntil("return document.documentElement.lang === 'es'");
  const nav = await s.text('[data-testid="nav-cases"]');
  assert.match(nav, /Casos|Expedientes/);
  await shot("08-settings-es");
  await s.click('[data-testid="nav-cases"]');
  await s.waitFor('[data-testid="case-row"]');
  await shot("09-cases-es");
});

test("back up, travel without the vault, and restore it after the trip", async () => {
  const backup = path.join(fixtures, "backup.age");
  answerDialogs({ save: backup });
  await s.click('[data-testid="nav-backup"]');
  await s.click('[data-testid="backup-now"]');
  await s.waitUntil(
    "const r = document.querySelector('[data-testid=backup-result]'); return !r.querySelector('.spinner') && r.textContent.trim().length > 0",
  );
  assert.ok(fs.statSync(backup).size > 0);
  await shot("10-backup");

  const travel = path.join(fixtures, "travel.age");
  answerDialogs({ save: travel });
  await s.click('[data-testid="travel-start"]');
  await s.waitFor('[data-testid="travel-dialog"]');
  assert.equal(await s.execute("return document.querySelector('[data-testid=confirm-ok]').disabled"), true, "not before the box is ticked");
  await s.click('[data-testid="travel-have-secret"]');
  await shot("11-travel-confirm");
  await s.click('[data-testid="confirm-ok"]');
  await s.waitFor('[data-testid="travel-done"]');
  await shot("12-travel-done");
  assert.equal(fs.existsSync(vaultDir()), false, "the vault is gone from this device");

  await s.click('[data-testid="restore-open"]');
  await s.type('[data-testid="restore-secret"]', PASSPHRASE);
  answerDialogs({ open: travel });
  await s.click('[data-testid="restore-confirm"]');
  await s.waitFor('[data-testid="dashboard"]');
  await openCase("Defensive asylum");
  await shot("13-restored");
});

test("a duress passphrase opens an empty vault; the real passphrase still opens the real one", async () => {
  const DURESS = "quiet harbor seven lanterns";
  await s.click('[data-testid="nav-settings"]');
  await s.waitFor('[data-testid="duress-warning"]');
  await s.type('[data-testid="duress-pass"]', DURESS);
  await s.type('[data-testid="duress-pass-again"]', DURESS);
  await s.click('[data-testid="duress-action-decoy"]');
  await s.click('[data-testid="duress-set"]');
  await s.waitUntil("return document.querySelector('[data-testid=duress-status]').dataset.duress === 'decoy'");
  await s.execute("document.querySelector('[data-testid=security-section]').scrollIntoView()");
  await shot("14a-security-settings");
  const vaultFiles = () =>
    fs.readdirSync(vaultDir(), { recursive: true }).filter((f) => !String(f).startsWith("vault.db-")).sort();
  await s.click('[data-testid="lock"]');
  await s.waitFor("#unlock-passphrase");
  // Taken once locked: closing the database folds its write-ahead log into vault.db.
  const before = vaultFiles().map((f) => [f, fs.statSync(path.join(vaultDir(), f)).size]);

  await s.type("#unlock-passphrase", DURESS);
  await s.click('[data-testid="unlock"]');
  await s.waitFor('[data-testid="dashboard"]');
  await s.click('[data-testid="nav-cases"]');
  await s.waitFor('[data-testid="case-total"]');
  await sleep(500);
  assert.equal(await s.execute("return document.querySelectorAll('[data-testid=case-row]').length"), 0, "an empty vault");
  const leaked = await s.execute("return document.body.innerText.includes(arguments[0])", [NAME_CANARY]);
  assert.equal(leaked, false, "nothing of the real vault is shown");
  await shot("14b-duress-empty-vault");
  await s.click('[data-testid="lock"]');
  await s.waitFor("#unlock-passphrase");
  assert.deepEqual(
    vaultFiles().map((f) => [f, fs.statSync(path.join(vaultDir(), f)).size]),
    before,
    "the real vault's files are as they were",
  );

  await s.type("#unlock-passphrase", PASSPHRASE);
  await s.click('[data-testid="unlock"]');
  await s.waitFor('[data-testid="dashboard"]');
  await openCase("Defensive asylum");
  await s.click('[data-testid="nav-settings"]');
  await s.waitUntil("return document.querySelector('[data-testid=duress-status]').dataset.duress === 'decoy'");
  await s.click('[data-testid="duress-clear"]');
  await s.click('[data-testid="confirm-ok"]');
  await s.waitUntil("return document.querySelector('[data-testid=duress-status]').dataset.duress === 'none'");
});

test("the panic wipe counts down, can be cancelled, and wipes the vault when it runs out", async () => {
  await s.click('[data-testid="nav-settings"]');
  await s.click('[data-testid="panic-wipe"]');
  await s.waitFor('[data-testid="panic-dialog"]');
  await shot("14-panic-countdown");
  await s.click('[data-testid="panic-cancel"]');
  await s.waitUntil("return !document.querySelector('[data-testid=panic-dialog]')");
  await new Promise((r) => setTimeout(r, 6000));
  assert.ok(fs.existsSync(path.join(vaultDir(), "keyslots")), "cancelled in time: the vault is intact");

  await s.click('[data-testid="panic-wipe"]');
  await s.waitFor('[data-testid="wiped-done"]');
  await shot("15-wiped");
  assert.equal(fs.existsSync(vaultDir()), false, "the vault is gone");

  // A new, empty vault, so the checks that follow still see the app at work.
  await createVaultFromFirstRunScreen();
});

test("after the chosen number of wrong passphrases the vault erases itself, saying how many tries are left", async () => {
  await s.click('[data-testid="nav-settings"]');
  await s.waitFor('[data-testid="failed-unlock-toggle"]');
  await s.click('[data-testid="failed-unlock-toggle"]');
  await s.type('[data-testid="failed-unlock-number"]', "2");
  await s.click('[data-testid="failed-unlock-show"]');
  await s.click('[data-testid="failed-unlock-save"]');
  await s.waitUntil("return document.querySelector('[data-testid=failed-unlock-status]').textContent.includes('2')");
  const slots = fs.readFileSync(path.join(vaultDir(), "keyslots"));
  assert.equal(slots.readUInt16LE(40), 2, "the policy is in the key-slot file");

  await s.click('[data-testid="lock"]');
  await s.type("#unlock-passphrase", "a wrong guess");
  await s.click('[data-testid="unlock"]');
  await s.waitUntil("const e = document.querySelector('[data-tries-left]'); return e && e.dataset.triesLeft === '1'");
  await shot("15a-one-try-left");
  assert.ok(fs.existsSync(path.join(vaultDir(), "keyslots")));
  await s.type("#unlock-passphrase", "another wrong guess");
  await s.click('[data-testid="unlock"]');
  await s.waitFor('[data-testid="wiped-done"][data-reason="failed-unlocks"]');
  await shot("15b-wiped-after-failed-unlocks");
  assert.equal(fs.existsSync(vaultDir()), false, "the vault is gone");

  // A new vault again, for the checks that follow.
  await createVaultFromFirstRunScreen();
});

test("nothing of the client reaches the disk in plaintext", async () => {
  await s.end();
  s = null;
  await driver();
  driver = null;
  const canaries = [NAME_CANARY, "Canario-E2E", NOTE_CANARY].flatMap((c) => [
    Buffer.from(c, "utf8"),
    Buffer.from(c, "utf16le"),
  ]);
  const scanned = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) scanned.push(p);
    }
  };
  for (const d of Object.values(dirs)) walk(d);
  // The bundles, backup and travel file written during the run: encrypted, so no canary either.
  for (const f of ["backup.age", "travel.age", "from-colleague-1.age", "from-colleague-2.age", "report.csv"]) {
    scanned.push(path.join(fixtures, f));
  }
  // Files anyone wrote to the system temp dir during the run.
  for (const e of fs.readdirSync("/tmp", { withFileTypes: true })) {
    const p = path.join("/tmp", e.name);
    try {
      if (e.isFile() && fs.statSync(p).mtimeMs >= startedAt) scanned.push(p);
    } catch {
      // Gone meanwhile.
    }
  }
  assert.ok(scanned.some((p) => p.endsWith("vault.db")), "the vault was written where expected");
  for (const p of scanned) {
    let bytes;
    try {
      bytes = fs.readFileSync(p);
    } catch {
      continue;
    }
    for (const c of canaries) {
      assert.equal(bytes.indexOf(c), -1, `canary found in plaintext in ${p}`);
    }
  }
});

/** Socket calls of one strace log that touch IPv4 or IPv6. */
function inetCalls(log) {
  return log.split("\n").filter((l) => /AF_INET6?\b/.test(l));
}

test("during the session the only IP traffic is WebDriver's own automation channel", () => {
  // WebKitGTK's automation (what WebDriver drives) talks over a loopback TCP socket whose address
  // WebKitWebDriver hands the app in WEBKIT_INSPECTOR_SERVER. That socket exists only under
  // WebDriver; every other IPv4/IPv6 socket, bind or connect fails the test.
  const inspector = fs.readFileSync(inspectorFile, "utf8").trim();
  const [host, port] = inspector.split(":");
  assert.match(inspector, /^127\.0\.0\.1:\d+$/);
  const log = fs.readFileSync(straceLog, "utf8");
  assert.ok(/socket\(AF_UNIX/.test(log), "strace recorded the app's socket calls");
  const calls = inetCalls(log);
  assert.ok(calls.every((l) => !/AF_INET6/.test(l)), `IPv6 sockets: ${calls.join("\n")}`);
  const addressed = calls.filter((l) => /(connect|bind)\(/.test(l));
  const created = calls.filter((l) => /socket\(AF_INET/.test(l));
  const automation = `sin_port=htons(${port}), sin_addr=inet_addr("${host}")`;
  assert.deepEqual(addressed.filter((l) => !l.includes(automation)), [], "connections other than WebDriver's");
  assert.ok(created.length <= addressed.length, `IPv4 sockets not used for automation:\n${created.join("\n")}`);
});

test("started on its own, the app opens no IPv4 or IPv6 socket at all", async () => {
  const log = path.join(run, "strace-standalone.log");
  const env = { ...process.env, ...dirs, AMPARO_INSECURE_TEST_KDF: "1" };
  delete env.TAURI_WEBVIEW_AUTOMATION;
  delete env.WEBKIT_INSPECTOR_SERVER;
  const { stop } = spawnGroup("strace", ["-f", "-qq", "-e", "trace=socket,connect,bind", "-o", log, app], {
    env,
    stdio: "ignore",
  });
  await sleep(8000);
  await stop();
  const text = fs.readFileSync(log, "utf8");
  assert.ok(/socket\(AF_UNIX/.test(text), "the app started and talked to the X server");
  assert.deepEqual(inetCalls(text), []);
});
