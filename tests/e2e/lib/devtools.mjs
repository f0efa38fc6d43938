// Helpers of the recovery, privacy, trust, scale tests and of the browser benchmark
// (Chromium through playwright-core and the DevTools protocol):
// - stopping the extension's service worker (CDP `ServiceWorker.stopAllWorkers`) and watching
//   it start again;
// - an extension page to send contract messages from (`chrome.runtime.sendMessage`);
// - evaluating in the service worker (`vigieBackground`, /tmp/contract.md) once it is awake;
// - clicking a button inside a closed shadow root (CDP `DOM.getDocument({pierce: true})`, box
//   model, then a real mouse click at its centre);
// - a page probe (an init script: it runs in the page's main world before the page's scripts,
//   CSP does not apply) that records long tasks and when a message body was inserted and
//   checked.
//
// Notes on Chromium 156 (found while writing these tests):
// - `ServiceWorker.stopAllWorkers` from any page's CDP session stops the extension's worker
//   (running → stopping → stopped within milliseconds). `Target.closeTarget` on the worker's
//   target (browser CDP session) is not usable: it answers {success:true}, then an evaluate in
//   the worker hangs and the browser went away about two minutes later.
// - Playwright keeps the same Worker object across a stop and a restart (same target id); an
//   evaluate sent while the worker is stopped waits for the next start, so wake it first.
// - Requests of the worker (also those made right after a restart) are reported on the
//   context's `request` event with `request.serviceWorker()` set.

import { setTimeout as sleep } from 'node:timers/promises';
import { messageStateInPage } from './browsers.mjs';

export const GMAIL = 'https://mail.google.com';
export const gmailUrl = (id) => `${GMAIL}/mail/u/0/#inbox/${encodeURIComponent(id)}`;

/** In the page: the real body of the opened message has data-vigie-checked (any value). */
export function bodyCheckedInPage() {
  const c = document.querySelector('div.adn[data-message-id]');
  const b = c && c.querySelector(':scope > div.gs > div.ii.gt > div.a3s');
  return Boolean(b && b.hasAttribute('data-vigie-checked'));
}

/** Waits for data-vigie-checked on the opened message; returns its state (messageStateInPage). */
export async function waitChecked(page, { timeout = 20000 } = {}) {
  try {
    await page.waitForFunction(bodyCheckedInPage, null, { timeout, polling: 50 });
  } catch (e) {
    const state = await page.evaluate(messageStateInPage).catch(() => null);
    throw new Error(`no data-vigie-checked after ${timeout} ms at ${page.url()}: ${JSON.stringify(state)} (${e.message.split('\n')[0]})`);
  }
  return page.evaluate(messageStateInPage);
}

/** Rejects after `ms` with `what` in the message. */
export function within(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]);
}

/**
 * An extension page (popup.html in a tab) used to send contract messages and to drive the
 * DevTools `ServiceWorker` domain. One per browser; `close()` when done.
 */
