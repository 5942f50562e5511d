// Photographs the main screens of the real app in English and Spanish (see scripts/screenshots).
import fs from "node:fs";
import path from "node:path";
import { Session, sleep, startDriver } from "../tests/e2e/webdriver.mjs";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "docs/screenshots");
fs.mkdirSync(out, { recursive: true });
const { base, stop } = await startDriver(process.env);
const s = await Session.start(base, path.join(root, "target/debug/amparo-desktop"));
const shot = async (name) => {
  await sleep(700);
  fs.writeFileSync(path.join(out, `${name}.png`), await s.screenshot());
};
const setLanguage = async (lang) => {
  await s.click('[data-testid="nav-settings"]');
  await s.execute(
    "const el = document.querySelector('#settings-language'); el.value = arguments[0]; el.dispatchEvent(new Event('change', {bubbles: true}));",
    [lang],
  );
  await s.click('[data-testid="save-settings"]');
  await s.waitUntil("return document.documentElement.lang === arguments[0]", [lang]);
};
const openCase = async () => {
  await s.click('[data-testid="nav-cases"]');
  await s.type("#case-filter-text", "Ochoa defensive");
  await sleep(600);
  await s.click('[data-testid="case-row"]');
  await s.waitFor('[data-testid="case-title"]');
};

try {
  await s.waitFor("#unlock-passphrase");
  await shot("en-unlock");
  await s.type("#unlock-passphrase", "demo passphrase for screenshots");
  await s.click('[data-testid="unlock"]');
  await s.waitFor('[data-testid="reminders-panel"]');
  await shot("en-reminders");
  await s.click('[data-testid="reminders-ok"]');
  await s.waitFor('[data-testid="dashboard"]');
  for (const lang of ["en", "es"]) {
    await setLanguage(lang);
    await s.click('[data-testid="nav-dashboard"]');
    await s.waitFor('[data-testid="dashboard"]');
    await shot(`${lang}-dashboard`);
    await s.click('[data-testid="nav-cases"]');
    await s.waitFor('[data-testid="case-row"]');
    await shot(`${lang}-cases`);
    await openCase();
    await shot(`${lang}-case`);
    await s.click('[data-testid="nav-calendar"]');
    await s.waitFor('[data-testid="calendar-item"]');
    await shot(`${lang}-calendar`);
    await openCase();
    await s.click('[data-testid="party"]');
    await s.waitFor('[data-testid="person-name"]');
    await shot(`${lang}-person`);
    await s.click('[data-testid="nav-intake"]');
    await s.waitFor("#intake-name");
    await shot(`${lang}-intake`);
    await s.click('[data-testid="nav-search"]');
    await s.type("#global-search", "ochoa");
    await s.waitUntil("return document.querySelectorAll('[data-testid=search-result]').length > 0");
    await shot(`${lang}-search`);
    await s.keys([{ type: "keyDown", value: "\uE00C" }, { type: "keyUp", value: "\uE00C" }]);
    await s.click('[data-testid="nav-about"]');
    await shot(`${lang}-about`);
  }
  await s.click('[data-testid="lock"]');
  await s.waitFor("#unlock-passphrase");
  await shot("es-unlock");
} catch (e) {
  fs.writeFileSync(path.join(root, "target/screenshot-failure.png"), await s.screenshot());
  throw e;
} finally {
  await s.end();
  await stop();
}
