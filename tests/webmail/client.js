// The demo webmail's page script (inlined with a nonce by server.mjs). Like Gmail, it builds
// the opened message after the page has loaded: it fetches the message as JSON and inserts
// the thread view (div.adn[data-message-id], span.gD[email][name], h2.hP, div.a3s.aiL).
// Headers are built with DOM APIs (textContent / setAttribute), so mail strings are never
// parsed as markup. The body is mail HTML on purpose: it is parsed in an inert document
// through a Trusted Types policy (the page may send `require-trusted-types-for 'script'`),
// stripped of active content, and adopted into the page.
(function () {
  'use strict';

  const config = JSON.parse(document.getElementById('webmail-config').textContent);
  const tt = window.trustedTypes && window.trustedTypes.createPolicy
    ? window.trustedTypes.createPolicy('demo-webmail#mail-body', { createHTML: (s) => s })
    : null;
  const trusted = (s) => (tt ? tt.createHTML(s) : s);

  // Elements a webmail never lets a mail run or use to change the page itself.
  const ACTIVE = 'script, iframe, frame, frameset, object, embed, applet, base, meta, link, portal';

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null) node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c !== null && c !== undefined) node.append(c);
    }
    return node;
  }

  /** Mail HTML → nodes of the page's document (body content only, as Gmail shows it). */
  function bodyNodes(html) {
    const doc = new DOMParser().parseFromString(trusted(html), 'text/html');
    for (const n of doc.querySelectorAll(ACTIVE)) n.remove();
    for (const n of doc.body.querySelectorAll('*')) {
      for (const a of Array.from(n.attributes)) {
        if (/^on/i.test(a.name)) n.removeAttribute(a.name);
      }
    }
    // Copy the live list first: adopting a node removes it from doc.body.childNodes.
    return Array.from(doc.body.childNodes).map((n) => document.adoptNode(n));
  }

  function safeRedirect(href) {
    return `https://www.google.com/url?q=${encodeURIComponent(href)}&source=gmail&ust=${Date.now() + 86400000}&usg=AOvVaw0vigieDemo`;
  }

  function senderSpan(mb, cls) {
    const name = mb.name || mb.address;
    return el('span', { class: cls, email: mb.address, name, 'data-hovercard-id': mb.address }, el('span', null, name));
  }

  /** The thread view for one message, in Gmail's structure. */
  function threadView(m) {
    const body = el('div', { id: ':1b', class: 'a3s aiL' });
    body.append(...bodyNodes(m.bodyHtml));
    if (config.safeRedirect) {
      for (const a of body.querySelectorAll('a[href]')) {
        const href = a.getAttribute('href');
        if (/^\s*https?:/i.test(href)) a.setAttribute('data-saferedirecturl', safeRedirect(href));
        a.setAttribute('target', '_blank');
      }
    }
    const to = el('span', { class: 'hb' }, 'to ');
    m.to.forEach((r, i) => {
      if (i) to.append(', ');
      to.append(senderSpan(r, 'g2'));
    });
    const address = el('span', { class: 'go' },
      el('span', { 'aria-hidden': 'true' }, '<'), m.from.address, el('span', { 'aria-hidden': 'true' }, '>'));
    const header = el('div', { class: 'gE iv gt' },
      el('table', { class: 'cf gJ' }, el('tbody', null,
        el('tr', { class: 'acZ' },
          el('td', { class: 'gF gK' }, el('h3', { class: 'iw' },
            el('span', { class: 'qu', tabindex: '-1' }, senderSpan(m.from, 'gD'), ' ', address))),
          el('td', { class: 'gH bAk' }, el('span', { class: 'g3', title: m.date }, m.dateShort))),
        el('tr', { class: 'acZ xD' }, el('td', { colspan: '2' }, el('div', { class: 'iw ajw' }, to))))));
    const attachments = m.attachments.length
      ? el('div', { class: 'hq gt' }, ...m.attachments.map((a) => el('span', { class: 'aZo' }, `📎 ${a.filename || a.contentType}`)))
      : null;
    const message = el('div', { class: 'adn ads', 'data-message-id': m.messageId, 'data-legacy-message-id': m.legacyMessageId },
      el('div', { class: 'gs' }, header, el('div', { id: ':1a', class: 'ii gt' }, body), attachments));
    return el('div', { class: 'nH if', 'data-thread-perm-id': m.threadId.slice(1) },
      el('div', { class: 'ha' }, el('h2', { class: 'hP', tabindex: '-1', 'data-thread-perm-id': m.threadId.slice(1), 'data-legacy-thread-id': m.legacyThreadId }, m.subject)),
      el('div', { role: 'list' }, el('div', { role: 'listitem', class: 'h7 ie nH oy8Mbf', 'aria-expanded': 'true' }, message)));
  }

  const pane = document.getElementById('thread-pane');
  let generation = 0;

  async function open() {
    const mine = ++generation;
    const m = /^#inbox\/(.+)$/.exec(location.hash);
    for (const row of document.querySelectorAll('tr.zA')) row.classList.remove('x7');
    if (!m) {
      pane.replaceChildren(el('div', { class: 'demo-empty' }, 'Select a message.'));
      document.body.removeAttribute('data-demo-opened');
      return;
    }
    const id = decodeURIComponent(m[1]);
    const res = await fetch(`${config.api}${encodeURIComponent(id)}`, { cache: 'no-store' });
    if (mine !== generation) return;
    if (!res.ok) {
      pane.replaceChildren(el('div', { class: 'demo-empty' }, `No such message: ${id}`));
      document.body.setAttribute('data-demo-opened', 'missing');
      return;
    }
    const message = await res.json();
    if (mine !== generation) return;
    document.title = `${message.subject} - Vigie demo webmail`;
    for (const row of document.querySelectorAll('tr.zA')) {
      if (row.getAttribute('data-demo-id') === id) row.classList.add('x7');
    }
    pane.replaceChildren(threadView(message));
    document.body.setAttribute('data-demo-opened', id);
  }

  window.addEventListener('hashchange', () => void open());
  // Gmail builds its views well after `load`; so does this page.
  const start = () => setTimeout(() => void open(), config.openDelayMs);
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
})();
