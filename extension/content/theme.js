/*
 * Colours and inline-style helpers for the banner and the tooltip. Styles are set through
 * CSSOM (el.style), never with <style> or a style attribute: those fall under the page's
 * style-src, and a webmail's CSP may forbid them.
 */
(function () {
  'use strict';
  const V = (globalThis.vigie ??= {});
  if (V.theme) return;

  const PALETTES = {
    light: {
      danger: { bg: '#fdecea', edge: '#c5221f', title: '#8c1d18', text: '#3c1411' },
      caution: { bg: '#fff4e0', edge: '#b45309', title: '#7a3d00', text: '#3d2a00' },
      ok: { bg: '#f4f6f8', edge: '#5f6b7a', title: '#283341', text: '#283341' },
      strong: '#000000',
      buttonBg: '#ffffff',
      buttonText: '#1f2937',
      buttonEdge: '#9aa3ad',
      muted: '#4b5563',
      mark: '#fff3a3',
    },
    dark: {
      danger: { bg: '#3a1512', edge: '#f28b82', title: '#ffb4ab', text: '#fce8e6' },
      caution: { bg: '#3a2a0b', edge: '#fbbf24', title: '#fcd34d', text: '#fdf3dc' },
      ok: { bg: '#252a31', edge: '#9aa3ad', title: '#e5e7eb', text: '#e5e7eb' },
      strong: '#ffffff',
      buttonBg: '#1f2328',
      buttonText: '#f1f3f4',
      buttonEdge: '#6b7480',
      muted: '#c4c9d0',
      mark: '#5c4d00',
    },
  };

  function parseRgb(value) {
    const m = /rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?/.exec(value ?? '');
    if (!m) return null;
    let alpha = m[4] === undefined ? 1 : parseFloat(m[4]);
    if (m[4]?.endsWith('%')) alpha /= 100;
    return { r: +m[1], g: +m[2], b: +m[3], a: alpha };
  }

  /** The colour the page paints behind el (first opaque-ish background up the tree). */
  function backgroundBehind(el) {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const view = node.ownerDocument.defaultView;
      const c = parseRgb(view?.getComputedStyle(node).backgroundColor);
      if (c && c.a >= 0.5) return c;
    }
    return null;
  }

  /** Dark when the browser asks for it, or when the webmail's own theme is dark (Gmail's themes do not change prefers-color-scheme). */
  function isDark(el) {
    const view = el?.ownerDocument?.defaultView ?? globalThis;
    const bg = el ? backgroundBehind(el) : null;
    if (bg) return (0.2126 * bg.r + 0.7152 * bg.g + 0.0722 * bg.b) / 255 < 0.4;
    try {
      return Boolean(view.matchMedia?.('(prefers-color-scheme: dark)').matches);
    } catch {
      return false;
    }
  }

  function palette(dark) {
    return dark ? PALETTES.dark : PALETTES.light;
  }

  /** Sets many inline style properties; `important` protects a host from page rules. */
  function style(el, props, important = false) {
    for (const [k, v] of Object.entries(props)) {
      const name = k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      el.style.setProperty(name, String(v), important ? 'important' : '');
    }
    return el;
  }

  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif';

  // What a page rule on our host could change, or what the host passes on to the shadow tree
  // by inheritance. (`all: initial` would do it too, but expands into hundreds of properties.)
  const HOST_RESET = {
    float: 'none', width: 'auto', height: 'auto', maxWidth: 'none', minWidth: '0', padding: '0', border: '0',
    background: 'transparent', boxShadow: 'none', opacity: '1', visibility: 'visible', transform: 'none',
    filter: 'none', clipPath: 'none', overflow: 'visible', contain: 'none', color: 'initial',
    font: 'initial', lineHeight: 'normal', letterSpacing: 'normal', wordSpacing: 'normal', textTransform: 'none',
    textIndent: '0', textShadow: 'none', textAlign: 'start', whiteSpace: 'normal', cursor: 'auto',
  };

  /** Inline, !important styles for a host element: the reset plus what it needs. */
  function host(el, props) {
    return style(el, { ...HOST_RESET, ...props }, true);
  }

  V.theme = { PALETTES, palette, isDark, style, host, parseRgb, FONT };
})();
