// Two browser sessions with the same small interface, so that the Roundcube test is
// written once: Chromium through playwright-core, Firefox through selenium-webdriver and
// a geckodriver we start ourselves (so we know its PID).
//
// Page-world functions passed to `eval(fn, arg)` must be self-contained (they are
// serialised), take one argument and may be async.
//
// Adding a webmail host "the way a user would": open the extension's options page, type
// the origin in "Added webmails", click Add, grant the permission. How the grant is made
// differs (see NOTES.md "Granting the host permission"):
//   Firefox: the real permission doorhanger is shown; we click its "Allow" button in the
//            browser chrome (geckodriver --allow-system-access, chrome context).
//   Chromium: the permission dialog is a native views dialog that nothing can click in
//            headless Chromium, so permissions.request() would wait forever. The host is
//            granted first on chrome://extensions with the page's own API
//            (chrome.developerPrivate.addHostPermission, what its "Site access" controls
//            call); the options page's request() then resolves true without a dialog.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, freePort, spawnTracked, findExecutable, sleep, ensureDir } from './lib.mjs';

const require = createRequire(join(REPO, 'extension', 'package.json'));

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX_BIN || '/usr/bin/firefox-esr';
export const VIEWPORT = { width: 1400, height: 950 };
/** Fixed moz-extension UUID (pref extensions.webextensions.uuids) so the options URL is known. */
const FIREFOX_UUID = '3c1f0a52-6d1e-4b8e-9a44-7f2e0c9b5d11';

export function readManifest(extDir) {
  return JSON.parse(readFileSync(join(extDir, 'manifest.json'), 'utf8'));
}

/** "http://127.0.0.1:8080" → "http://127.0.0.1/*" (as extension/shared/settings.js originPattern). */
export function originPattern(origin) {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
}

/** Polls `fn(arg)` in the page until `pred(result)`; returns the last result (ok=false on timeout). */
async function pollPage(session, fn, arg, pred, timeoutMs, stepMs = 150) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await session.eval(fn, arg);
      lastError = undefined;
      if (pred(last)) return { ok: true, value: last };
    } catch (e) {
      lastError = e; // navigation in progress, frame replaced: try again
    }
    if (Date.now() > deadline) return { ok: false, value: last, error: lastError };
    await sleep(stepMs);
  }
}

// ------------------------------------------------------------------ options page helpers (page world)

function optionsState(origin) {
  const li = [...document.querySelectorAll('#webmailHosts .entries li')];
  const status = document.getElementById('webmailHosts-status');
  return {
    ready: Boolean(globalThis.vigieOptions),
    entries: li.map((e) => e.dataset.value),
    noAccess: li.filter((e) => e.querySelector('.badge')).map((e) => e.dataset.value),
    hasEntry: li.some((e) => e.dataset.value === origin),
    status: status?.textContent ?? '',
    statusError: Boolean(status?.classList.contains('error')),
  };
}

/** Diagnosis: what the background answers to the options page's registerHost message. */
async function registerHostReply(origin) {
  const api = globalThis.browser ?? globalThis.chrome;
  try {
    return JSON.stringify(await api.runtime.sendMessage({ type: 'registerHost', origin }));
  } catch (e) {
    return `sendMessage threw: ${e?.message ?? e}`;
  }
}

async function optionsIdle() {
  await globalThis.vigieOptions?.idle();
  return true;
}

// ------------------------------------------------------------------ Chromium

export class ChromiumSession {
  name = 'chromium';

