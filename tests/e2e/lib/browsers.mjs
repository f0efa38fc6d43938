// Shared helpers of the browser tests and the demo: where things are, launching Chromium
// (playwright-core) and Firefox ESR (selenium-webdriver + geckodriver) with the extension, and
// reading Vigie's test hooks (/tmp/contract.md "Test hooks", README "Test hooks").
//
// Nothing here downloads a browser or a driver: Chromium is /usr/bin/chromium (or $CHROMIUM),
// Firefox is /usr/bin/firefox-esr (or $FIREFOX), geckodriver comes from $GECKODRIVER, $PATH or
// ~/.cargo/bin. A missing browser, driver or build is an error with a clear message, never a skip.

import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '..', '..', '..');
// Where `make build` writes the unpacked extensions; VIGIE_EXTENSION_BUILD points elsewhere
// (e.g. a private build made with extension/tools/build.mjs --out DIR).
export const EXTENSION_BUILD = process.env.VIGIE_EXTENSION_BUILD ? resolve(process.env.VIGIE_EXTENSION_BUILD) : join(REPO, 'target', 'extension');
export const ARTIFACTS = join(REPO, 'target', 'test-artifacts');
export const SAMPLES = join(REPO, 'tests', 'samples');
export const E2E_FIXTURES = join(REPO, 'tests', 'e2e', 'fixtures');

// The dev tools (playwright-core, selenium-webdriver) are installed in extension/node_modules.
const requireDev = createRequire(join(REPO, 'extension', 'package.json'));
export function devModule(name) {
  try {
    return requireDev(name);
  } catch (e) {
    throw new Error(`${name} is not installed: run \`npm ci --prefix extension\` (or \`make setup\`). (${e.message})`);
  }
}

/** The unpacked extension `name` (chrome, chrome-test, firefox, firefox-test), built by `make build`. */
export function extensionDir(name) {
  const dir = join(EXTENSION_BUILD, name);
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`${dir}/manifest.json is missing: run \`make build\` first${process.env.VIGIE_EXTENSION_BUILD ? ' (VIGIE_EXTENSION_BUILD is set)' : ''}`);
  }
  return dir;
}

/** The extension's messages for a locale, as chrome.i18n.getMessage would return them (no placeholders). */
export function extensionMessages(name, locale) {
  const file = join(extensionDir(name), '_locales', locale, 'messages.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: the extension has no "${locale}" translation`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** tests/samples/EXPECTED.tsv → [{file, id, verdict, why}]. */
export function expectedVerdicts() {
  const rows = readFileSync(join(SAMPLES, 'EXPECTED.tsv'), 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const [head, ...rest] = rows;
  if (!/^file\tverdict\t/.test(head)) throw new Error(`EXPECTED.tsv: unexpected header ${JSON.stringify(head)}`);
  return rest.map((line) => {
    const [file, verdict, why = ''] = line.split('\t');
    return { file, id: file.replace(/\.eml$/, ''), verdict, why };
  });
}

/** target/test-artifacts/<sub>/, created. */
export function artifactDir(sub) {
  const dir = join(ARTIFACTS, sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function which(name) {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    if (d && executable(join(d, name))) return join(d, name);
  }
  return null;
}

export function chromiumPath() {
  const p = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!executable(p)) throw new Error(`Chromium not found at ${p}: install the Debian package \`chromium\` (or set CHROMIUM)`);
  return p;
}

export function firefoxPath() {
  const p = process.env.FIREFOX || '/usr/bin/firefox-esr';
  if (!executable(p)) throw new Error(`Firefox not found at ${p}: install the Debian package \`firefox-esr\` (or set FIREFOX)`);
  return p;
}

export function geckodriverPath() {
  const candidates = [process.env.GECKODRIVER, which('geckodriver'), join(homedir(), '.cargo', 'bin', 'geckodriver')];
  const p = candidates.find((c) => c && executable(c));
  if (!p) throw new Error('geckodriver not found in $GECKODRIVER, $PATH or ~/.cargo/bin: run `cargo install geckodriver --locked`');
  return p;
}

// Chromium flags of the contract; extensions are loaded with --load-extension.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

/**
 * Chromium with an unpacked extension in a throwaway profile.
 * @param {object} o
 * @param {string} o.extension  unpacked extension directory
 * @param {boolean} [o.headless]  default true
 * @param {string} [o.lang]  UI language (`--lang`); drives chrome.i18n.getMessage
 * @param {string} [o.locale]  page locale (navigator.language, Accept-Language)
 * @param {{width:number,height:number}} [o.viewport]
 * @param {string[]} [o.args]  more Chromium flags
 * @param {boolean} [o.handleSignals]  let Playwright close the browser and exit on Ctrl-C (default true)
 * @returns {Promise<{context: any, worker: any, extensionId: string, close: () => Promise<void>}>}
 */
export async function launchChromium({ extension, headless = true, lang, locale, viewport = { width: 1280, height: 860 }, args = [], handleSignals = true }) {
  const { chromium } = devModule('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'vigie-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless,
      locale,
      // Playwright's own Ctrl-C handler exits the process; the demo handles signals itself.
      handleSIGINT: handleSignals,
      handleSIGTERM: handleSignals,
      handleSIGHUP: handleSignals,
      viewport: headless ? viewport : null,
      args: [
        `--disable-extensions-except=${extension}`,
        `--load-extension=${extension}`,
        ...CHROMIUM_ARGS,
        ...(lang ? [`--lang=${lang}`] : []),
        ...args,
      ],
    });
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15000 }));
    const extensionId = new URL(worker.url()).host;
    return {
      context,
      worker,
      extensionId,
      close: async () => {
        await context.close().catch(() => {});
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context?.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
    if (/serviceworker/i.test(String(e.message))) {
      throw new Error(`the extension's service worker did not start in Chromium (${extension}): ${e.message}`);
    }
    throw e;
  }
}

