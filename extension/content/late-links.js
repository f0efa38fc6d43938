/*
 * Links of a checked message that its report does not cover: links the webmail wrote into the
 * body after the analysis, and links hovered before their check came back. One checkLink
 * request each (at most MAX_LATE_LINKS per body change); the answer joins entry.links.
 * `create({ state, send, current })` takes main.js's state (state.entries), the messaging send,
 * and `current(entry)`: false once the page no longer holds that entry (switched off, forgotten),
 * when a late answer must draw nothing. A check that failed is asked again at the next hover.
 */
(function () {
  'use strict';
  const V = (globalThis.vigie ??= {});
  if (V.lateLinks) return;

  const MAX_LATE_LINKS = 50;

  function create({ state, send, current }) {
    /** Links that appeared in a checked body after its analysis: one checkLink each. */
    function checkLateLinks(entry) {
      if (!entry.report || entry.failed) return;
      // Live collections: their length is cheap, so a body whose links did not change costs nothing.
      if (entry.tagsOf !== entry.body) {
        entry.tagsOf = entry.body;
        entry.tags = [entry.body.getElementsByTagName('a'), entry.body.getElementsByTagName('area')];
        entry.tagCount = -1;
      }
      const count = entry.tags[0].length + entry.tags[1].length;
      if (count === entry.tagCount) return;
      entry.tagCount = count;
      let asked = 0;
      for (const a of V.links.anchorsOf(entry.body)) {
        if (entry.links.has(a) || entry.lateLinks.has(a)) continue;
        if (asked++ >= MAX_LATE_LINKS) break;
        lateLink(entry, a);
      }
    }

    /** One checkLink request for a link: a promise of its report, or of null when it failed. */
    function lateLink(entry, a) {
      // The href as written: the page's resolved a.href would hide tricks like http://0x7f.1/.
      const href = (a.getAttribute('href') ?? '').trim();
      const pending = send({
        type: 'checkLink',
        href,
        text: V.links.linkText(a),
        senderAddress: entry.report?.sender?.address || entry.snapshot.senderAddress,
      })
        .then((answer) => {
          if (!answer?.ok) throw new Error(answer?.error ?? 'no answer');
          if (!current(entry)) return null;
          entry.links.set(a, answer.link);
          V.links.outline(a, answer.link);
          return answer.link;
        })
        .catch(() => {
          entry.lateLinks.delete(a); // asked again at the next hover or body change
          return null;
        });
      entry.lateLinks.set(a, pending);
      return pending;
    }

    /** Hover/focus target → what the tooltip shows. Only links of checked messages. */
    function resolveLink(a) {
      if (state.disabled || state.stopped) return null;
      for (const entry of state.entries.values()) {
        if (!entry.report || !entry.body.contains(a)) continue;
        const link = entry.links.get(a);
        if (link) return { link };
        return { pending: entry.lateLinks.get(a) ?? lateLink(entry, a) };
      }
      return null;
    }

    return { checkLateLinks, lateLink, resolveLink };
  }

  V.lateLinks = { create };
})();
