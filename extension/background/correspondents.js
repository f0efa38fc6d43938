/*
 * Vigie background: the known correspondents, the registrable domains the reader received
 * analysed mail from, with a count per domain (storage.local `correspondents`). The engine
 * protects them: a new sender one typo away from a known one is a first contact.
 * A classic script: Chrome's worker importScripts it, Firefox's event page lists it before
 * background.js. It defines `VigieCorrespondents` on the global object.
 */
(function (root) {
  'use strict';

  /** The store over the extension API `api`, within `limits` (correspondents, countedMessages). */
  function create(api, limits) {
    return {
      map: null, // {registrable domain: count}
      counted: null, // message keys already counted (a re-render or a reload counts once)
      flushTimer: null,
      saved: null, // the JSON of the last map this store wrote: its own change, echoed back

      async load() {
        if (this.map) return;
        const got = await api.storage.local.get(['correspondents', 'correspondentsCounted']);
        this.map = got.correspondents && typeof got.correspondents === 'object' ? { ...got.correspondents } : {};
        this.counted = Array.isArray(got.correspondentsCounted) ? got.correspondentsCounted.slice(-limits.countedMessages) : [];
      },

      list() {
        return Object.entries(this.map ?? {})
          .filter(([d, c]) => typeof d === 'string' && Number.isFinite(c) && c > 0)
          .map(([domain, count]) => ({ domain, count: Math.min(Math.floor(count), 0xffffffff) }));
      },

      /** Counts one analysed message: the domain's new count, or 0 when it was not counted. */
      async count(domain, messageKey) {
        await this.load();
        if (!domain || (messageKey && this.counted.includes(messageKey))) return 0;
        if (messageKey) {
          this.counted.push(messageKey);
          if (this.counted.length > limits.countedMessages) this.counted.splice(0, this.counted.length - limits.countedMessages);
        }
        const isNew = !(domain in this.map);
        const count = (this.map[domain] ?? 0) + 1;
        this.map[domain] = count;
        if (isNew) this.trim(domain);
        this.scheduleFlush();
        return count;
      },

      /** At most 5,000 domains: the rarest go first, the oldest of them first (never `keep`, just added). */
      trim(keep) {
        const entries = Object.entries(this.map);
        let excess = entries.length - limits.correspondents;
        if (excess <= 0) return;
        const drop = new Set();
        for (const [d] of entries.slice().sort((a, b) => a[1] - b[1])) {
          if (excess <= 0) break;
          if (d === keep) continue;
          drop.add(d);
          excess -= 1;
        }
        this.map = Object.fromEntries(entries.filter(([d]) => !drop.has(d)));
      },

      scheduleFlush() {
        clearTimeout(this.flushTimer);
        this.flushTimer = setTimeout(() => {
          this.flushTimer = null;
          this.saved = JSON.stringify(this.map);
          api.storage.local
            .set({ correspondents: this.map, correspondentsCounted: this.counted })
            .catch((e) => console.warn('vigie: could not save correspondents', e));
        }, 300);
      },

      /**
       * Someone else changed the list (the options page forgot it): take theirs. Our own save,
       * which browsers report back a moment later, is not taken: domains counted since would
       * be lost.
       */
      replace(newMap) {
        const next = newMap && typeof newMap === 'object' ? { ...newMap } : {};
        if (this.saved !== null && JSON.stringify(next) === this.saved) return false;
        const sameDomains =
          this.map && Object.keys(next).length === Object.keys(this.map).length && Object.keys(next).every((d) => d in this.map);
        this.map = next;
        return !sameDomains;
      },
    };
  }

  root.VigieCorrespondents = { create };
})(globalThis);