  static async launch({ extDir, profileDir, logs = [] }) {
    const { chromium } = require('playwright-core');
    const s = new ChromiumSession();
    s.extDir = extDir;
    const args = [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
      '--lang=en-US',
    ];
    if (extDir) args.unshift(`--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`);
    s.ctx = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args,
      viewport: VIEWPORT,
      locale: 'en-US',
    });
    s.ctx.on('weberror', (e) => logs.push(`page error: ${e.error()}`));
    if (extDir) {
      const sw = s.ctx.serviceWorkers()[0] ?? (await s.ctx.waitForEvent('serviceworker', { timeout: 30000 }));
      s.worker = sw;
      s.extId = new URL(sw.url()).host;
      s.manifest = readManifest(extDir);
    }
    s.page = s.ctx.pages()[0] ?? (await s.ctx.newPage());
    s.page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') logs.push(`console ${m.type()}: ${m.text()}`);
    });
    return s;
  }

  get version() {
    return this.ctx.browser()?.version() ?? 'chromium';
  }

  /** The grant Chromium cannot show headless, made where a user manages site access. */
  async grantHost(origin) {
    const pattern = originPattern(origin);
    const p = await this.ctx.newPage();
    try {
      await p.goto(`chrome://extensions/?id=${this.extId}`);
      const info = await p.evaluate(
        async ({ id, host }) => {
          await chrome.developerPrivate.addHostPermission(id, host);
          const ext = await chrome.developerPrivate.getExtensionInfo(id);
          return ext.permissions?.runtimeHostPermissions ?? null;
        },
        { id: this.extId, host: pattern },
      );
      return { pattern, info };
    } finally {
      await p.close();
    }
  }

  async grantedOrigins() {
    return (await this.worker.evaluate(() => chrome.permissions.getAll())).origins;
  }

  optionsUrl() {
    return `chrome-extension://${this.extId}/${this.manifest.options_ui?.page ?? this.manifest.options_page}`;
  }

  /** Options page → "Added webmails" → type origin → Add. Returns the page's state after. */
  async addHost(origin) {
    const grant = await this.grantHost(origin);
    await this.page.goto(this.optionsUrl());
    await this.page.waitForFunction(() => Boolean(globalThis.vigieOptions));
    await this.page.evaluate(optionsIdle);
    await this.page.fill('#webmailHosts-input', origin);
    await this.page.click('#webmailHosts form.add button[type="submit"]');
    const settled = await pollPage(this, optionsState, origin, (st) => st.hasEntry && st.status !== '', 15000);
    await this.page.evaluate(optionsIdle);
    const state = await this.eval(optionsState, origin);
    const registerReply = state.statusError ? await this.eval(registerHostReply, origin) : undefined;
    return { ...state, timedOut: !settled.ok, prompt: 'none (granted on chrome://extensions first)', grant, registerReply };
  }

  async goto(url) {
    await this.page.goto(url, { waitUntil: 'load' });
  }

  eval(fn, arg) {
    return this.page.evaluate(fn, arg);
  }

  async fill(selector, value) {
    await this.page.fill(selector, value);
  }

  async click(selector) {
    await this.page.click(selector, { timeout: 10000 });
  }

  async dblclick(selector) {
    await this.page.dblclick(selector, { timeout: 10000 });
  }

  /** Real mouse over an element inside the iframe `frameSelector`. */
  async hoverInFrame(frameSelector, selector) {
    await this.page.frameLocator(frameSelector).locator(selector).first().hover({ timeout: 10000 });
  }

  async mouseAway() {
    await this.page.mouse.move(5, 5);
  }

  async screenshot(path) {
    await this.page.screenshot({ path });
  }

  async close() {
    await this.ctx?.close().catch(() => {});
  }
}

// ------------------------------------------------------------------ Firefox

export class FirefoxSession {
  name = 'firefox';

