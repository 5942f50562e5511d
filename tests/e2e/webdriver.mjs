// A minimal W3C WebDriver client (Node 20's fetch, no dependencies) for driving the real Amparo
// window through tauri-driver. Only what the end-to-end tests use.

import net from "node:net";
import { spawn } from "node:child_process";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** `args` go to the application's command line (e.g. MiniBrowser's --automation). */
  static async start(base, application, env = {}, args = []) {
    const body = {
      capabilities: {
        alwaysMatch: {
          "tauri:options": { application, env, args },
        },
      },
    };
    const value = await call(base, "POST", "/session", body, 120_000);
    return new Session(base, value.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async end() {
    try {
      await this.cmd("DELETE", "");
    } catch {
      // The app may already be gone.
    }
  }

  async find(css) {
    const v = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return v[ELEMENT];
  }

  async findAll(css) {
    const v = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return v.map((e) => e[ELEMENT]);
  }

  /** Wait until `css` matches a displayed element; returns it. */
  async waitFor(css, timeoutMs = 20_000) {
    const until = Date.now() + timeoutMs;
    let last;
    while (Date.now() < until) {
      try {
        const el = await this.find(css);
        if (await this.cmd("GET", `/element/${el}/displayed`)) return el;
      } catch (e) {
        last = e;
      }
      await sleep(150);
    }
    throw new Error(`timed out waiting for ${css}${last ? `: ${last.message}` : ""}`);
  }

  /** Wait until `fn()` (run in the page) returns truthy. */
  async waitUntil(script, args = [], timeoutMs = 20_000, what = script) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const v = await this.execute(script, args);
      if (v) return v;
      await sleep(150);
    }
    throw new Error(`timed out waiting for: ${what}`);
  }

  async click(css) {
    const el = await this.waitFor(css);
    await this.cmd("POST", `/element/${el}/click`, {});
  }

  /**
   * Clear the field and type `text`. A re-render can replace the element between finding it and
   * typing (WebKitWebDriver then answers "unknown error": seen once right after the wipe screen
   * switched language); it is found again and typed afresh, up to three times.
   */
  async type(css, text) {
    for (let attempt = 1; ; attempt++) {
      const el = await this.waitFor(css);
      try {
        await this.cmd("POST", `/element/${el}/clear`, {});
        await this.cmd("POST", `/element/${el}/value`, { text });
        return;
      } catch (e) {
        if (attempt >= 3) throw e;
        await sleep(200);
      }
    }
  }

  async text(css) {
    const el = await this.waitFor(css);
    return this.cmd("GET", `/element/${el}/text`);
  }

  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Send keys to the focused element (e.g. "\uE009k" for Ctrl+K, with a key-up of Ctrl). */
  async keys(actions) {
    await this.cmd("POST", "/actions", {
      actions: [{ type: "key", id: "kbd", actions }],
    });
    await this.cmd("DELETE", "/actions");
  }

  async screenshot() {
    return Buffer.from(await this.cmd("GET", "/screenshot"), "base64");
  }
}

async function call(base, method, path, body, timeoutMs = 60_000) {
  const res = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || (json.value && json.value.error)) {
    const err = json.value || {};
    throw new Error(`${method} ${path}: ${err.error || res.status} ${err.message || ""}`.trim());
  }
  return json.value;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free loopback port (so two runs on one machine never collide). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Start a command in its own process group; `stop()` ends the whole group (the command and
 * everything it started: WebKitWebDriver, the app, WebKit's helper processes), so no process
 * outlives the run and keeps the test runner waiting.
 */
export function spawnGroup(cmd, args, options) {
  const child = spawn(cmd, args, { ...options, detached: true });
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // Already gone.
    }
  };
  const stop = async () => {
    signal("SIGTERM");
    await sleep(1500);
    signal("SIGKILL");
  };
  return { child, stop };
}

/**
 * Start tauri-driver on free loopback ports and wait until it answers. Its output (and the app's)
 * goes to `output`: this process's own, or a file descriptor.
 */
export async function startDriver(env, output = "inherit") {
  const port = await freePort();
  const nativePort = await freePort();
  const { child, stop } = spawnGroup("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env,
    stdio: ["ignore", output, output],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base}/status`)).ok) break;
    } catch {
      await sleep(100);
    }
  }
  return { base, stop };
}
