/*
 * The link tooltip: one <vigie-tooltip> appended to <html>, closed shadow root, shown on hover
 * or keyboard focus of a link in a checked message. It shows where the link really goes (after
 * unwrapping), the registrable domain highlighted, the punycode form and the link's findings.
 * Host attributes while shown: data-vigie-visible, -destination, -registrable, -findings,
 * -tracked (README, "Test hooks").
 */
(function () {
  'use strict';
  const V = (globalThis.vigie ??= {});
  if (V.tooltip) return;

  const { t, sentenceParts, detailParts, kinds, appendParts, SEVERITY } = V.findings;
  const { palette, style, FONT } = V.theme;
  const MAX_URL_TAIL = 70;
  const HIDDEN_KINDS = new Set(['tracked_redirect', 'opaque_wrapper', 'shortener']);

  function el(doc, tag, css, text) {
    const node = doc.createElement(tag);
    if (css) style(node, css);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** The destination split for display: [before, registrable, after] of the host, and the rest. */
  function destinationParts(link) {
    const dest = String(link.destination || link.href || '');
    const host = String(link.host || '');
    const registrable = String(link.registrable || '');
    let scheme = '';
    let rest = dest;
    const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(dest);
    if (m && host) {
      scheme = m[1];
      rest = m[3];
    } else {
      return { before: '', strong: '', after: '', rest: truncate(dest, MAX_URL_TAIL + 30) };
    }
    const lowerHost = host.toLowerCase();
    const i = registrable ? lowerHost.lastIndexOf(registrable.toLowerCase()) : -1;
    const fits = i >= 0 && i + registrable.length === lowerHost.length && (i === 0 || lowerHost[i - 1] === '.');
    return {
      before: scheme + (fits ? host.slice(0, i) : host),
      strong: fits ? host.slice(i) : '',
      after: '',
      rest: truncate(rest, MAX_URL_TAIL),
    };
  }

  function truncate(s, n) {
    return s.length > n ? `${s.slice(0, n - 1)}…` : s;
  }

  function verdictOf(link) {
    return link?.verdict === 'danger' || link?.verdict === 'caution' ? link.verdict : 'ok';
  }

  /** The tooltip's content for one link report (or a state: 'checking' | 'unavailable'). */
  function content(doc, link, dark) {
    const colours = palette(dark);
    const verdict = verdictOf(link);
    const c = colours[verdict];
    const box = el(doc, 'div', {
      boxSizing: 'border-box',
      maxWidth: '440px',
      padding: '8px 10px',
      borderRadius: '6px',
      border: `1px solid ${c.edge}`,
      borderTop: `4px solid ${c.edge}`,
      background: c.bg,
      color: c.text,
      font: `13px/1.4 ${FONT}`,
      boxShadow: '0 4px 14px rgba(0,0,0,0.25)',
      overflowWrap: 'anywhere',
      textAlign: 'start',
    });
    box.lang = V.findings.uiLanguage();
    box.dir = t('@@bidi_dir') || 'ltr';
    if (link === 'checking' || link === 'unavailable') {
      box.textContent = t(link === 'checking' ? 'tip_checking' : 'tip_unavailable');
      return box;
    }
    const kicker = { danger: 'tip_kicker_danger', caution: 'tip_kicker_caution', ok: 'tip_kicker_ok' }[verdict];
    box.append(el(doc, 'div', { font: `700 11px/1.3 ${FONT}`, textTransform: 'uppercase', letterSpacing: '0.05em', color: c.title }, t(kicker)));

    const dest = destinationParts(link);
    const where = el(doc, 'div', { margin: '2px 0' });
    where.append(el(doc, 'span', { color: colours.muted }, `${t('tip_goes_to')} `));
    const url = el(doc, 'span', { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: '12px' });
    url.append(doc.createTextNode(dest.before));
    if (dest.strong) {
      url.append(el(doc, 'b', { color: colours.strong, background: colours.mark, padding: '0 2px', borderRadius: '2px' }, dest.strong));
    }
    url.append(doc.createTextNode(dest.rest));
    where.append(url);
    box.append(where);

    if (link.host_ascii) {
      box.append(appendParts(el(doc, 'div', { margin: '2px 0', color: colours.muted }), V.findings.messageParts('tip_real_form', [link.host_ascii]) ?? []));
    }
    const findings = (link.findings ?? [])
      .slice()
      .sort((a, b) => (SEVERITY[b.severity] ?? 0) - (SEVERITY[a.severity] ?? 0));
    if (link.tracked && !findings.some((f) => HIDDEN_KINDS.has(f.kind))) {
      box.append(el(doc, 'div', { margin: '2px 0' }, t('tip_tracked')));
    }
    for (const f of findings.slice(0, 5)) {
      const row = el(doc, 'div', { margin: '4px 0 0 0' });
      appendParts(row, sentenceParts(f));
      for (const d of detailParts(f)) row.append(doc.createTextNode(' '), appendParts(el(doc, 'span', { color: colours.muted }), d));
      box.append(row);
    }
    return box;
  }

  let host = null;
  let root = null;

  function ensureHost(doc) {
    if (host && host.ownerDocument === doc && host.isConnected) return;
    host = doc.createElement('vigie-tooltip');
    V.theme.host(host, { position: 'fixed', top: '0', left: '0', margin: '0', zIndex: '2147483647', pointerEvents: 'none', display: 'none' });
    host.setAttribute('data-vigie-visible', 'false');
    root = host.attachShadow({ mode: 'closed' });
    root.append(doc.createElement('div'));
    doc.documentElement.append(host);
  }

  /** rect: the link's box in the top document's viewport. */
  function place(rect) {
    const view = host.ownerDocument.defaultView;
    const width = host.offsetWidth || 300;
    const height = host.offsetHeight || 60;
    const below = rect.bottom + 6;
    const top = below + height <= view.innerHeight - 4 || rect.top - height - 6 < 4 ? below : rect.top - height - 6;
    const left = Math.max(4, Math.min(rect.left, view.innerWidth - width - 8));
    style(host, { top: `${Math.round(top)}px`, left: `${Math.round(left)}px` }, true);
  }

  function show(doc, rect, link, dark) {
    ensureHost(doc);
    root.replaceChildren(content(doc, link, dark));
    const real = link && typeof link === 'object';
    host.setAttribute('data-vigie-visible', 'true');
    host.setAttribute('data-vigie-destination', real ? String(link.destination || link.href || '') : '');
    host.setAttribute('data-vigie-registrable', real ? String(link.registrable || '') : '');
    host.setAttribute('data-vigie-findings', real ? kinds(link.findings) : '');
    host.setAttribute('data-vigie-tracked', real && link.tracked ? 'true' : 'false');
    host.setAttribute('data-vigie-state', real ? 'checked' : String(link));
    style(host, { display: 'block' }, true);
    place(rect);
  }

  function hide() {
    if (!host) return;
    style(host, { display: 'none' }, true);
    host.setAttribute('data-vigie-visible', 'false');
  }

  function remove() {
    host?.remove();
    host = null;
    root = null;
  }

  V.tooltip = { show, hide, remove, content, destinationParts, isShown: () => host?.getAttribute('data-vigie-visible') === 'true' };
})();
