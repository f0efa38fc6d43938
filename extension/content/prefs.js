/*
 * What the content script needs from the settings: the sites switched off (popup) and the
 * report address (options), through shared/settings.js; and the messages dismissed by the
 * user (storage.local `dismissedMessages`, the newest 500 "webmail:messageId" keys).
 */
(function () {
  'use strict';
  const V = (globalThis.vigie ??= {});
  if (V.prefs) return;

  const api = globalThis.browser ?? globalThis.chrome;
  const MAX_DISMISSED = 500;
  const DEFAULTS = { disabledSites: [], reportAddress: 'suspect@safeonweb.be' };

  const prefs = {
    settings: DEFAULTS,
    dismissed: new Set(),

    async load() {
      const S = globalThis.VigieSettings;
      try {
        this.settings = S ? await S.load(api) : DEFAULTS;
      } catch {
        this.settings = DEFAULTS;
      }
      try {
        const d = (await api.storage.local.get('dismissedMessages')).dismissedMessages;
        this.dismissed = new Set(Array.isArray(d) ? d.filter((k) => typeof k === 'string') : []);
      } catch {
        /* keep what we have */
      }
    },

    /** The popup's switch: disabledSites holds origins; a frame follows its page's switch. */
    siteDisabled() {
      const origins = [location.origin];
      try {
        origins.push(window.top.location.origin);
      } catch {
        /* a cross-origin parent */
      }
      return origins.some((o) => this.settings.disabledSites.includes(o));
    },

    reportAddress() {
      return this.settings.reportAddress || DEFAULTS.reportAddress;
    },

    async dismiss(key) {
      this.dismissed.delete(key);
      this.dismissed.add(key);
      try {
        // Other tabs and frames dismiss too: merge with what they stored, this key last.
        const got = await api.storage.local.get('dismissedMessages');
        const stored = Array.isArray(got?.dismissedMessages) ? got.dismissedMessages : [];
        const merged = new Set(stored.filter((k) => typeof k === 'string' && !this.dismissed.has(k)));
        for (const k of this.dismissed) merged.add(k);
        const list = [...merged].slice(-MAX_DISMISSED);
        this.dismissed = new Set(list);
        await api.storage.local.set({ dismissedMessages: list });
      } catch {
        /* dismissed for this page only */
      }
    },

    /** Whether `changes` (storage.onChanged) concern what the content script reads. */
    concerns(changes, area) {
      return (area === 'sync' || area === 'local') && 'settings' in changes;
    },
  };

  V.prefs = prefs;
})();