export async function extensionControl(context, extensionId) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup/popup.html`);
  const cdp = await context.newCDPSession(page);
  let status = 'unknown';
  const changes = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) {
      if (!v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) continue;
      status = v.runningStatus;
      changes.push({ at: Date.now(), status });
    }
  });
  await cdp.send('ServiceWorker.enable');

  const control = {
    page,
    extensionId,
    /** The worker's last running status seen through CDP (running, stopping, stopped, starting). */
    status: () => status,
    changes,
    /** chrome.runtime.sendMessage(message) from the extension page; rejections become {thrown}. */
    async send(message, { timeout = 30000 } = {}) {
      return within(
        page.evaluate(
          (m) =>
            chrome.runtime.sendMessage(m).then(
              (answer) => ({ answer: answer === undefined ? '(undefined)' : answer }),
              (e) => ({ thrown: String(e && e.message ? e.message : e) }),
            ),
          message,
        ),
        timeout,
        `sendMessage ${JSON.stringify(message).slice(0, 80)}`,
      ).then((r) => (r.thrown !== undefined ? { thrown: r.thrown } : r.answer === '(undefined)' ? undefined : r.answer));
    },
    /**
     * Stops the extension's service worker and waits until CDP reports it stopped. The stop is
     * asked again every few seconds: a worker still starting when it is first asked is not
     * stopped (seen once on a loaded 2-core machine, NOTES.md).
     */
    async stopWorker({ timeout = 30000, askEvery = 3000 } = {}) {
      const t0 = Date.now();
      let asked = -Infinity;
      while (status !== 'stopped' || asked < t0) {
        if (Date.now() - t0 > timeout) throw new Error(`the service worker did not stop within ${timeout} ms (status ${status})`);
        if (Date.now() - asked >= askEvery) {
          asked = Date.now();
          await cdp.send('ServiceWorker.stopAllWorkers');
        }
        await sleep(10);
      }
      return Date.now() - t0;
    },
    /**
     * Wakes the worker with an engineInfo message; returns the answer. A message that races a
     * worker being stopped finds no listener ("Receiving end does not exist", right after
     * `stopWorker` on a loaded 2-core machine, once for longer than 250 ms): it is sent again
     * after growing pauses, for up to ~3 s, for that error only.
     */
    async engineInfo() {
      let info = await control.send({ type: 'engineInfo' });
      for (const pause of [250, 500, 1000, 1500]) {
        if (!/Receiving end does not exist/.test(info?.thrown ?? '')) break;
        await sleep(pause);
        info = await control.send({ type: 'engineInfo' });
      }
      if (!info?.ok) throw new Error(`engineInfo answered ${JSON.stringify(info)}`);
      return info;
    },
    /** The extension's service worker (Playwright Worker), woken first. */
    async worker() {
      await control.engineInfo();
      const all = context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
      if (!all.length) throw new Error('no service worker of the extension is known to Playwright');
      return all[all.length - 1];
    },
    /** Evaluates fn(arg) in the woken service worker (10 s at most). */
    async inWorker(fn, arg) {
      const w = await control.worker();
      return within(w.evaluate(fn, arg), 10000, 'evaluate in the service worker');
    },
    async close() {
      await cdp.detach().catch(() => {});
      await page.close().catch(() => {});
    },
  };
  return control;
}

/**
 * Clicks, with the real mouse, the first element inside the closed shadow root of the first
 * `<hostTag>` that has attribute `attr` = `value` (e.g. vigie-banner, data-action, trust).
 * Playwright selectors do not enter closed roots; CDP DOM with pierce does.
 */
export async function clickInClosedShadow(page, hostTag, attr, value) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    let host = null;
    const findHost = (n) => {
      if (host) return;
      if (n.localName === hostTag) {
        host = n;
        return;
      }
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) findHost(c);
    };
    findHost(root);
    if (!host) throw new Error(`no <${hostTag}> in the page`);
    const shadow = host.shadowRoots?.[0];
    if (!shadow) throw new Error(`<${hostTag}> has no shadow root`);
    let target = null;
    const findTarget = (n) => {
      if (target) return;
      const attrs = n.attributes ?? [];
      for (let i = 0; i < attrs.length; i += 2) {
        if (attrs[i] === attr && attrs[i + 1] === value) {
          target = n;
          return;
        }
      }
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) findTarget(c);
    };
    findTarget(shadow);
    if (!target) throw new Error(`no [${attr}="${value}"] in the shadow root of <${hostTag}> (${shadow.shadowRootType})`);
    await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: target.backendNodeId });
    const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: target.backendNodeId });
    const q = model.border; // x1,y1 .. x4,y4
    const x = (q[0] + q[2] + q[4] + q[6]) / 4;
    const y = (q[1] + q[3] + q[5] + q[7]) / 4;
    await page.mouse.click(x, y);
    return { shadowRootType: shadow.shadowRootType, x, y };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Page probe, added with `page.addInitScript(PAGE_PROBE)` (or `context.addInitScript`): records
 * long tasks (PerformanceObserver 'longtask'), when a Gmail message container was inserted and
 * when its body got data-vigie-checked (performance.now() in MutationObserver callbacks).
 * Read it with `page.evaluate(() => window.__vigieProbe)`.
 */
export const PAGE_PROBE = `(() => {
  const p = (window.__vigieProbe = { longtasks: [], inserted: [], checked: [], errors: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) p.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { p.errors.push(String(e)); }
  const seen = new WeakSet();
  const mo = new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      if (r.type === 'attributes') {
        if (r.attributeName === 'data-vigie-checked' && r.target.matches && r.target.matches('div.a3s') && !seen.has(r.target)) {
          const c = r.target.closest('div.adn[data-message-id]');
          if (c && r.target.hasAttribute('data-vigie-checked')) {
            seen.add(r.target);
            p.checked.push({ at: now, id: c.getAttribute('data-message-id'), value: r.target.getAttribute('data-vigie-checked') });
          }
        }
        continue;
      }
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        const c = n.matches('div.adn[data-message-id]') ? n : n.querySelector('div.adn[data-message-id]');
        if (c) p.inserted.push({ at: now, id: c.getAttribute('data-message-id') });
      }
    }
  });
  const start = () => mo.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-vigie-checked'] });
  if (document.documentElement) start(); else document.addEventListener('readystatechange', start, { once: true });
})();`;

/** Reads the probe: per message id, ms from insertion to data-vigie-checked. */
export async function probeFigures(page) {
  const p = await page.evaluate(() => window.__vigieProbe);
  const latency = {};
  for (const c of p.checked) {
    const ins = p.inserted.filter((i) => i.id === c.id && i.at <= c.at).at(-1);
    if (ins) latency[c.id] = c.at - ins.at;
  }
  return { ...p, latency };
}

/** Median of numbers (null for none). */
export function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs `fn()` under the V8 sampling profiler of `page` (CDP Profiler, 100 µs) and splits the
 * sampled time by script: each sample goes to the nearest frame (itself or a caller) that has
 * a script URL, so a DOM getter called by the content script (innerHTML, querySelectorAll)
 * counts as the content script's. Returns {result, extensionMs, pageMs, otherMs, byFile}.
 * `extensionOrigin` is `chrome-extension://ID/`.
 */
