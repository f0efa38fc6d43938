/*
 * Vigie settings: defaults, normalisation, storage and import/export validation.
 *
 * A classic script (no modules) so that the popup, the options page and the
 * background can all load it: pages with <script src="../shared/settings.js">,
 * the Chrome service worker with importScripts('shared/settings.js'), Node tests
 * with require(). It defines `VigieSettings` on the global object.
 *
 * Storage contract (see the lead's contract): key `settings` in storage.sync,
 * falling back to storage.local. Every write carries `updatedAt` (ms since the
 * epoch), the rule the background and the content script share:
 * - load takes the sync copy, unless the local copy is newer or sync holds none;
 * - a save that fits in sync writes sync, then removes the local copy;
 * - a save that sync refuses (quota: 8 KB per item in Chrome, or sync missing)
 *   writes local, then removes the sync copy.
 * Both removals happen after the write, so a listener of storage.onChanged that
 * reads the settings again always sees the new value.
 *
 * Nothing here touches the DOM, so the background can use it as is.
 */
(function (root) {
  "use strict";

  const STORAGE_KEY = "settings";
  const FILE_FORMAT = "vigie-settings";
  const FILE_VERSION = 1;
  // The background keeps at most 1,000 entries per list (LIMITS.listEntries).
  const MAX_ENTRIES = 1000;
  const MAX_IMPORT_BYTES = 1024 * 1024;
  // why: chrome.storage.sync.QUOTA_BYTES_PER_ITEM is 8,192 bytes (key + JSON value);
  // going straight to local above it avoids a failing write.
  const SYNC_ITEM_BUDGET = 8000;

  const DEFAULTS = Object.freeze({
    trustedSenders: Object.freeze([]),
    trustedDomains: Object.freeze([]),
    protectedDomains: Object.freeze([]),
    webmailHosts: Object.freeze([]),
    reportAddress: "suspect@safeonweb.be",
    disabledSites: Object.freeze([]),
  });

  /** What each key holds; `kind` names the normaliser used for its entries. */
  const SCHEMA = Object.freeze({
    trustedSenders: { list: true, kind: "address" },
    trustedDomains: { list: true, kind: "domain" },
    protectedDomains: { list: true, kind: "domain" },
    webmailHosts: { list: true, kind: "origin" },
    reportAddress: { list: false, kind: "address" },
    disabledSites: { list: true, kind: "origin" },
  });
  const KEYS = Object.freeze(Object.keys(SCHEMA));
  /** Keys an exported file carries besides the settings; ignored on import. */
  const META_KEYS = Object.freeze(["format", "version", "updatedAt"]);

  function ext() {
    return root.browser ?? root.chrome;
  }

  /* ---------------------------------------------------------------- normalisers */

  const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

  /**
   * A registrable-looking host name in ASCII (punycode) form, or null.
   * Lenient on input: accepts "KBC.be", "@kbc.be", "*.kbc.be", "https://www.kbc.be/x".
   */
  function normalizeDomain(input) {
    if (typeof input !== "string") return null;
    let s = input.trim();
    if (s === "" || s.length > 2048 || /\s/.test(s)) return null;
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
      s = s.replace(/^@/, "").replace(/^\*\./, "");
      s = "http://" + s;
    }
    let host;
    try {
      const url = new URL(s);
      if (url.username || url.password) return null;
      host = url.hostname;
    } catch {
      return null;
    }
    host = host.replace(/\.$/, "").toLowerCase();
    if (host.length === 0 || host.length > 253 || host.startsWith("[")) return null;
    const labels = host.split(".");
    if (labels.length < 2) return null;
    if (!labels.every((l) => LABEL.test(l))) return null;
    if (/^[0-9]+$/.test(labels[labels.length - 1])) return null; // an IPv4 address
    return host;
  }

  /**
   * A mailbox address, lower-cased, with its domain in ASCII form, or null.
   * Accepts "Name <a@b.be>", "mailto:a@b.be" and surrounding spaces.
   */
  function normalizeAddress(input) {
    if (typeof input !== "string") return null;
    let s = input.trim();
    const angle = /<([^<>]*)>\s*$/.exec(s);
    if (angle) s = angle[1].trim();
    s = s.replace(/^mailto:/i, "");
    if (s.length > 320) return null;
    const at = s.lastIndexOf("@");
    if (at <= 0) return null;
    const local = s.slice(0, at);
    if (local.length > 64 || !/^[^\s@<>()[\]\\,;:"]+$/.test(local)) return null;
    if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return null;
    const domain = normalizeDomain(s.slice(at + 1));
    if (!domain || /[/:]/.test(s.slice(at + 1))) return null;
    return local.toLowerCase() + "@" + domain;
  }

  /**
   * A web origin ("https://webmail.example.org", with a port when not the default),
   * or null. A missing scheme means https; only http and https are accepted.
   */
  function normalizeOrigin(input) {
    if (typeof input !== "string") return null;
    let s = input.trim();
    if (s === "" || s.length > 2048 || /\s/.test(s)) return null;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) s = "https://" + s;
    let url;
    try {
      url = new URL(s);
    } catch {
      return null;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    if (url.username || url.password || !url.hostname) return null;
    const host = url.hostname;
    const isName = normalizeDomain(host) === host || host === "localhost";
    const isIp = /^[0-9.]+$/.test(host) || host.startsWith("[");
    if (!isName && !isIp) return null;
    return url.origin;
  }

  /**
   * The host-permission pattern for an origin. Ports are left out on purpose:
   * Firefox rejects match patterns with a port (bugs 1362809, 1468162), and in
   * Chrome a pattern without a port matches every port.
   * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Match_patterns
   */
  function originPattern(origin) {
    const url = new URL(origin);
    return url.protocol + "//" + url.hostname + "/*";
  }

  const NORMALIZERS = Object.freeze({
    address: normalizeAddress,
    domain: normalizeDomain,
    origin: normalizeOrigin,
  });

  /* ---------------------------------------------------------------- validation */

  function isPlainObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }

  function dedupe(list) {
    return Array.from(new Set(list));
  }

  function fail(key, params) {
    return { ok: false, error: { key, params: params.map(String) } };
  }

  /**
   * Strict validation, for imported files. Returns
   * `{ok:true, values, dropped}` where `values` holds only the known keys present
   * in `input` (normalised) and `dropped` lists the unknown keys that were ignored,
   * or `{ok:false, error:{key, params}}` where `key` is a message name of
   * _locales and `params` its substitutions.
   */
  function validate(input) {
    if (!isPlainObject(input)) return fail("settings_err_not_settings", []);
    if ("format" in input && input.format !== FILE_FORMAT) {
      return fail("settings_err_not_settings", []);
    }
    const values = {};
    const dropped = [];
    for (const key of Object.keys(input)) {
      if (META_KEYS.includes(key)) continue;
      if (!Object.prototype.hasOwnProperty.call(SCHEMA, key)) {
        dropped.push(key);
        continue;
      }
      const spec = SCHEMA[key];
      const normalize = NORMALIZERS[spec.kind];
      const raw = input[key];
      if (!spec.list) {
        if (typeof raw !== "string") return fail("settings_err_not_text", [key]);
        if (raw.trim() === "") {
          values[key] = DEFAULTS[key];
          continue;
        }
        const v = normalize(raw);
        if (v === null) return fail("settings_err_bad_" + spec.kind, [key, raw]);
        values[key] = v;
        continue;
      }
      if (!Array.isArray(raw)) return fail("settings_err_not_list", [key]);
      if (raw.length > MAX_ENTRIES) return fail("settings_err_too_many", [key, MAX_ENTRIES]);
      const out = [];
      for (const item of raw) {
        if (typeof item !== "string") return fail("settings_err_not_text_entry", [key]);
        const v = normalize(item);
        if (v === null) return fail("settings_err_bad_" + spec.kind, [key, item]);
        out.push(v);
      }
      values[key] = dedupe(out);
    }
    return { ok: true, values, dropped };
  }

  /**
   * Lenient completion, for what storage holds: every key present, each with its
   * default when missing or of the wrong type; bad entries are skipped so that one
   * odd value never loses the rest of the settings.
   */
  function withDefaults(stored) {
    const src = isPlainObject(stored) ? stored : {};
    const out = {};
    for (const key of KEYS) {
      const spec = SCHEMA[key];
      const normalize = NORMALIZERS[spec.kind];
      const raw = src[key];
      if (!spec.list) {
        const v = typeof raw === "string" ? normalize(raw) : null;
        out[key] = v ?? DEFAULTS[key];
      } else if (Array.isArray(raw)) {
        out[key] = dedupe(raw.map(normalize).filter((v) => v !== null)).slice(0, MAX_ENTRIES);
      } else {
        out[key] = [];
      }
    }
    return out;
  }

  /* ---------------------------------------------------------------- storage */

  async function readArea(api, area) {
    try {
      if (!api.storage[area]) return undefined;
      const value = (await api.storage[area].get(STORAGE_KEY))[STORAGE_KEY];
      return isPlainObject(value) ? value : undefined;
    } catch {
      return undefined; // sync disabled or unavailable (Firefox without an account, policies)
    }
  }

  /** The stored object as is (extra keys included), picked by the updatedAt rule. */
  async function loadRaw(api = ext()) {
    const [synced, local] = await Promise.all([readArea(api, "sync"), readArea(api, "local")]);
    if (!synced) return local;
    if (local && (local.updatedAt ?? 0) > (synced.updatedAt ?? 0)) return local;
    return synced;
  }

  /** The current settings, every key present and valid. */
  async function load(api = ext()) {
    return withDefaults(await loadRaw(api));
  }

  /**
   * Saves complete settings; resolves to the area written, "sync" or "local".
   * `extra` holds stored keys this file does not know (kept, so that a newer part
   * of the extension never loses a setting because this page saved).
   */
  async function save(settings, api = ext(), extra = {}) {
    const value = Object.assign({}, extra, withDefaults(settings), { updatedAt: Date.now() });
    const size = STORAGE_KEY.length + JSON.stringify(value).length;
    if (api.storage.sync && size <= SYNC_ITEM_BUDGET) {
      try {
        await api.storage.sync.set({ [STORAGE_KEY]: value });
        await api.storage.local.remove(STORAGE_KEY).catch(() => {});
        return "sync";
      } catch {
        // quota or sync unavailable: fall through to local
      }
    }
    await api.storage.local.set({ [STORAGE_KEY]: value });
    if (api.storage.sync) await api.storage.sync.remove(STORAGE_KEY).catch(() => {});
    return "local";
  }

  /**
   * Read, change, write. `change` receives a copy of the current settings and
   * returns the new ones (or changes the copy and returns nothing). Reading just
   * before writing keeps changes made meanwhile by another page or the background.
   */
  async function update(change, api = ext()) {
    const raw = await loadRaw(api);
    const copy = copySettings(withDefaults(raw));
    const next = change(copy) ?? copy;
    const value = withDefaults(next);
    await save(value, api, extraKeys(raw));
    return value;
  }

  function extraKeys(raw) {
    const out = {};
    if (!isPlainObject(raw)) return out;
    for (const key of Object.keys(raw)) {
      if (!Object.prototype.hasOwnProperty.call(SCHEMA, key) && key !== "updatedAt") out[key] = raw[key];
    }
    return out;
  }

  function copySettings(settings) {
    const out = {};
    for (const key of KEYS) {
      out[key] = Array.isArray(settings[key]) ? settings[key].slice() : settings[key];
    }
    return out;
  }

  /** True when storage.onChanged `changes` in `area` may concern the settings. */
  function isSettingsChange(changes, area) {
    return (area === "sync" || area === "local") && Object.prototype.hasOwnProperty.call(changes, STORAGE_KEY);
  }

  /* ---------------------------------------------------------------- files */

  function exportText(settings) {
    const body = { format: FILE_FORMAT, version: FILE_VERSION };
    Object.assign(body, withDefaults(settings));
    return JSON.stringify(body, null, 2) + "\n";
  }

  /** Parses the text of an imported file; same result shape as validate(). */
  function parseImport(text) {
    if (typeof text !== "string") return fail("settings_err_not_json", []);
    if (text.length > MAX_IMPORT_BYTES) return fail("settings_err_too_large", []);
    let data;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch {
      return fail("settings_err_not_json", []);
    }
    return validate(data);
  }

  const VigieSettings = Object.freeze({
    STORAGE_KEY,
    FILE_FORMAT,
    FILE_VERSION,
    MAX_ENTRIES,
    DEFAULTS,
    KEYS,
    SCHEMA,
    ext,
    normalizeDomain,
    normalizeAddress,
    normalizeOrigin,
    originPattern,
    validate,
    withDefaults,
    load,
    loadRaw,
    save,
    update,
    isSettingsChange,
    exportText,
    parseImport,
  });

  root.VigieSettings = VigieSettings;
  if (typeof module === "object" && module.exports) module.exports = VigieSettings;
})(typeof globalThis !== "undefined" ? globalThis : self);
