'use strict';
// Test support (no tests here): a fake WebExtension API, the content scripts loaded into a
// jsdom window, and the background script loaded into a Node vm context the way Firefox's
// event page loads it (glue, settings module, background.js).

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { JSDOM } = require('jsdom');

const EXT = path.join(__dirname, '..', '..');
const ROOT = path.join(EXT, '..');
const read = (p) => fs.readFileSync(path.join(EXT, p), 'utf8');
const manifest = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest.json'), 'utf8'));
const CONTENT_FILES = manifest().content_scripts[0].js;

/** English messages as the browser sees them (the build merges the _locales/en parts). */
function englishMessages() {
  const out = {};
  const dir = path.join(EXT, '_locales', 'en');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort((a) => (a === 'messages.json' ? -1 : 1));
  for (const f of files) Object.assign(out, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  return out;
}

/** chrome.i18n.getMessage semantics: $NAME$ → placeholders[name].content with $1..$9 → subs. */
function getMessageFrom(messages) {
  return (key, subs) => {
    if (key === '@@bidi_dir') return 'ltr';
    const m = messages[key];
    if (!m) return '';
    const args = subs == null ? [] : (Array.isArray(subs) ? subs : [subs]).map(String);
    const phs = Object.fromEntries(Object.entries(m.placeholders || {}).map(([k, v]) => [k.toLowerCase(), v]));
    const fill = (s) => s.replace(/\$(\d)/g, (_, n) => args[n - 1] ?? '');
    return m.message
      .replace(/\$([A-Za-z0-9_]+)\$/g, (all, name) => (phs[name.toLowerCase()] ? fill(phs[name.toLowerCase()].content) : all))
      .replace(/\$\$/g, '$');
  };
}

function fakeEvent() {
  const listeners = [];
  return {
    listeners,
    addListener: (f) => listeners.push(f),
    removeListener: (f) => listeners.splice(listeners.indexOf(f), 1),
    hasListener: (f) => listeners.includes(f),
    fire: (...args) => listeners.map((f) => f(...args)),
  };
}

function fakeStorageArea(name, onChanged, initial = {}) {
  const data = structuredClone(initial);
  const pick = (keys) => {
    if (keys == null) return structuredClone(data);
    const list = typeof keys === 'string' ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys);
    const out = {};
    for (const k of list) if (k in data) out[k] = structuredClone(data[k]);
    return out;
  };
  return {
    data,
    get: async (keys) => pick(keys),
    set: async (items) => {
      const changes = {};
      for (const [k, v] of Object.entries(items)) {
        changes[k] = { oldValue: data[k], newValue: structuredClone(v) };
        data[k] = structuredClone(v);
      }
      onChanged.fire(changes, name);
    },
    remove: async (keys) => {
      const changes = {};
      for (const k of typeof keys === 'string' ? [keys] : keys) {
        if (!(k in data)) continue;
        changes[k] = { oldValue: data[k] };
        delete data[k];
      }
      if (Object.keys(changes).length) onChanged.fire(changes, name);
    },
  };
}

/** A fake `chrome` for content scripts: sendMessage goes to `handle(msg)` (async). */
function fakeContentChrome({ handle, storage = {} } = {}) {
  const onChanged = fakeEvent();
  const sent = [];
  return {
    sent,
    runtime: {
      id: 'vigie-test',
      sendMessage: (msg) => {
        sent.push(structuredClone(msg));
        return Promise.resolve().then(() => (handle ? handle(msg) : { ok: true }));
      },
      onMessage: fakeEvent(),
    },
    i18n: { getMessage: getMessageFrom(englishMessages()), getUILanguage: () => 'en' },
    storage: {
      sync: fakeStorageArea('sync', onChanged, storage.sync),
      local: fakeStorageArea('local', onChanged, storage.local),
      onChanged,
    },
  };
}

/**
 * A jsdom page with the content scripts loaded (not started unless start: true).
 * Returns {dom, window, document, V, chrome}.
 */
function loadContent({ url = 'https://mail.google.com/mail/u/0/#inbox', html = '<!doctype html><html><head></head><body></body></html>', handle, storage, start = false } = {}) {
  const dom = new JSDOM(html, { url, runScripts: 'outside-only', pretendToBeVisual: true });
  const window = dom.window;
  const chrome = fakeContentChrome({ handle, storage });
  window.chrome = chrome;
  window.vigie = { noAutoStart: !start };
  for (const f of CONTENT_FILES) window.eval(read(f));
  return { dom, window, document: window.document, V: window.vigie, chrome };
}