/**
 * Serves `https://mail.google.com/**` from the demo webmail `srv` (same path, same headers,
 * including its strict CSP), so the production build's content script runs on the real URL.
 */
export async function routeGmail(context, srv) {
  await context.route('https://mail.google.com/**', async (route) => {
    const u = new URL(route.request().url());
    try {
      const res = await fetch(`${srv.origin}${u.pathname}${u.search}`, { redirect: 'manual' });
      const headers = {};
      res.headers.forEach((v, k) => {
        if (!['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'date'].includes(k)) headers[k] = v;
      });
      await route.fulfill({ status: res.status, headers, body: Buffer.from(await res.arrayBuffer()) });
    } catch (e) {
      await route.abort('failed').catch(() => {});
      throw e;
    }
  });
}

/**
 * Firefox ESR with an unpacked extension installed as a temporary add-on.
 * @returns {Promise<{driver: any, addonId: string, close: () => Promise<void>}>}
 */
export async function launchFirefox({ extension, headless = true, prefs = {} }) {
  const { Builder } = devModule('selenium-webdriver');
  const firefox = devModule('selenium-webdriver/firefox');
  const opts = new firefox.Options().setBinary(firefoxPath());
  if (headless) opts.addArguments('-headless');
  opts.windowSize({ width: 1280, height: 860 });
  for (const [k, v] of Object.entries(prefs)) opts.setPreference(k, v);
  const service = new firefox.ServiceBuilder(geckodriverPath());
  const driver = await new Builder().forBrowser('firefox').setFirefoxOptions(opts).setFirefoxService(service).build();
  try {
    const addonId = await driver.installAddon(extension, true);
    return { driver, addonId, close: () => driver.quit().catch(() => {}) };
  } catch (e) {
    await driver.quit().catch(() => {});
    throw new Error(`could not install ${extension} in Firefox: ${e.message}`);
  }
}

// ---------------------------------------------------------------- page-side probes
// These functions run in the page (Playwright `evaluate`, WebDriver `executeScript`): they must
// be self-contained.

/**
 * The state of the opened message: its real body (the div.a3s of the first message container,
 * found by structure, never by what a mail could fake), `data-vigie-checked` on it, and the real
 * banner (`body.previousElementSibling`, a <vigie-banner> outside the body).
 */
export function messageStateInPage() {
  const container = document.querySelector('div.adn[data-message-id]');
  const body = container && container.querySelector(':scope > div.gs > div.ii.gt > div.a3s');
  if (!body) return { opened: false };
  const prev = body.previousElementSibling;
  const banner = prev && prev.localName === 'vigie-banner' ? prev : null;
  const rect = banner ? banner.getBoundingClientRect() : null;
  const outside = Array.from(document.querySelectorAll('vigie-banner')).filter((b) => !body.contains(b));
  return {
    opened: true,
    messageId: container.getAttribute('data-message-id'),
    checked: body.getAttribute('data-vigie-checked'),
    banner: banner && {
      verdict: banner.getAttribute('data-vigie-verdict'),
      findings: (banner.getAttribute('data-vigie-findings') || '').split(/\s+/).filter(Boolean),
      message: banner.getAttribute('data-vigie-message'),
      insideBody: body.contains(banner),
      width: Math.round(rect.width),
      height: Math.round(rect.height),
    },
    bannersOutsideBody: outside.length,
    links: Array.from(body.querySelectorAll('a[href], area[href]'), (a) => ({
      tag: a.localName,
      href: a.getAttribute('href'),
      mark: a.getAttribute('data-vigie-link'),
    })),
  };
}

/**
 * Playwright: opens `url` in a new page and waits for the message to be checked. On failure the
 * error carries the page (`err.page`) so the caller can screenshot and close it.
 */
export async function openAndCheck(context, url, { timeout = 20000 } = {}) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(url);
    await page.waitForFunction(
      () => {
        const c = document.querySelector('div.adn[data-message-id]');
        const b = c && c.querySelector(':scope > div.gs > div.ii.gt > div.a3s');
        return b && b.hasAttribute('data-vigie-checked');
      },
      null,
      { timeout, polling: 50 },
    );
  } catch (e) {
    const state = await page.evaluate(messageStateInPage).catch(() => null);
    const err = new Error(
      `no data-vigie-checked on the message body after ${timeout} ms at ${url}: ${JSON.stringify(state)}` +
        `${errors.length ? `; page errors: ${errors.join(' | ')}` : ''} (${e.message.split('\n')[0]})`,
    );
    err.page = page;
    throw err;
  }
  const state = await page.evaluate(messageStateInPage);
  return { page, state, errors };
}

