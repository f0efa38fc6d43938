/*
 * Links of a checked message: the report's link i (source "anchor") is the i-th element of
 * body.querySelectorAll('a[href], area[href]') in document order, the same enumeration the
 * core makes from the serialized HTML. Deceptive links get an outline (inline style) and
 * data-vigie-link; hrefs are never changed. Hover and focus show the tooltip from this map.
 */
(function () {
  'use strict';
  const V = (globalThis.vigie ??= {});
  if (V.links) return;

  const SELECTOR = 'a[href], area[href]';
  const OUTLINE = { danger: '#d93025', caution: '#e37400' };
  const outlined = new WeakMap(); // element → its inline outline before ours

  function anchorsOf(body) {
    return Array.from(body.querySelectorAll(SELECTOR));
  }

  /** Element → link report. An anchor whose href no longer matches its report is left out. */
  function mapReport(body, report) {
    const map = new Map();
    const anchors = anchorsOf(body);
    for (const link of report?.links ?? []) {
      if (link.source !== 'anchor') continue;
      const a = anchors[link.index];
      if (!a) continue;
      const href = (a.getAttribute('href') ?? '').trim();
      if (link.href !== undefined && href !== String(link.href).trim()) continue;
      map.set(a, link);
    }
    return map;
  }

  function outline(a, link) {
    const verdict = link?.verdict;
    if (verdict !== 'danger' && verdict !== 'caution') return;
    if (!outlined.has(a)) {
      outlined.set(a, {
        outline: a.style.getPropertyValue('outline'),
        priority: a.style.getPropertyPriority('outline'),
        offset: a.style.getPropertyValue('outline-offset'),
      });
    }
    a.style.setProperty('outline', `2px ${verdict === 'danger' ? 'solid' : 'dashed'} ${OUTLINE[verdict]}`, 'important');
    a.style.setProperty('outline-offset', '2px', 'important');
    a.setAttribute('data-vigie-link', verdict);
  }

  function unoutline(a) {
    const before = outlined.get(a);
    if (!before) return;
    a.style.setProperty('outline', before.outline, before.priority);
    a.style.setProperty('outline-offset', before.offset);
    a.removeAttribute('data-vigie-link');
    outlined.delete(a);
  }

  function linkText(a) {
    const text = (a.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text) return text.slice(0, 500);
    const alt = a.querySelector?.('img[alt]')?.getAttribute('alt') ?? a.getAttribute('alt') ?? a.getAttribute('title');
    return (alt ?? '').slice(0, 500);
  }

  /**
   * An <area> has no box of its own (getBoundingClientRect is all zeros): take the image that
   * uses its map, narrowed to the area's coords (CSS pixels from the image's top-left corner).
   */
  function areaRect(area) {
    const map = area.closest('map');
    const name = map?.getAttribute('name') ?? map?.id;
    const imgs = name ? area.ownerDocument.querySelectorAll('img[usemap], object[usemap]') : [];
    const img = Array.from(imgs).find((i) => i.getAttribute('usemap') === `#${name}`);
    if (!img) return null;
    const box = img.getBoundingClientRect();
    const n = (area.getAttribute('coords') ?? '').split(',').map((c) => parseFloat(c)).filter((c) => Number.isFinite(c));
    const shape = (area.getAttribute('shape') ?? 'rect').toLowerCase();
    let xs = [];
    let ys = [];
    if ((shape === 'circle' || shape === 'circ') && n.length >= 3) {
      xs = [n[0] - n[2], n[0] + n[2]];
      ys = [n[1] - n[2], n[1] + n[2]];
    } else if (n.length >= 4 && shape !== 'default') {
      for (let i = 0; i + 1 < n.length; i += 2) {
        xs.push(n[i]);
        ys.push(n[i + 1]);
      }
    }
    if (!xs.length) return { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
    return {
      left: box.left + Math.min(...xs),
      top: box.top + Math.min(...ys),
      right: box.left + Math.max(...xs),
      bottom: box.top + Math.max(...ys),
    };
  }

  /** The link's box in the top-level viewport (through same-origin iframes). */
  function viewportRect(a, pointer) {
    let r = a.getBoundingClientRect();
    if (a.localName === 'area') r = areaRect(a) ?? r;
    if (r.right - r.left <= 0 && r.bottom - r.top <= 0 && pointer) {
      // Still no box (an area without its image): place the tooltip at the pointer.
      r = { left: pointer.x, top: pointer.y, right: pointer.x + 1, bottom: pointer.y + 1 };
    }
    let { left, top, right, bottom } = r;
    let win = a.ownerDocument.defaultView;
    while (win && win.frameElement && win !== win.top) {
      const f = win.frameElement;
      const fr = f.getBoundingClientRect();
      const dx = fr.left + f.clientLeft;
      const dy = fr.top + f.clientTop;
      left += dx;
      right += dx;
      top += dy;
      bottom += dy;
      win = f.ownerDocument.defaultView;
    }
    return { left, top, right, bottom, width: right - left, height: bottom - top };
  }

  // Bumped by forgetHover: a hover under way when the page was cleared shows nothing more.
  let hoverEpoch = 0;

  /** The page was cleared (switched off): pending hovers draw no tooltip when they resolve. */
  function forgetHover() {
    hoverEpoch += 1;
  }

  /**
   * Hover/focus listeners on a document (the page, or a message's iframe). resolve(a) returns
   * {link} | {pending: Promise<link>} | null for links outside checked messages.
   * uiDoc is where the tooltip lives (the top document the content script runs in).
   */
  function watchDocument(doc, uiDoc, resolve, isDark) {
    let current = null;
    let enteredAt = hoverEpoch;
    let timer = null;
    let pointer = null;

    const show = (a, link) => V.tooltip.show(uiDoc, viewportRect(a, pointer), link, isDark(a));

    function enter(a, delay) {
      if (a === current && enteredAt === hoverEpoch) return;
      current = a;
      enteredAt = hoverEpoch;
      clearTimeout(timer);
      const r = resolve(a);
      if (!r) {
        V.tooltip.hide();
        return;
      }
      const still = () => current === a && enteredAt === hoverEpoch;
      timer = setTimeout(() => {
        if (!still()) return;
        if (r.link) {
          show(a, r.link);
        } else {
          show(a, 'checking');
          r.pending.then(
            (link) => still() && show(a, link ?? 'unavailable'),
            () => still() && show(a, 'unavailable'),
          );
        }
      }, delay);
    }

    function leave() {
      current = null;
      clearTimeout(timer);
      V.tooltip.hide();
    }

    const linkOf = (target) => (target?.closest ? target.closest(SELECTOR) : null);
    doc.addEventListener('mouseover', (e) => {
      pointer = { x: e.clientX, y: e.clientY };
      const a = linkOf(e.target);
      if (a) enter(a, 120);
      else if (current) leave();
    }, true);
    doc.addEventListener('mouseout', (e) => {
      if (current && !current.contains(e.relatedTarget)) leave();
    }, true);
    doc.addEventListener('focusin', (e) => {
      pointer = null;
      const a = linkOf(e.target);
      if (a) enter(a, 0);
    }, true);
    doc.addEventListener('focusout', () => current && leave(), true);
    doc.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && current) leave();
    }, true);
    doc.defaultView?.addEventListener('scroll', () => current && leave(), { capture: true, passive: true });
  }

  V.links = { SELECTOR, anchorsOf, mapReport, outline, unoutline, linkText, viewportRect, watchDocument, forgetHover };
})();
