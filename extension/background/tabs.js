/*
 * Vigie background: what each tab's content scripts reported (webmail recognised, messages
 * checked, warnings) and the toolbar badge that counts the warnings. Kept in
 * `storage.session` where there is one, so a woken worker still knows its tabs.
 * A classic script: Chrome's worker importScripts it, Firefox's event page lists it before
 * background.js. It defines `VigieTabs` on the global object.
 */
(function (root) {
  'use strict';

  /**
   * Tab status over the extension API `api`, with the settings module `S` and
   * `readSettings()` (the background's one reading of the settings).
   */
  function create(api, S, readSettings) {
    const tabs = {
      cache: null, // {tabId: {origin, frames: {frameId: status}}}

      async load() {
        if (this.cache) return this.cache;
        let saved;
        try {
          saved = (await api.storage.session?.get('tabs'))?.tabs;
        } catch {
          /* no storage.session: keep it in memory only */
        }
        this.cache ??= saved && typeof saved === 'object' ? saved : {};
        return this.cache;
      },

      save() {
        api.storage.session?.set({ tabs: this.cache }).catch(() => {});
      },

      summary(tabId) {
        const entry = this.cache?.[tabId];
        const out = { webmail: null, recognised: false, checked: 0, warnings: 0, danger: 0, origin: entry?.origin ?? null };
        for (const s of Object.values(entry?.frames ?? {})) {
          if (s.recognised && (!out.recognised || out.webmail === 'generic')) out.webmail = s.webmail;
          out.webmail ??= s.webmail ?? null;
          out.recognised ||= Boolean(s.recognised);
          out.checked += s.checked;
          out.warnings += s.warnings;
          out.danger += s.danger;
        }
        return out;
      },

      async forget(tabId) {
        await this.load();
        delete this.cache[tabId];
        this.save();
      },
    };

    function count(v) {
      return Number.isFinite(v) && v > 0 ? Math.min(Math.floor(v), 1e6) : 0;
    }

    async function updateBadge(tabId) {
      const { warnings, danger } = tabs.summary(tabId);
      try {
        await api.action.setBadgeText({ tabId, text: warnings ? String(warnings) : '' });
        if (warnings) {
          await api.action.setBadgeBackgroundColor({ tabId, color: danger ? '#c5221f' : '#b45309' });
          await api.action.setBadgeTextColor?.({ tabId, color: '#ffffff' });
        }
      } catch {
        /* the tab is gone */
      }
    }

    async function status(msg, sender) {
      const tabId = sender?.tab?.id;
      if (tabId === undefined || tabId < 0) return { ok: false, error: 'status comes from a tab' };
      const frameId = sender.frameId ?? 0;
      await tabs.load();
      let entry = tabs.cache[tabId];
      if (!entry || (frameId === 0 && msg.fresh)) entry = tabs.cache[tabId] = { origin: null, frames: {} };
      if (frameId === 0 && typeof msg.origin === 'string') entry.origin = S.normalizeOrigin(msg.origin);
      entry.frames[frameId] = {
        webmail: typeof msg.webmail === 'string' ? msg.webmail.slice(0, 32) : null,
        recognised: Boolean(msg.recognised),
        checked: count(msg.checked),
        warnings: count(msg.warnings),
        danger: count(msg.danger),
      };
      tabs.save();
      await updateBadge(tabId);
      return { ok: true };
    }

    async function tabStatus(msg) {
      const tabId = Number(msg.tabId);
      if (!Number.isInteger(tabId)) throw new Error('tabId must be a number');
      await tabs.load();
      // A status is only as good as the page that sent it: ask the tab's content script if it is
      // still there (the tab may have left the webmail since).
      const alive = await api.tabs
        .sendMessage(tabId, { type: 'vigiePing' }, { frameId: 0 })
        .then((r) => r?.ok === true, () => false);
      if (!alive) await tabs.forget(tabId);
      const summary = tabs.summary(tabId);
      const settings = await readSettings();
      const siteEnabled = !summary.origin || !settings.disabledSites.includes(summary.origin);
      return { ok: true, ...summary, siteEnabled };
    }

    return { status, tabStatus, forget: (tabId) => tabs.forget(tabId) };
  }

  root.VigieTabs = { create };
})(globalThis);
