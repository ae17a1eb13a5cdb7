// Headless Chromium driven through the DevTools protocol over a pipe (--remote-debugging-pipe:
// JSON messages ending in a NUL byte, written to the browser's fd 3 and read from its fd 4),
// so no WebSocket client is needed in Node 20.

import { spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function chromiumPath() {
  return process.env.CHROMIUM ?? "chromium";
}

export class Browser extends EventEmitter {
  static launch({ width = 1280, height = 800 } = {}) {
    const profile = mkdtempSync(join(tmpdir(), "tickwire-chromium-"));
    const child = spawn(chromiumPath(), [
      "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
      "--no-first-run", "--no-default-browser-check", "--disable-extensions",
      "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
      "--disable-backgrounding-occluded-windows", `--window-size=${width},${height}`,
      `--user-data-dir=${profile}`, "about:blank",
    ], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
    return new Browser(child, profile);
  }

  constructor(child, profile) {
    super();
    this.child = child;
    this.profile = profile;
    this.nextId = 1;
    this.pending = new Map();
    this.stderr = "";
    let buffered = "";
    child.stdio[4].on("data", (chunk) => {
      buffered += chunk.toString("utf8");
      let end;
      while ((end = buffered.indexOf("\0")) >= 0) {
        this.receive(JSON.parse(buffered.slice(0, end)));
        buffered = buffered.slice(end + 1);
      }
    });
    child.stderr.on("data", (chunk) => { this.stderr = (this.stderr + chunk).slice(-4000); });
    this.exited = new Promise((resolve) => child.on("exit", resolve));
    child.on("exit", (code, signal) => {
      for (const { reject } of this.pending.values()) reject(new Error(`chromium exited (${code ?? signal}): ${this.stderr}`));
      this.pending.clear();
    });
  }

  receive(message) {
    if (message.id !== undefined) {
      const call = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) call?.reject(new Error(`${call.method}: ${message.error.message}`));
      else call?.resolve(message.result);
    } else {
      this.emit(message.method, message.params, message.sessionId);
    }
  }

  /** Sends a command (to a page when `sessionId` is given) and resolves with its result. */
  send(method, params = {}, sessionId) {
    const id = this.nextId++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.child.stdio[3].write(JSON.stringify(message) + "\0");
    });
  }

  /** Opens `url` in a new tab and returns a Page attached to it. */
  async open(url) {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    const page = new Page(this, sessionId);
    await Promise.all([page.send("Runtime.enable"), page.send("Log.enable"), page.send("Page.enable")]);
    await page.send("Page.navigate", { url });
    return page;
  }

  /** Asks Chromium to quit (SIGKILL if it takes over 5 s), then removes its profile. */
  async close() {
    const killer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    this.send("Browser.close").catch(() => this.child.kill("SIGKILL"));
    await this.exited;
    clearTimeout(killer);
    try {
      // Chromium's helper processes may still be letting go of the profile for a moment.
      rmSync(this.profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    } catch (error) {
      console.warn(`could not remove ${this.profile}: ${error.message}`);
    }
  }
}

/** One tab: commands, its console and exceptions collected as problems. */
export class Page {
  constructor(browser, sessionId) {
    this.browser = browser;
    this.sessionId = sessionId;
    this.problems = [];
    this.console = [];
    const mine = (handler) => (params, sessionId) => { if (sessionId === this.sessionId) handler(params); };
    browser.on("Runtime.consoleAPICalled", mine(({ type, args }) => {
      const text = args.map((arg) => arg.value ?? arg.description ?? "").join(" ");
      this.console.push(`${type}: ${text}`);
      if (type === "error" || type === "assert") this.problems.push(`console.${type}: ${text}`);
    }));
    browser.on("Runtime.exceptionThrown", mine(({ exceptionDetails }) => {
      this.problems.push(`exception: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    }));
    browser.on("Log.entryAdded", mine(({ entry }) => {
      if (entry.level === "error") this.problems.push(`log: ${entry.text} ${entry.url ?? ""}`);
    }));
  }

  send(method, params = {}) {
    return this.browser.send(method, params, this.sessionId);
  }

  /** The value of a JavaScript expression in the page (awaited if it is a promise). */
  async evaluate(expression) {
    const { result, exceptionDetails } = await this.send("Runtime.evaluate", {
      expression, returnByValue: true, awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  }

  /** Polls `expression` until it is truthy; throws after `timeoutMs` naming `what`. */
  async waitFor(expression, what, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.evaluate(expression);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await this.evaluate("new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)))");
    }
  }

  async key(type, key, code, keyCode) {
    await this.send("Input.dispatchKeyEvent", { type, key, code, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode });
  }

  async mouse(type, x, y) {
    await this.send("Input.dispatchMouseEvent", { type, x, y, button: type === "mouseMoved" ? "none" : "left", clickCount: 1 });
  }

  async screenshot() {
    const { data } = await this.send("Page.captureScreenshot", { format: "png" });
    return Buffer.from(data, "base64");
  }
}
