/*
 * When the content script looks at the page again: mutations that are not ours (`relevant`),
 * frames that load or get their content written later (`watchFrame`), all coalesced into one
 * scan per animation frame, at most every MIN_SCAN_INTERVAL_MS on a recognised webmail and every
 * UNRECOGNISED_SCAN_INTERVAL_MS elsewhere (`schedule`).
 * `create({ state, scan })` takes main.js's state (observer, scheduled, lastScan, recognised,
 * stopped, the watched frames and documents) and the scan to run.
 */
(function () {
  'use strict';
  const V = (globalThis.vigie ??= {});
  if (V.watch) return;

  const OWN_TAGS = new Set(['VIGIE-BANNER', 'VIGIE-TOOLTIP']);
  // On a recognised webmail a scan that finds nothing new takes 0.1 ms (browser bench, inbox
  // scrolled), so it may run as often as every 16 ms; with 80 ms, opening a message often
  // waited for the interval that closing the previous one had started (warm banner 47-51 ->
  // 37-42 ms, stop 24). Elsewhere each scan also probes every adapter's signature over the
  // whole page: 80 ms.
  const MIN_SCAN_INTERVAL_MS = 16;
  const UNRECOGNISED_SCAN_INTERVAL_MS = 80;

  function create({ state, scan }) {
    function watchFrame(iframe, doc) {
      if (!state.watchedFrames.has(iframe)) {
        state.watchedFrames.add(iframe);
        iframe.addEventListener('load', schedule);
      }
      if (doc?.documentElement && !state.observedDocs.has(doc) && state.observer) {
        state.observedDocs.add(doc); // the frame's content is written later (Proton, OX)
        state.observer.observe(doc.documentElement, { childList: true, subtree: true });
      }
    }

    function schedule() {
      if (state.scheduled || state.stopped) return;
      state.scheduled = true;
      const interval = state.recognised ? MIN_SCAN_INTERVAL_MS : UNRECOGNISED_SCAN_INTERVAL_MS;
      const wait = Math.max(0, state.lastScan + interval - Date.now());
      setTimeout(() => {
        // Called as a method: Firefox's content-script sandbox refuses an unbound Window function.
        if (typeof globalThis.requestAnimationFrame === 'function') globalThis.requestAnimationFrame(scan);
        else setTimeout(scan, 0);
      }, wait);
    }

    /** Cheap filter: only element additions/removals that are not ours can open a message. */
    function relevant(records) {
      for (const r of records) {
        for (const list of [r.addedNodes, r.removedNodes]) {
          for (const n of list) {
            if (n.nodeType === 1 && !OWN_TAGS.has(n.nodeName)) return true;
          }
        }
      }
      return false;
    }

    return { watchFrame, schedule, relevant };
  }

  V.watch = { create };
})();