export async function profileScripts(page, extensionOrigin, fn) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    let result;
    let profile;
    try {
      result = await fn();
    } finally {
      ({ profile } = await cdp.send('Profiler.stop'));
    }
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const owner = new Map();
    const ownerOf = (id) => {
      if (owner.has(id)) return owner.get(id);
      let cur = id;
      let url = '';
      while (cur !== undefined) {
        const n = byId.get(cur);
        if (n.callFrame.url) {
          url = n.callFrame.url;
          break;
        }
        cur = parent.get(cur);
      }
      owner.set(id, url);
      return url;
    };
    const byFile = {};
    let extensionMs = 0;
    let pageMs = 0;
    let otherMs = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      const node = byId.get(profile.samples[i]);
      const fnName = node.callFrame.functionName;
      if (fnName === '(idle)' || fnName === '(program)') continue;
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const url = fnName === '(garbage collector)' ? '' : ownerOf(node.id);
      if (url.startsWith(extensionOrigin)) {
        extensionMs += ms;
        const file = url.slice(extensionOrigin.length);
        byFile[file] = (byFile[file] ?? 0) + ms;
      } else if (url) pageMs += ms;
      else otherMs += ms;
    }
    return { result, extensionMs, pageMs, otherMs, byFile };
  } finally {
    await cdp.send('Profiler.disable').catch(() => {});
    await cdp.detach().catch(() => {});
  }
}

/** Rounds for printing: 1 decimal under 100, none above; '–' for null. */
export function fmt(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  return ms < 100 ? ms.toFixed(1) : String(Math.round(ms));
}