/** Builds elements from an HTML string in a document (test fixtures are trusted markup). */
function fragment(document, html) {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content;
}

/**
 * background.js in a vm context, loaded like Firefox's event page. `glue` is the source of
 * the (wrapped) wasm-bindgen glue, or null to provide `wasm_bindgen`/`vigieGlue` through
 * `globals` (a fake engine). Returns {context, chrome, dispatch, flush}.
 */
function loadBackground({ glue = null, globals = {}, storage = {}, wasmPath = null, permissions = true } = {}) {
  const onChanged = fakeEvent();
  const badge = {};
  const registered = [];
  const chrome = {
    badge,
    registered,
    runtime: {
      id: 'vigie-test',
      getURL: (p) => `vigie-test:///${p}`,
      getManifest: () => manifest(),
      onMessage: fakeEvent(),
      onInstalled: fakeEvent(),
      onStartup: fakeEvent(),
    },
    storage: {
      sync: fakeStorageArea('sync', onChanged, storage.sync),
      local: fakeStorageArea('local', onChanged, storage.local),
      session: fakeStorageArea('session', onChanged, storage.session),
      onChanged,
    },
    action: {
      setBadgeText: async ({ tabId, text }) => {
        badge[tabId] = { ...(badge[tabId] ?? {}), text };
      },
      setBadgeBackgroundColor: async ({ tabId, color }) => {
        badge[tabId] = { ...(badge[tabId] ?? {}), color };
      },
      setBadgeTextColor: async () => {},
    },
    tabs: {
      onRemoved: fakeEvent(),
      onUpdated: fakeEvent(),
      query: async () => [],
      sendMessage: async () => ({ ok: true }),
    },
    scripting: {
      registerContentScripts: async (scripts) => {
        for (const s of scripts) {
          if (registered.some((r) => r.id === s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
          registered.push(s);
        }
      },
      getRegisteredContentScripts: async () => registered.map((s) => ({ ...s })),
      unregisterContentScripts: async ({ ids }) => {
        for (const id of ids) registered.splice(registered.findIndex((r) => r.id === id), 1);
      },
      executeScript: async () => [],
    },
    permissions: {
      contains: async () => (typeof permissions === 'function' ? permissions() : permissions),
      onAdded: fakeEvent(),
      onRemoved: fakeEvent(),
    },
  };
  const fetchFile = async (url) => {
    const rel = String(url).replace('vigie-test:///', '');
    const file = rel === 'wasm/vigie_bg.wasm' && wasmPath ? wasmPath : path.join(EXT, rel);
    if (!fs.existsSync(file)) return new Response('not found', { status: 404 });
    return new Response(fs.readFileSync(file), { headers: { 'content-type': 'application/wasm' } });
  };
  const sandbox = {
    chrome,
    console,
    setTimeout,
    clearTimeout,
    URL,
    TextEncoder,
    TextDecoder,
    Response,
    fetch: fetchFile,
    WebAssembly,
    structuredClone,
    performance,
    FinalizationRegistry,
    WeakRef,
    ...globals,
  };
  const context = vm.createContext(sandbox);
  if (glue) vm.runInContext(glue, context, { filename: 'wasm/vigie.js' });
  vm.runInContext(read('shared/settings.js'), context, { filename: 'shared/settings.js' });
  for (const part of ['background/correspondents.js', 'background/hosts.js', 'background/tabs.js', 'background.js']) {
    vm.runInContext(read(part), context, { filename: part });
  }

  /** Sends a message as a content script of tab `tabId` would; resolves to the answer. */
  function dispatch(msg, sender = { tab: { id: 1 }, frameId: 0 }) {
    return new Promise((resolve) => {
      let answered = false;
      const results = chrome.runtime.onMessage.fire(msg, sender, (r) => {
        answered = true;
        resolve(r);
      });
      if (!results.some((r) => r === true) && !answered) resolve(undefined);
    });
  }
  return { context, chrome, dispatch, flush: () => new Promise((r) => setTimeout(r, 350)) };
}

module.exports = { EXT, ROOT, CONTENT_FILES, read, manifest, englishMessages, getMessageFrom, fakeEvent, loadContent, loadBackground, fragment };
