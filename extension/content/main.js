/*
 * The content script's loop: watch the page (one MutationObserver, work coalesced into an
 * animation frame), find opened messages through the adapter, send each new message once to
 * the background, draw the result. State lives here, in JS (Map/WeakMap): Vigie never reads
 * its own markers back from the page, so a mail that carries data-vigie-* changes nothing.
 * content/watch.js decides when to scan; content/late-links.js checks links added after a check.
 */
(function () {
  'use strict';
  const V = (globalThis.vigie ??= {});
  if (V.main) return; // injected twice (manifest + registerHost): one instance

  const api = globalThis.browser ?? globalThis.chrome;
  const MAX_ENTRIES = 300;
  const MAX_REATTACH = 5;
  const GENERIC_INTERVAL_MS = 700;

  const state = {
    doc: document,
    adapter: null,
    recognised: false,
    webmail: null,
    entries: new Map(), // message key → entry
    byAnchor: new WeakMap(), // banner anchor element → entry
    watchedDocs: new WeakSet(), // documents with our hover listeners
    observedDocs: new WeakSet(), // iframe documents under our MutationObserver
    watchedFrames: new WeakSet(),
    disabled: false,
    loaded: false, // settings read once: nothing is scanned before (the site may be switched off)
    observer: null,
    scheduled: false,
    lastScan: 0,
    lastGeneric: 0,
    genericTimer: null,
    statusSent: null,
    fresh: true,
    stopped: false,
  };

  const { alive, send, post } = V.messaging;
  const prefs = V.prefs;
  const { checkLateLinks, resolveLink } = V.lateLinks.create({ state, send, current }); // content/late-links.js
  const { watchFrame, schedule, relevant } = V.watch.create({ state, scan }); // content/watch.js

  // ----------------------------------------------------------------------- status

  function counts() {
    let checked = 0;
    let warnings = 0;
    let danger = 0;
    for (const e of state.entries.values()) {
      if (!e.anchor.isConnected || !e.report) continue;
      checked += 1;
      if (e.verdict !== 'ok' && !e.dismissed && !e.trusted) {
        warnings += 1;
        if (e.verdict === 'danger') danger += 1;
      }
    }
    return { checked, warnings, danger };
  }

  function reportStatus() {
    if (!alive()) return;
    const status = {
      type: 'status',
      webmail: state.webmail,
      recognised: state.recognised,
      origin: location.origin,
      ...(state.disabled ? { checked: 0, warnings: 0, danger: 0 } : counts()),
    };
    const json = JSON.stringify(status);
    if (json === state.statusSent) return;
    state.statusSent = json;
    const message = state.fresh ? { ...status, fresh: true } : status;
    state.fresh = false;
    post(message).then((delivered) => {
      if (!delivered) state.statusSent = null; // try again with the next change
    });
  }

  // ----------------------------------------------------------------------- drawing

  function dark(el) {
    return V.theme.isDark(el);
  }

  function mark(entry, value) {
    entry.body.setAttribute('data-vigie-checked', value);
    if (entry.anchor !== entry.body) entry.anchor.setAttribute('data-vigie-checked', value);
  }

  function removeBanner(entry) {
    entry.banner?.host.remove();
    entry.banner = null;
  }

  function drawBanner(entry) {
    removeBanner(entry);
    if (entry.verdict === 'ok' || entry.dismissed || entry.trusted || state.disabled) return;
    const report = entry.report;
    const address = report.sender?.address || entry.snapshot.senderAddress;
    const built = V.banner.build(entry.anchor.ownerDocument, {
      report,
      messageId: entry.snapshot.messageId,
      dark: dark(entry.anchor.parentElement ?? entry.anchor),
      canTrust: Boolean(address) && !report.sender?.trusted,
      onTrust: () => trust(entry, address),
      onReport: () => reportMessage(entry),
      onDismiss: () => dismiss(entry),
    });
    entry.banner = built;
    entry.anchor.before(built.host);
  }

  /** The webmail re-rendered around the body and dropped the banner: put it back (a few times). */
  function keepBanner(entry) {
    if (!entry.banner || entry.dismissed || entry.trusted) return;
    if (entry.banner.host.isConnected && entry.banner.host.nextElementSibling === entry.anchor) return;
    if (entry.reattached >= MAX_REATTACH) return;
    entry.reattached += 1;
    entry.anchor.before(entry.banner.host);
  }

  function applyLinks(entry) {
    entry.links = V.links.mapReport(entry.body, entry.report);
    for (const [a, link] of entry.links) V.links.outline(a, link);
    watchDocument(entry.body.ownerDocument);
  }

  /** Takes back what `render` drew for an entry: banner, link outlines, markers. */
  function undraw(entry) {
    removeBanner(entry);
    for (const a of entry.links.keys()) V.links.unoutline(a);
    entry.body.removeAttribute('data-vigie-checked');
    entry.anchor.removeAttribute('data-vigie-checked');
  }

  function render(entry) {
    entry.drawn = true;
    mark(entry, entry.verdict);
    applyLinks(entry);
    drawBanner(entry);
    reportStatus();
  }

  // ----------------------------------------------------------------------- banner actions

  async function trust(entry, address) {
    try {
      const answer = await send({ type: 'trustSender', address });
      if (!answer?.ok) throw new Error(answer?.error ?? 'refused');
    } catch (e) {
      entry.banner?.setHint([{ text: V.findings.t('banner_trust_failed'), strong: false }]);
      return;
    }
    const lower = address.toLowerCase();
    for (const e of state.entries.values()) {
      const a = (e.report?.sender?.address || e.snapshot.senderAddress || '').toLowerCase();
      if (a === lower) {
        e.trusted = true;
        removeBanner(e);
      }
    }
    reportStatus();
  }

  function reportMessage(entry) {
    const address = prefs.reportAddress();
    const url = V.banner.reportUrl(address, entry.snapshot, entry.report);
    // An <a target=_blank> hands mailto: to the user's mail program without leaving the page.
    const a = entry.anchor.ownerDocument.createElement('a');
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    entry.banner?.root.append(a);
    a.click();
    a.remove();
    entry.banner?.setHint(V.findings.messageParts('banner_report_hint', [address]) ?? []);
  }

  function dismiss(entry) {
    entry.dismissed = true;
    removeBanner(entry);
    prefs.dismiss(entry.key);
    reportStatus();
  }

  // ----------------------------------------------------------------------- analysis

  /** True while `entry` is still this page's to draw on (not switched off or forgotten). */
  function current(entry) {
    return !state.disabled && !state.stopped && state.entries.get(entry.key) === entry;
  }

  async function analyze(entry) {
    entry.inflight = true;
    const asked = entry.signature;
    let answer = null;
    let failure = null;
    try {
      answer = await send({ type: 'analyze', snapshot: entry.snapshot });
    } catch (e) {
      failure = e;
    }
    entry.inflight = false;
    // Switched off meanwhile (the page was cleared): that answer is not this page's any more.
    if (!current(entry)) return reportStatus();
    // The webmail redrew the message with other content while the request was under way
    // (`consider` kept the new snapshot): check that instead.
    if (entry.signature !== asked) return analyze(entry);
    try {
      if (failure) throw failure;
      if (!answer?.ok || !answer.report) throw new Error(answer?.error ?? 'no report');
      entry.report = answer.report;
      entry.verdict = ['danger', 'caution'].includes(answer.report.verdict) ? answer.report.verdict : 'ok';
      entry.failed = false;
      entry.drawn = false; // drawn by the next scan if the message is away just now
      if (entry.anchor.isConnected) render(entry);
    } catch (e) {
      // Fail soft: no banner, never "ok"; the page says "error" for tests and diagnostics.
      entry.failed = true;
      mark(entry, 'error');
      if (alive()) console.warn('vigie: could not check this message:', e?.message ?? e);
    }
    reportStatus();
  }

  function newEntry(key, found, taken) {
    const entry = {
      key,
      anchor: found.anchor,
      body: found.body,
      snapshot: taken.snapshot,
      signature: taken.signature,
      edges: taken.edges, // the body's first and last nodes when read (`holdsSameMail`)
      report: null,
      drawn: false,
      verdict: null,
      links: new Map(),
      lateLinks: new WeakMap(), // link → its pending checkLink (content/late-links.js)
      banner: null,
      dismissed: prefs.dismissed.has(key),
      trusted: false,
      inflight: false,
      failed: false,
      reattached: 0,
      tagsOf: null,
      tags: null,
      tagCount: -1,
    };
    state.entries.set(key, entry);
    if (state.entries.size > MAX_ENTRIES) {
      for (const [k, e] of state.entries) {
        if (!e.anchor.isConnected && !e.inflight) state.entries.delete(k);
        if (state.entries.size <= MAX_ENTRIES) break;
      }
    }
    return entry;
  }

  function watchDocument(doc) {
    if (state.watchedDocs.has(doc)) return;
    state.watchedDocs.add(doc);
    V.links.watchDocument(doc, state.doc, resolveLink, dark);
  }

  // ----------------------------------------------------------------------- scanning

  function pickAdapter() {
    if (state.adapter && state.recognised) return;
    const picked = V.adapters.forPage(state.doc, location.hostname);
    state.adapter = picked.adapter;
    state.recognised = picked.recognised;
    state.webmail = picked.adapter?.id ?? 'generic';
  }

  function scan() {
    state.scheduled = false;
    state.lastScan = Date.now();
    if (!alive()) return stop();
    if (state.disabled || !state.loaded) return;
    pickAdapter();
    let found = state.adapter ? V.snapshot.findMessages(state.adapter, state.doc, watchFrame) : [];
    if (!found.length) found = genericMessages();
    for (const f of found) consider(f);
    for (const entry of state.entries.values()) {
      if (!entry.anchor.isConnected) continue;
      // The answer came while the webmail had taken the message off the page, and the same
      // elements are back: `consider` skips them (they have a report), so draw it here.
      if (entry.report && !entry.drawn) render(entry);
      keepBanner(entry);
      checkLateLinks(entry);
    }
    reportStatus();
  }

  /**
   * No adapter, or the adapter finds nothing (a layout it does not know?): the generic reader,
   * at most every GENERIC_INTERVAL_MS because its selectors scan the whole page.
   */
  function genericMessages() {
    const wait = state.lastGeneric + GENERIC_INTERVAL_MS - Date.now();
    if (wait > 0) {
      state.genericTimer ??= setTimeout(() => {
        state.genericTimer = null;
        schedule();
      }, wait);
      return [];
    }
    state.lastGeneric = Date.now();
    return V.snapshot.findMessages(null, state.doc);
  }

  /**
   * Whether the elements of a checked message still hold that mail, or the webmail wrote
   * another into them (React reading panes may). Its id says so where it gives one; elsewhere
   * (Outlook, Zimbra, the generic reader) the nodes do: the content was written anew. A mail
   * patched in place node by node is not told apart (NOTES.md).
   */
  function holdsSameMail(known, found) {
    const declared = V.snapshot.declaredKey(found);
    if (declared !== null) return declared === known.key;
    return !V.snapshot.replaced(known.edges, found.body);
  }

  function consider(found) {
    if (found.frame) watchFrame(found.frame, found.doc); // later changes inside the frame
    const known = state.byAnchor.get(found.anchor);
    if (known && known.body === found.body && (known.report || known.inflight || known.failed)) {
      if (holdsSameMail(known, found)) return;
      // Forget the old mail here: an answer still under way for it draws nothing (`current`).
      undraw(known);
      state.byAnchor.delete(found.anchor);
      state.entries.delete(known.key);
    }
    if (!V.snapshot.hasContent(found.body)) return; // not written yet: the next mutation will tell
    const taken = V.snapshot.takeSnapshot(found);
    const key = `${taken.snapshot.webmail}:${taken.snapshot.messageId}`;
    let entry = state.entries.get(key);
    if (entry && entry.anchor !== found.anchor && entry.anchor.isConnected && entry.body.isConnected) {
      return; // the same message shown twice on the page: one banner is enough
    }
    if (entry) {
      // The webmail rebuilt the message's elements: move the result over, or check again.
      removeBanner(entry);
      entry.anchor = found.anchor;
      entry.body = found.body;
      entry.reattached = 0;
      state.byAnchor.set(found.anchor, entry);
      entry.edges = taken.edges;
      if (entry.inflight) {
        // Checked again when the answer for the old content arrives (`analyze`).
        entry.snapshot = taken.snapshot;
        entry.signature = taken.signature;
        return;
      }
      if (entry.report && entry.signature === taken.signature) {
        render(entry);
        return;
      }
      entry.snapshot = taken.snapshot;
      entry.signature = taken.signature;
    } else {
      entry = newEntry(key, found, taken);
      state.byAnchor.set(found.anchor, entry);
    }
    analyze(entry);
  }

  // ----------------------------------------------------------------------- enable / disable

  /** Switched off, or the extension went away: take back everything drawn on the page. */
  function clearPage() {
    for (const entry of state.entries.values()) undraw(entry);
    V.links.forgetHover();
    V.tooltip.hide();
  }

  async function applySettings() {
    await prefs.load();
    state.loaded = true;
    const disabled = prefs.siteDisabled();
    if (disabled && !state.disabled) {
      state.disabled = true;
      clearPage();
      state.entries.clear();
      state.byAnchor = new WeakMap();
    } else if (!disabled && state.disabled) {
      state.disabled = false;
    }
    schedule();
    reportStatus();
  }

  function stop() {
    state.stopped = true;
    state.observer?.disconnect();
    clearPage();
    V.tooltip.remove();
  }

  function onMessage(msg, _sender, sendResponse) {
    if (msg?.type === 'vigiePing') {
      sendResponse({ ok: true, webmail: state.webmail, ...counts() });
      return false;
    }
    return false;
  }

  async function start() {
    state.observer = new MutationObserver((records) => {
      if (relevant(records)) schedule();
    });
    state.observer.observe(state.doc.documentElement, { childList: true, subtree: true });
    api.runtime.onMessage.addListener(onMessage);
    api.storage.onChanged.addListener((changes, area) => {
      if (prefs.concerns(changes, area)) applySettings();
    });
    // Gmail's own themes are not prefers-color-scheme: redraw on either change.
    globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => {
      for (const e of state.entries.values()) if (e.banner) drawBanner(e);
    });
    await applySettings();
  }

  V.main = { state, scan, schedule, start, resolveLink, relevant };
  if (!V.noAutoStart) start();
})();