/** A one-line description of a state, for assertion messages. */
export function describe(state) {
  if (!state?.opened) return 'message not opened';
  const b = state.banner ? `banner ${state.banner.verdict} [${state.banner.findings.join(' ')}]` : 'no banner';
  return `checked=${state.checked}, ${b}`;
}

/** Asserts the contract's outcome for an expected verdict; returns a list of problems (empty when fine). */
export function verdictProblems(state, expected) {
  const problems = [];
  if (!state?.opened) return ['the message was not opened'];
  if (expected === 'ok') {
    if (state.checked !== 'ok') problems.push(`data-vigie-checked is ${JSON.stringify(state.checked)}, expected "ok"`);
    if (state.banner) problems.push(`a ${state.banner.verdict} banner is shown for a mail expected ok (findings: ${state.banner.findings.join(' ')})`);
  } else {
    if (state.checked !== expected) problems.push(`data-vigie-checked is ${JSON.stringify(state.checked)}, expected ${JSON.stringify(expected)}`);
    if (!state.banner) problems.push(`no <vigie-banner> before the body, expected a ${expected} banner`);
    else {
      if (state.banner.verdict !== expected) problems.push(`banner verdict ${state.banner.verdict}, expected ${expected}`);
      if (state.banner.insideBody) problems.push('the banner is inside the message body');
      if (!state.banner.width || !state.banner.height) problems.push(`the banner has no size (${state.banner.width}x${state.banner.height})`);
    }
  }
  if (state.bannersOutsideBody > 1) problems.push(`${state.bannersOutsideBody} banners outside the body, expected at most one`);
  return problems;
}

/**
 * Chromium only: the text of the closed shadow root of the first `tag` element, through CDP
 * `DOM.getDocument({depth: -1, pierce: true})` (closed roots are returned there).
 */
export async function closedShadowText(page, tag) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    let host = null;
    const find = (n) => {
      if (host) return;
      if (n.localName === tag) {
        host = n;
        return;
      }
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? []), ...(n.contentDocument ? [n.contentDocument] : [])]) find(c);
    };
    find(root);
    if (!host) return null;
    const texts = [];
    const collect = (n) => {
      if (n.nodeType === 3) texts.push(n.nodeValue);
      if (n.localName === 'style' || n.localName === 'script') return;
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) collect(c);
    };
    const shadow = host.shadowRoots?.[0];
    if (!shadow) return { mode: null, text: '' };
    collect(shadow);
    return { mode: shadow.shadowRootType, text: texts.join(' ').replace(/\s+/g, ' ').trim() };
  } finally {
    await cdp.detach().catch(() => {});
  }
}
