/*
 * Vigie background: the Chrome MV3 service worker and the Firefox event page (one file).
 *
 * It owns the WebAssembly engine (compiled once per wake, under the extension's CSP: a content
 * script cannot compile wasm on pages with a strict CSP in Chrome) and answers the content
 * scripts, the popup and the options page. It never makes a network request: the only fetch is
 * of the extension's own wasm file. Messages: the `HANDLERS` table at the end.
 */
'use strict';

// Chrome's worker imports these here; Firefox's event page lists them before this file.
if (typeof importScripts === 'function') {
  if (typeof wasm_bindgen === 'undefined') importScripts('wasm/vigie.js');
  if (typeof VigieSettings === 'undefined') importScripts('shared/settings.js');
  if (typeof VigieCorrespondents === 'undefined') importScripts('background/correspondents.js');
  if (typeof VigieHosts === 'undefined') importScripts('background/hosts.js');
  if (typeof VigieTabs === 'undefined') importScripts('background/tabs.js');
}

const api = globalThis.browser ?? globalThis.chrome;

const LIMITS = {
  bodyHtmlChars: 5 * 1024 * 1024, // the content script truncates to this; more is refused
  shortField: 2048, // sender name, address, subject... (longer is cut, not refused)
  hrefChars: 16 * 1024,
  correspondents: 5000,
  countedMessages: 2000,
};

// ------------------------------------------------------------------------------- settings

// shared/settings.js (VigieSettings): one reading of storage.sync `settings` with its
// storage.local fallback, shared with the popup and the options page.
const S = globalThis.VigieSettings;

function readSettings() {
  return S.load(api);
}

// ------------------------------------------------------------------------------- correspondents

// background/correspondents.js: domains the reader gets mail from, with counts.
const correspondents = globalThis.VigieCorrespondents.create(api, LIMITS);

// ------------------------------------------------------------------------------- engine

const engineState = {
  glue: null, // the wasm-bindgen glue object in use
  ready: null, // Promise of an initialised glue
  module: null, // compiled WebAssembly.Module, reused when re-instantiating after a trap
  engine: null,
  dirty: true, // settings or correspondents changed since the engine was built
  generation: 0, // instances made in this wake (1 = no trap so far)
  traps: 0,
  timings: {}, // start-up costs of this wake, for the popup and the benchmark
};

async function compileModule() {
  const url = api.runtime.getURL('wasm/vigie_bg.wasm');
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(fetch(url));
    } catch {
      /* fall through: some builds serve the file without the wasm MIME type */
    }
  }
  return WebAssembly.compile(await (await fetch(url)).arrayBuffer());
}

function loadWasm() {
  if (!engineState.ready) {
    engineState.ready = (async () => {
      const t0 = performance.now();
      engineState.module ??= await compileModule();
      const t1 = performance.now();
      // After a trap, a fresh glue (the factory made by tools/build.mjs); the first time, the
      // global one, so `wasm_bindgen` in the worker is the live instance.
      const glue = engineState.generation === 0 || typeof vigieGlue !== 'function' ? wasm_bindgen : vigieGlue();
      await glue({ module_or_path: engineState.module });
      engineState.timings.compileMs = t1 - t0;
      engineState.timings.instantiateMs = performance.now() - t1;
      engineState.generation += 1;
      engineState.glue = glue;
      return glue;
    })();
    engineState.ready.catch(() => {
      engineState.ready = null;
    });
  }
  return engineState.ready;
}

async function engineConfig() {
  const settings = await readSettings();
  await correspondents.load();
  return {
    protectedDomains: settings.protectedDomains,
    trustedSenders: settings.trustedSenders,
    trustedDomains: settings.trustedDomains,
    correspondents: correspondents.list(),
  };
}

async function getEngine() {
  // The storage reads overlap the wasm compile (a cold worker pays both).
  const [glue, config] = await Promise.all([loadWasm(), !engineState.engine || engineState.dirty ? engineConfig() : null]);
  if (glue !== engineState.glue) return getEngine(); // the instance trapped meanwhile
  if (!engineState.engine || engineState.dirty) {
    const fresh = config ?? (await engineConfig());
    if (glue !== engineState.glue) return getEngine();
    const t0 = performance.now();
    // A trap here propagates to `withEngine` like any other; only a built engine is clean.
    const next = new glue.WasmEngine(fresh);
    engineState.dirty = false;
    engineState.timings.engineMs = performance.now() - t0;
    const previous = engineState.engine;
    engineState.engine = next;
    try {
      previous?.free();
    } catch {
      /* an engine of a dropped instance: nothing to free */
    }
  }
  return engineState.engine;
}

