// Page-world functions run in Roundcube's main page (they are serialised: self-contained,
// one argument). The preview iframe #messagecontframe is same-origin, so the main page's
// script can read its DOM; closed shadow roots are not needed: Vigie's test hooks are host
// attributes (see /tmp/contract.md "Test hooks").

/** Everything the test asserts about one opened message, from the top page and the preview frame. */
export function probe() {
  const desc = (el) => {
    if (!el) return null;
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    if (typeof el.className === 'string' && el.className.trim()) s += `.${el.className.trim().split(/\s+/).join('.')}`;
    return s;
  };
  const shown = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const cs = el.ownerDocument.defaultView.getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.display !== 'none' && cs.visibility !== 'hidden';
  };
  const attrs = (el, names) => Object.fromEntries(names.map((n) => [n, el.getAttribute(n)]));
  function scan(doc) {
    const checked = [...doc.querySelectorAll('[data-vigie-checked]')];
    // Vigie's own mark is on the message body (and its anchor): the outermost marked elements.
    const outer = checked.filter((e) => !checked.some((o) => o !== e && o.contains(e)));
    const banners = [...doc.querySelectorAll('vigie-banner')].map((b) => {
      const r = b.getBoundingClientRect();
      return {
        verdict: b.getAttribute('data-vigie-verdict'),
        findings: (b.getAttribute('data-vigie-findings') || '').split(/\s+/).filter(Boolean),
        message: b.getAttribute('data-vigie-message'),
        next: desc(b.nextElementSibling),
        nextChecked: b.nextElementSibling?.getAttribute('data-vigie-checked') ?? null,
        insideMarked: Boolean(b.parentElement?.closest('[data-vigie-checked]')),
        insideMessagebody: Boolean(b.closest('#messagebody')),
        visible: shown(b),
        rect: { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width), h: Math.round(r.height) },
      };
    });
    const tooltips = [...doc.querySelectorAll('vigie-tooltip')].map((t) => ({
      ...attrs(t, ['data-vigie-visible', 'data-vigie-destination', 'data-vigie-registrable', 'data-vigie-findings', 'data-vigie-tracked']),
      parent: desc(t.parentElement),
      visible: shown(t),
    }));
    const links = [...doc.querySelectorAll('[data-vigie-link]')].map((a) => ({
      mark: a.getAttribute('data-vigie-link'),
      href: a.getAttribute('href'),
      text: a.textContent.replace(/\s+/g, ' ').trim().slice(0, 120),
    }));
    const warn = doc.getElementById('suspicious-content-message');
    const remote = doc.getElementById('remote-objects-message');
    return {
      marked: outer.map((e) => ({ el: desc(e), value: e.getAttribute('data-vigie-checked'), prev: desc(e.previousElementSibling) })),
      banners,
      tooltips,
      links,
      messagebody: Boolean(doc.querySelector('#messagebody')),
      bodyText: (doc.querySelector('#messagebody')?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 200),
      hrefs: [...(doc.querySelector('#messagebody')?.querySelectorAll('a[href]') ?? [])].map((a) => a.getAttribute('href')),
      sender: [...doc.querySelectorAll('.rcmContactAddress')].slice(0, 1).map((a) => ({ text: a.textContent, title: a.title }))[0] ?? null,
      roundcubeWarning: warn ? shown(warn) : false,
      remoteBlocked: remote ? shown(remote) : false,
    };
  }
  const out = {
    url: location.href,
    loginForm: Boolean(document.getElementById('rcmloginuser')),
    rows: document.querySelectorAll('#messagelist tbody tr.message').length,
    top: scan(document),
    frameUrl: null,
    frameReady: null,
    frame: null,
  };
  const f = document.getElementById('messagecontframe');
  if (f) {
    try {
      const d = f.contentDocument;
      out.frameUrl = d?.location.href ?? null;
      out.frameReady = d?.readyState ?? null;
      if (d?.documentElement) out.frame = scan(d);
    } catch (e) {
      out.frameError = String(e);
    }
  }
  return out;
}

/** The list rows Roundcube drew: [{id, subject, from, unread}] */
export function listRows() {
  return [...document.querySelectorAll('#messagelist tbody tr.message')].map((tr) => ({
    id: tr.id,
    subject: (tr.querySelector('td.subject span.subject a span, td.subject a span, td.subject a')?.textContent ?? '').trim(),
    from: tr.querySelector('.rcmContactAddress')?.title ?? '',
    unread: tr.classList.contains('unread'),
  }));
}
