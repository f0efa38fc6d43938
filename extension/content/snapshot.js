/*
 * Reads the opened messages of a page through an adapter (content/adapters.js): where each
 * message is, and its snapshot {webmail, messageId, senderName, senderAddress, subject,
 * bodyHtml} for the background. Only reads the page: body.innerHTML is read, never written.
 */
(function () {
  'use strict';
  const V = (globalThis.vigie ??= {});
  if (V.snapshot) return;

  const MAX_BODY_CHARS = 5 * 1024 * 1024; // the background refuses more
  const MAX_NAME = 200;
  const MAX_SUBJECT = 1000;
  const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[^\s@<>()[\]"',;:.]+/u;
  const EMAIL_ONLY = new RegExp(`^${EMAIL.source}$`, 'u');

  function qsa(root, selector) {
    if (!root || !selector) return [];
    try {
      return Array.from(root.querySelectorAll(selector));
    } catch {
      return []; // a selector this engine does not support
    }
  }

  function first(root, selectors) {
    for (const s of selectors ?? []) {
      const el = qsa(root, s)[0];
      if (el) return el;
    }
    return null;
  }

  const clean = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

  function isEditable(el) {
    return Boolean(el.closest?.('[contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]'));
  }

  /** `"Name" <addr>`, `Name <addr>`, `addr` or `Name` → {name, address}. */
  function parseMailbox(text) {
    const s = clean(text);
    if (!s) return {};
    const angle = /^(.*?)\s*<([^<>]*)>$/.exec(s);
    if (angle) {
      const address = EMAIL_ONLY.test(angle[2].trim()) ? angle[2].trim() : undefined;
      const name = angle[1].replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1').trim();
      return { name: name || undefined, address };
    }
    if (EMAIL_ONLY.test(s)) return { address: s };
    return { name: s.replace(/^"(.*)"$/, '$1') };
  }

  /** Roundcube's add-contact link holds the whole From: `...('add-contact','Name <addr>',this)`. */
  function roundcubeFrom(el) {
    const add = el.parentElement?.querySelector('.rcmaddcontact');
    const m = /'add-contact'\s*,\s*'((?:[^'\\]|\\.)*)'/.exec(add?.getAttribute('onclick') ?? '');
    return m ? parseMailbox(m[1].replace(/\\(.)/g, '$1')) : {};
  }

  function rawValue(el, getter) {
    if (getter === 'text') return el.textContent;
    if (getter.startsWith('@')) return el.getAttribute(getter.slice(1));
    if (getter.startsWith('q:')) return qsa(el, getter.slice(2))[0]?.textContent;
    if (getter === 'mailto') {
      const href = el.getAttribute('href') ?? '';
      if (!/^mailto:/i.test(href)) return null;
      try {
        return decodeURIComponent(href.slice(7).split('?')[0]);
      } catch {
        return href.slice(7).split('?')[0];
      }
    }
    return null;
  }

  function addressFrom(el, getters) {
    for (const g of getters ?? []) {
      if (g === 'rc-add-contact') {
        const a = roundcubeFrom(el).address;
        if (a) return a;
        continue;
      }
      const v = clean(rawValue(el, g));
      const m = v && v.length <= 1000 ? EMAIL.exec(v) : null;
      if (m) return m[0];
    }
    return undefined;
  }

  function nameFrom(el, getters, address) {
    for (const g of getters ?? []) {
      const parsed = g === 'rc-add-contact' ? roundcubeFrom(el) : parseMailbox(rawValue(el, g));
      let name = parsed.name;
      if (!name && parsed.address && address && parsed.address.toLowerCase() !== address.toLowerCase()) {
        name = parsed.address; // a "name" that is another address: exactly what must be checked
      }
      if (name && name.length <= MAX_NAME && name.toLowerCase() !== address?.toLowerCase()) return name;
    }
    return undefined;
  }

  /** el comes before the body and is not inside it (the mail cannot supply its own sender). */
  function precedes(el, anchor) {
    if (el === anchor || anchor.contains(el) || el.contains(anchor)) return false;
    return Boolean(el.compareDocumentPosition(anchor) & 4); // DOCUMENT_POSITION_FOLLOWING
  }

  function senderOf(adapter, container, anchor) {
    const roots = adapter.header ? [...qsa(container, adapter.header), container] : [container];
    for (const root of roots) {
      for (const spec of adapter.sender ?? []) {
        for (const el of qsa(root, spec.sel)) {
          if (!precedes(el, anchor)) continue;
          const address = addressFrom(el, spec.address);
          const name = nameFrom(el, spec.name, address);
          if (address || name) return { name, address };
        }
      }
    }
    return {};
  }

  function subjectOf(adapter, container) {
    const doc = container.ownerDocument;
    const el = first(container, adapter.subject) ?? first(doc, adapter.subject);
    if (!el) return undefined;
    let node = el;
    if (adapter.subjectStrip) {
      node = el.cloneNode(true);
      for (const x of qsa(node, adapter.subjectStrip)) x.remove();
    }
    const s = clean(node.textContent || el.getAttribute('title'));
    return s ? s.slice(0, MAX_SUBJECT) : undefined;
  }

  /** FNV-1a, 32 bits, hex: a short stable fingerprint (not a security hash). */
  function fnv(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  }

  function signature(html) {
    return `${html.length}:${fnv(html.slice(0, 4096))}${fnv(html.slice(-4096))}`;
  }

  /** The id the webmail gives the message (an attribute, the URL), or null when it gives none. */
  function declaredIdOf(adapter, container) {
    for (const g of adapter.messageId ?? []) {
      if (g.startsWith('@')) {
        const v = clean(container.getAttribute(g.slice(1)));
        if (v) return v.slice(0, 300);
      } else if (g.startsWith('url:')) {
        try {
          const url = new URL(container.ownerDocument.defaultView.location.href);
          const parts = g.slice(4).split(',').map((k) => url.searchParams.get(k));
          if (parts[0]) return parts.join(':').slice(0, 300);
        } catch {
          /* about:blank or no window */
        }
      }
    }
    return null;
  }

  function messageIdOf(adapter, container, fallback) {
    return declaredIdOf(adapter, container) ?? `fp:${fnv(fallback)}`;
  }

  /** The message key (`webmail:id`) a found message declares, or null: a cheap check that
   * needs no snapshot. */
  function declaredKey(found) {
    const a = found.adapter ?? V.adapters.GENERIC;
    const id = declaredIdOf(a, found.container);
    return id === null ? null : `${a.id}:${id}`;
  }

  function hasContent(body) {
    return body.childElementCount > 0 || clean(body.textContent).length > 0;
  }

  /**
   * The first and last leaf nodes of a body, kept with its snapshot: where the webmail gives no
   * message id, they tell whether it wrote another mail into the same element (`replaced`).
   */
  function contentEdges(body) {
    let first = body.firstChild;
    while (first?.firstChild) first = first.firstChild;
    let last = body.lastChild;
    while (last?.lastChild) last = last.lastChild;
    return { first, last };
  }

  /**
   * True when neither edge is in the body any more: its content was written anew (another mail,
   * or none yet). An image loaded late or a quote expanded leaves at least one edge in place.
   */
  function replaced(edges, body) {
    return !body.contains(edges.first) && !body.contains(edges.last);
  }

  // ------------------------------------------------------------------------- finding messages

  /** The body of one container: inline, or inside its same-origin iframe. */
  function bodyIn(adapter, container, onFrame) {
    if (adapter.frame) {
      for (const iframe of qsa(container, adapter.frame)) {
        let doc = null;
        try {
          doc = iframe.contentDocument;
        } catch {
          /* cross-origin: not ours to read */
        }
        const body = doc ? first(doc, adapter.frameBody) : null;
        if (body && hasContent(body)) return { body, anchor: iframe, doc, frame: iframe };
        onFrame?.(iframe, doc); // not written yet: watch it
      }
    }
    const body = first(container, adapter.body);
    if (body && !isEditable(body)) return { body, anchor: body, doc: container.ownerDocument, frame: null };
    return null;
  }

  /** Walk up from each body to the nearest ancestor holding a sender. */
  function bodyFirst(adapter, doc) {
    const out = [];
    const spec = adapter.bodyFirst;
    for (const scope of qsa(doc, spec.scope)) {
      for (const body of qsa(scope, spec.body)) {
        if (isEditable(body) || out.some((m) => m.body.contains(body) || body.contains(m.body))) continue;
        let container = body.parentElement ?? body;
        for (let el = body.parentElement, i = 0; el && i < spec.levels; el = el.parentElement, i++) {
          container = el;
          const s = senderOf(adapter, el, body);
          if (s.address || s.name || el === scope) break;
        }
        out.push({ container, body, anchor: body, doc, frame: null });
      }
    }
    return out;
  }

  function findGeneric(doc) {
    const G = V.adapters.GENERIC;
    const sized = [];
    for (const el of qsa(doc, G.candidates).slice(0, 60)) {
      if (el === doc.body || el === doc.documentElement || isEditable(el)) continue;
      if (!el.querySelector('a[href]')) continue;
      const length = (el.textContent ?? '').length;
      if (length >= G.minText) sized.push({ el, length });
    }
    if (!sized.length) return [];
    let best = sized.reduce((a, b) => (b.length > a.length ? b : a));
    // A wrapper and the body it wraps both match: take the innermost that holds nearly all.
    for (const c of sized) {
      if (c.el !== best.el && best.el.contains(c.el) && c.length >= best.length * 0.9) best = c;
    }
    const body = best.el;
    return [{ container: body.parentElement ?? body, body, anchor: body, doc, frame: null }];
  }

  /** Opened messages: [{adapter, container, body, anchor, doc, frame}]; the banner goes before anchor. */
  function findMessages(adapter, doc, onFrame) {
    if (!adapter || adapter.id === 'generic') return findGeneric(doc).map((m) => ({ ...m, adapter: V.adapters.GENERIC }));
    const out = [];
    for (const c of qsa(doc, adapter.message)) {
      if (adapter.skip && c.matches(adapter.skip)) continue;
      const found = bodyIn(adapter, c, onFrame);
      if (found && !out.some((m) => m.body === found.body)) out.push({ container: c, ...found });
    }
    if (!out.length && adapter.bodyFirst) out.push(...bodyFirst(adapter, doc));
    // A mail can carry markup that imitates the webmail's own (a fake message nested in its
    // body): what lies inside another message's body is mail content, never a message.
    const real = out.filter((m) => !out.some((o) => o !== m && o.body.contains(m.container)));
    return real.map((m) => ({ ...m, adapter }));
  }

  function takeSnapshot(found) {
    const a = found.adapter ?? V.adapters.GENERIC;
    const sender = a.sender?.length ? senderOf(a, found.container, found.anchor) : {};
    let html = found.body.innerHTML;
    const truncated = html.length > MAX_BODY_CHARS;
    if (truncated) html = html.slice(0, MAX_BODY_CHARS);
    const subject = subjectOf(a, found.container);
    const fallbackId = `${sender.address ?? sender.name ?? ''}|${subject ?? ''}|${signature(html)}`;
    return {
      snapshot: {
        webmail: a.id,
        messageId: messageIdOf(a, found.container, fallbackId),
        senderName: sender.name,
        senderAddress: sender.address,
        subject,
        bodyHtml: html,
      },
      signature: signature(html),
      edges: contentEdges(found.body),
      truncated,
    };
  }

  V.snapshot = { findMessages, takeSnapshot, declaredKey, replaced, parseMailbox, hasContent, signature, fnv, MAX_BODY_CHARS };
})();