function isTrap(e) {
  if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) return true;
  // wasm-bindgen's borrow check fails on an object left borrowed by a trap.
  return /unreachable|RuntimeError|recursive use of an object/i.test(String(e?.stack ?? e));
}

/** A trapped instance must not be entered again: forget it, the next call makes a new one. */
function dropInstance(e) {
  console.error('vigie: the engine trapped; starting a new instance', e);
  engineState.traps += 1;
  engineState.engine = null;
  engineState.glue = null;
  engineState.ready = null;
  engineState.dirty = true;
  if (typeof vigieGlue !== 'function') engineState.generation = 0; // unwrapped glue: reuse it
}

/**
 * Runs fn(engine); after a trap (in fn or while building the engine), once more on a new
 * instance, then gives up for this call.
 */
async function withEngine(fn) {
  let traps = 0;
  for (;;) {
    try {
      const engine = await getEngine();
      // Another request may have trapped the instance while this one waited for its engine:
      // a trapped instance must not be entered again.
      if (engine !== engineState.engine) continue;
      return fn(engine);
    } catch (e) {
      if (!isTrap(e)) throw e;
      dropInstance(e);
      if (++traps > 1) throw new Error('the analysis engine crashed on this message');
    }
  }
}

// ------------------------------------------------------------------------------- requests

