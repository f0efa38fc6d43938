/*
 * Vigie background: self-hosted webmail (Roundcube, Open-Xchange... on the reader's own
 * domain). An origin the reader granted gets the content scripts registered for it, now and at
 * every start, and injected into its open tabs.
 * A classic script: Chrome's worker importScripts it, Firefox's event page lists it before
 * background.js. It defines `VigieHosts` on the global object.
 */
(function (root) {
  'use strict';

  /**
   * Registration over the extension API `api`, with the settings module `S` and
   * `readSettings()` (the background's one reading of the settings).
   */
  function create(api, S, readSettings) {

    /** An origin (or a bare host) → {origin, pattern, id}; throws when it is not a web origin. */
    function hostEntry(value) {
      const origin = S.normalizeOrigin(typeof value === 'string' ? value : '');
      if (!origin) throw new Error('not a web origin (https://host)');
      const url = new URL(origin);
      return { origin, pattern: S.originPattern(origin), id: `vigie-host-${url.protocol.slice(0, -1)}-${url.hostname}` };
    }

    /**
     * The manifest's content-script files as paths relative to the extension root. Firefox's
     * getManifest() gives absolute moz-extension:// URLs, which scripting.registerContentScripts
     * and executeScript refuse ("must be a relative URL"); Chromium gives relative paths.
     */
    function contentScriptFiles() {
      const base = api.runtime.getURL('');
      return (api.runtime.getManifest().content_scripts?.[0]?.js ?? []).map((f) => (f.startsWith(base) ? f.slice(base.length) : f));
    }

    async function register(entry) {
      const script = { id: entry.id, matches: [entry.pattern], js: contentScriptFiles(), runAt: 'document_idle', allFrames: true };
      try {
        await api.scripting.registerContentScripts([{ ...script, persistAcrossSessions: true }]);
      } catch (e) {
        if (/already|duplicate|exists/i.test(String(e?.message))) return;
        await api.scripting.registerContentScripts([script]); // browsers without persistAcrossSessions
      }
    }

    /** Registers a granted self-hosted origin and injects the scripts into its open tabs. */
    async function registerHost(msg) {
      const entry = hostEntry(msg.origin);
      if (!(await api.permissions.contains({ origins: [entry.pattern] }))) {
        throw new Error(`no permission for ${entry.origin}: request it first`);
      }
      await register(entry);
      const settings = await readSettings();
      if (!settings.webmailHosts.some((h) => safeHostEntry(h)?.id === entry.id)) {
        await S.update((s) => {
          if (!s.webmailHosts.includes(entry.origin)) s.webmailHosts.push(entry.origin);
        }, api);
      }
      const open = await api.tabs.query({ url: entry.pattern }).catch(() => []);
      for (const tab of open) {
        api.scripting
          .executeScript({ target: { tabId: tab.id, allFrames: true }, files: contentScriptFiles() })
          .catch(() => {}); // a tab that cannot be scripted (error page): it gets the scripts on reload
      }
      return { ok: true, origin: entry.origin, id: entry.id };
    }

    function safeHostEntry(value) {
      try {
        return hostEntry(value);
      } catch {
        return null;
      }
    }

    /** Registered scripts = webmailHosts whose permission is granted (runs on start and on changes). */
    async function syncRegisteredHosts() {
      if (!api.scripting?.getRegisteredContentScripts) return;
      const settings = await readSettings();
      const wanted = new Map();
      for (const h of settings.webmailHosts) {
        const entry = safeHostEntry(h);
        if (entry && (await api.permissions.contains({ origins: [entry.pattern] }).catch(() => false))) wanted.set(entry.id, entry);
      }
      const registered = await api.scripting.getRegisteredContentScripts();
      const stale = registered.map((s) => s.id).filter((id) => id.startsWith('vigie-host-') && !wanted.has(id));
      if (stale.length) await api.scripting.unregisterContentScripts({ ids: stale }).catch(() => {});
      for (const [id, entry] of wanted) {
        if (!registered.some((s) => s.id === id)) await register(entry).catch((e) => console.warn('vigie: register', id, e));
      }
    }

    return { registerHost, syncRegisteredHosts };
  }

  root.VigieHosts = { create };
})(globalThis);