  static async launch({ extDir, baseDir, logs = [] }) {
    const { Builder, By, until } = require('selenium-webdriver');
    const firefox = require('selenium-webdriver/firefox');
    const gecko =
      process.env.GECKODRIVER || findExecutable('geckodriver', [join(process.env.HOME ?? '/root', '.cargo', 'bin')]);
    if (!gecko) throw new Error('geckodriver not found (PATH, ~/.cargo/bin, $GECKODRIVER)');
    const s = new FirefoxSession();
    s.By = By;
    s.until = until;
    s.extDir = extDir;
    const port = await freePort();
    const profileRoot = ensureDir(join(baseDir, 'firefox-profiles'));
    // Our own geckodriver: we know its PID; its Firefox profile lives under baseDir, so a
    // leftover Firefox is found by its command line and stopped by PID (lib.mjs cleanupAll).
    s.driverProc = spawnTracked(gecko, [
      '--host', '127.0.0.1',
      '--port', String(port),
      '--allow-system-access', // chrome context: to click the permission doorhanger
      '--profile-root', profileRoot,
    ]);
    const t0 = Date.now();
    for (;;) {
      if (s.driverProc.exitCode !== null) throw new Error(`geckodriver exited: ${s.driverProc.output()}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/status`);
        if (r.ok) break;
      } catch {
        /* not yet */
      }
      if (Date.now() - t0 > 20000) throw new Error(`geckodriver did not answer on ${port}: ${s.driverProc.output()}`);
      await sleep(100);
    }
    const opts = new firefox.Options()
      .setBinary(FIREFOX)
      .addArguments('-headless')
      .windowSize(VIEWPORT)
      .setPreference('intl.accept_languages', 'en-US')
      .setPreference('intl.locale.requested', 'en-US')
      .setPreference('browser.shell.checkDefaultBrowser', false)
      .setPreference('datareporting.policy.dataSubmissionEnabled', false);
    if (extDir) {
      s.manifest = readManifest(extDir);
      s.geckoId = s.manifest.browser_specific_settings?.gecko?.id;
      if (!s.geckoId) throw new Error(`${extDir}/manifest.json has no browser_specific_settings.gecko.id`);
      opts.setPreference('extensions.webextensions.uuids', JSON.stringify({ [s.geckoId]: FIREFOX_UUID }));
    }
    s.driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).forBrowser('firefox').setFirefoxOptions(opts).build();
    s.caps = await s.driver.getCapabilities();
    s.logs = logs;
    if (extDir) {
      const id = await s.driver.installAddon(extDir, true);
      if (id !== s.geckoId) logs.push(`installed add-on id ${id}, manifest says ${s.geckoId}`);
    }
    return s;
  }

  get version() {
    return `firefox ${this.caps?.get('browserVersion') ?? ''}`;
  }

  optionsUrl() {
    return `moz-extension://${FIREFOX_UUID}/${this.manifest.options_ui?.page ?? this.manifest.options_page}`;
  }

  /** Loads a privileged URL in the current tab (WebDriver refuses to navigate to moz-extension:). */
  async loadPrivileged(url) {
    await this.driver.setContext('chrome');
    try {
      await this.driver.executeScript(
        'gBrowser.fixupAndLoadURIString(arguments[0], {triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal()});',
        url,
      );
    } finally {
      await this.driver.setContext('content');
    }
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      try {
        if ((await this.driver.getCurrentUrl()).startsWith(url.split('#')[0]) && (await this.eval(() => document.readyState)) === 'complete') return;
      } catch {
        /* loading */
      }
      await sleep(100);
    }
    throw new Error(`could not open ${url}`);
  }

  /** The add-on permission doorhanger, if shown: {text} (and it is accepted when `accept`). */
  async permissionPrompt(accept) {
    await this.driver.setContext('chrome');
    try {
      return await this.driver.executeScript(
        `const n = document.getElementById('addon-webext-permissions-notification');
         if (!n || n.hidden || !n.closest('panel')?.state?.startsWith('open')) return null;
         const text = n.textContent.replace(/\\s+/g, ' ').trim();
         const items = [...n.querySelectorAll('li')].map((li) => li.textContent.replace(/\\s+/g, ' ').trim());
         if (arguments[0]) n.querySelector('.popup-notification-primary-button').click();
         return { text, items, button: n.querySelector('.popup-notification-primary-button')?.label ?? null };`,
        accept,
      );
    } finally {
      await this.driver.setContext('content');
    }
  }

  async grantedOrigins() {
    return this.eval(async () => (await browser.permissions.getAll()).origins);
  }

  async addHost(origin) {
    await this.loadPrivileged(this.optionsUrl());
    await pollPage(this, () => Boolean(globalThis.vigieOptions), null, Boolean, 10000);
    await this.eval(optionsIdle);
    const input = await this.driver.findElement(this.By.id('webmailHosts-input'));
    await input.clear();
    await input.sendKeys(origin);
    await this.driver.findElement(this.By.css('#webmailHosts form.add button[type="submit"]')).click();
    // Either the doorhanger asks (click its Allow, as the user would) or, for a host
    // already granted, the page goes on by itself.
    let prompt = null;
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      const p = await this.permissionPrompt(true);
      if (p) {
        prompt = p;
        break;
      }
      const st = await this.eval(optionsState, origin);
      if (st.hasEntry && st.status !== '') break;
      await sleep(150);
    }
    const settled = await pollPage(this, optionsState, origin, (st) => st.hasEntry && st.status !== '', 15000);
    await this.eval(optionsIdle);
    const state = await this.eval(optionsState, origin);
    const registerReply = state.statusError ? await this.eval(registerHostReply, origin) : undefined;
    return { ...state, timedOut: !settled.ok, prompt, registerReply };
  }

  async goto(url) {
    await this.driver.get(url);
  }

  eval(fn, arg) {
    return this.driver.executeScript(fn, arg);
  }

  async fill(selector, value) {
    const el = await this.driver.findElement(this.By.css(selector));
    await el.clear();
    await el.sendKeys(value);
  }

  async click(selector) {
    const el = await this.driver.wait(this.until.elementLocated(this.By.css(selector)), 10000);
    await el.click();
  }

  async dblclick(selector) {
    const el = await this.driver.wait(this.until.elementLocated(this.By.css(selector)), 10000);
    await this.driver.actions().doubleClick(el).perform();
  }

  async hoverInFrame(frameSelector, selector) {
    const frame = await this.driver.findElement(this.By.css(frameSelector));
    await this.driver.switchTo().frame(frame);
    try {
      const el = await this.driver.wait(this.until.elementLocated(this.By.css(selector)), 10000);
      await this.driver.executeScript('arguments[0].scrollIntoView({block: "center"})', el);
      await this.driver.actions().move({ origin: el }).perform();
    } finally {
      await this.driver.switchTo().defaultContent();
    }
  }

  async mouseAway() {
    await this.driver.actions().move({ x: 5, y: 5 }).perform();
  }

  async screenshot(path) {
    const png = await this.driver.takeScreenshot();
    writeFileSync(path, Buffer.from(png, 'base64'));
  }

  async close() {
    try {
      await this.driver?.quit();
    } catch {
      /* already gone */
    }
    if (this.driverProc && this.driverProc.exitCode === null) {
      this.driverProc.kill('SIGTERM');
      await Promise.race([new Promise((r) => this.driverProc.once('exit', r)), sleep(3000)]);
      if (this.driverProc.exitCode === null) this.driverProc.kill('SIGKILL');
    }
  }
}

export { pollPage };