function optionalString(snapshot, key, max) {
  const v = snapshot[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new Error(`snapshot.${key} must be a string`);
  return v.length > max ? v.slice(0, max) : v;
}

/** The wasm Message from a content-script snapshot; throws on bad input. */
function messageFromSnapshot(snapshot) {
  if (!snapshot || typeof snapshot !== 'object' || Array.isArray(snapshot)) throw new Error('snapshot must be an object');
  const html = snapshot.bodyHtml ?? '';
  if (typeof html !== 'string') throw new Error('snapshot.bodyHtml must be a string');
  if (html.length > LIMITS.bodyHtmlChars) {
    throw new Error(`snapshot.bodyHtml is too large (${(html.length / 1048576).toFixed(1)} MB; the limit is 5 MB)`);
  }
  return {
    senderName: optionalString(snapshot, 'senderName', LIMITS.shortField),
    senderAddress: optionalString(snapshot, 'senderAddress', LIMITS.shortField),
    replyTo: optionalString(snapshot, 'replyTo', LIMITS.shortField),
    subject: optionalString(snapshot, 'subject', LIMITS.shortField),
    bodyHtml: html,
    bodyText: optionalString(snapshot, 'bodyText', LIMITS.bodyHtmlChars),
  };
}

/** A sender worth remembering: read, and nothing wrong with it. */
function correspondentDomain(report) {
  const s = report?.sender;
  if (!s?.address || !s.registrable) return null;
  const suspect = (report.findings ?? []).some(
    (f) => (f.subject === 'sender' || f.subject === 'reply_to') && f.severity !== 'info',
  );
  return suspect ? null : s.registrable;
}

async function analyze(msg) {
  const message = messageFromSnapshot(msg.snapshot);
  const report = await withEngine((engine) => engine.analyzeMessage(message));
  const domain = correspondentDomain(report);
  if (domain) {
    const s = msg.snapshot;
    const key = typeof s.messageId === 'string' && s.messageId ? `${String(s.webmail ?? '')}:${s.messageId}`.slice(0, 600) : null;
    const count = await correspondents.count(domain, key);
    if (count) learnCorrespondent(domain, count);
  }
  return { ok: true, report };
}

/**
 * Tells the live engine about a counted message: a new domain joins its index, a known one gets
 * its new count. Rebuilding instead cost a reader with thousands of correspondents a whole
 * engine build (tens of ms in wasm) before the next message from any new domain. A domain
 * that the store trimmed stays known to this engine until the next build.
 */
function learnCorrespondent(domain, count) {
  const engine = engineState.engine;
  if (!engine || engineState.dirty) return; // the next build reads the store
  try {
    engine.learnCorrespondent({ domain, count });
  } catch (e) {
    if (isTrap(e)) dropInstance(e);
    else engineState.dirty = true;
  }
}

async function checkLink(msg) {
  if (typeof msg.href !== 'string' || !msg.href) throw new Error('href must be a non-empty string');
  if (msg.href.length > LIMITS.hrefChars) throw new Error('href is too long');
  const text = typeof msg.text === 'string' ? msg.text.slice(0, LIMITS.shortField) : '';
  const sender = typeof msg.senderAddress === 'string' && msg.senderAddress ? msg.senderAddress.slice(0, 512) : undefined;
  const link = await withEngine((engine) => engine.checkLink(msg.href, text, sender));
  return { ok: true, link };
}

async function trustSender(msg) {
  const address = S.normalizeAddress(typeof msg.address === 'string' ? msg.address : '');
  if (!address) throw new Error('not an e-mail address');
  await S.update((s) => {
    if (!s.trustedSenders.includes(address)) s.trustedSenders.push(address);
  }, api);
  engineState.dirty = true;
  return { ok: true, address };
}

async function engineInfo() {
  return withEngine((engine) => ({
    ok: true,
    version: engineState.glue.version(),
    protectedCount: engine.protectedCount(),
    generation: engineState.generation,
    timings: { ...engineState.timings },
  }));
}

// ------------------------------------------------------------------------------- tab status + badge

// background/tabs.js: what each tab's content scripts reported, and the toolbar badge.
const tabs = globalThis.VigieTabs.create(api, S, readSettings);

// ------------------------------------------------------------------------------- self-hosted webmail

// background/hosts.js: content scripts for the reader's self-hosted webmail origins.
const { registerHost, syncRegisteredHosts } = globalThis.VigieHosts.create(api, S, readSettings);

// ------------------------------------------------------------------------------- wiring

const HANDLERS = {
  analyze,
  checkLink,
  status: tabs.status,
  tabStatus: tabs.tabStatus,
  trustSender,
  registerHost,
  unregisterHost: async () => {
    await syncRegisteredHosts();
    return { ok: true };
  },
  engineInfo,
  checkDomain: async (msg) => ({ ok: true, report: await withEngine((e) => e.checkDomain(String(msg.domain ?? ''))) }),
  checkSender: async (msg) => ({ ok: true, report: await withEngine((e) => e.checkSender(String(msg.mailbox ?? ''))) }),
};

// Listeners are registered synchronously, before any await (a worker woken by an event needs them).
api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const handler = HANDLERS[msg?.type];
  if (!handler) return false;
  Promise.resolve()
    .then(() => handler(msg, sender))
    .then(sendResponse, (e) => sendResponse({ ok: false, error: String(e?.message ?? e) }));
  return true; // answered asynchronously
});

api.storage.onChanged.addListener((changes, area) => {
  if (S.isSettingsChange(changes, area)) {
    engineState.dirty = true;
    const before = changes.settings.oldValue?.webmailHosts;
    const after = changes.settings.newValue?.webmailHosts;
    if (JSON.stringify(before) !== JSON.stringify(after)) syncRegisteredHosts().catch(() => {});
  }
  if (area === 'local' && changes.correspondents && correspondents.map) {
    if (correspondents.replace(changes.correspondents.newValue)) engineState.dirty = true;
  }
});

api.tabs.onRemoved.addListener((tabId) => {
  tabs.forget(tabId).catch(() => {});
});

api.permissions?.onAdded?.addListener(() => syncRegisteredHosts().catch(() => {}));
api.permissions?.onRemoved?.addListener(() => syncRegisteredHosts().catch(() => {}));
api.runtime.onInstalled.addListener(() => syncRegisteredHosts().catch(() => {}));
api.runtime.onStartup.addListener(() => syncRegisteredHosts().catch(() => {}));

// A worker is woken by an event, most often a message to analyse: start compiling now.
loadWasm().catch((e) => console.warn('vigie: the engine could not be loaded', e));

// For tests and the benchmark (the worker global is reachable from the browser tools only).
globalThis.vigieBackground = { engineState, readSettings, withEngine, messageFromSnapshot, HANDLERS };
