/*
 * Findings → words. The engine gives each finding a `message_key` and its parameters; the
 * sentence comes from _locales through chrome.i18n, and the parameters (the evidence: real
 * domain, punycode form, brand...) are returned as separate parts so that they can be shown
 * in bold. Everything built from these parts uses textContent, never innerHTML.
 */
(function () {
  'use strict';
  const V = (globalThis.vigie ??= {});
  if (V.findings) return;

  const api = globalThis.browser ?? globalThis.chrome;
  const SEVERITY = { danger: 2, caution: 1, info: 0 };
  // Which finding speaks first: the sender's lie, then what the mail asks, then the links.
  const KIND_ORDER = [
    'brand_impersonation', 'freemail_brand', 'lookalike_domain', 'display_name_address', 'disguised_name', 'first_contact',
    'punycode_domain', 'reply_to_mismatch', 'secret_request', 'form_in_mail', 'userinfo', 'embedded_domain',
    'link_text_mismatch', 'brand_text_mismatch', 'ip_host', 'dangerous_scheme', 'shortener', 'shared_platform',
    'address_unreadable', 'from_malformed', 'partly_checked', 'invalid_input', 'urgency', 'opaque_wrapper', 'tracked_redirect',
    'unwrapped', 'trusted_sender',
  ];
  // Private-use characters mark where each parameter lands in the translated sentence.
  const OPEN = '\uE000';
  const CLOSE = '\uE001';

  /** chrome.i18n.getMessage, with the key itself when a translation is missing. */
  function t(key, subs) {
    let s = '';
    try {
      s = api?.i18n?.getMessage(key, subs) ?? '';
    } catch {
      /* an extension reloaded under the page: the context is gone */
    }
    return s || '';
  }

  function uiLanguage() {
    try {
      return api.i18n.getUILanguage() || 'en';
    } catch {
      return 'en';
    }
  }

  function listJoin(items) {
    try {
      return new Intl.ListFormat(uiLanguage(), { style: 'long', type: 'conjunction' }).format(items);
    } catch {
      return items.join(', ');
    }
  }

  /**
   * A domain with non-ASCII letters is shown in its punycode (ASCII) form: `prοximus.be` with a
   * Greek omicron looks exactly like the real name, and a warning that says "sent from
   * proximus.be" would contradict itself. The ASCII form is what makes the trick visible.
   */
  function revealDomain(p) {
    if (!/[^\x00-\x7f]/.test(p) || !/^[^\s@/:]+\.[^\s@/:]+$/u.test(p)) return p;
    try {
      return new URL(`http://${p}/`).hostname || p;
    } catch {
      return p;
    }
  }

  /** Parameters as shown: secret kinds get their translated labels, IDN domains their ASCII form. */
  function displayParams(f) {
    // The punycode finding's own sentence already pairs the Unicode name with its ASCII form.
    const reveal = String(f.message_key ?? '').startsWith('f_punycode') ? String : (p) => revealDomain(String(p));
    const params = Array.isArray(f.params) ? f.params.map(reveal) : [];
    if (f.message_key === 'f_secret_request' && f.evidence?.asks_for) {
      const labels = String(f.evidence.asks_for)
        .split(/\s+/)
        .filter(Boolean)
        .map((k) => t(`s_${k}`) || k.replace(/_/g, ' '));
      params[0] = listJoin(labels);
    }
    return params;
  }

  /** A translated message as parts: [{text, strong}], parameters strong. */
  function messageParts(key, params) {
    const marked = params.map((_, i) => `${OPEN}${i}${CLOSE}`);
    const text = t(key, marked.length ? marked : undefined);
    if (!text) return null;
    const parts = [];
    const re = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m.index > last) parts.push({ text: text.slice(last, m.index), strong: false });
      parts.push({ text: params[Number(m[1])] ?? '', strong: true });
      last = m.index + m[0].length;
    }
    if (last < text.length) parts.push({ text: text.slice(last), strong: false });
    return parts;
  }

  /** The sentence of a finding, as parts. Never empty: falls back to the kind's name. */
  function sentenceParts(f) {
    const params = displayParams(f);
    const parts = messageParts(f.message_key, params);
    if (parts) return parts;
    const fallback = [{ text: String(f.kind ?? 'finding').replace(/_/g, ' '), strong: false }];
    for (const p of params) fallback.push({ text: ' ', strong: false }, { text: p, strong: true });
    return fallback;
  }

  /** Extra evidence under a sentence: the brand's real domain, the trick used, the punycode form,
   * the look-alike letters of a disguised name. */
  function detailParts(f) {
    const out = [];
    if (f.technique) {
      const label = t(`t_${f.technique}`);
      if (label) out.push(messageParts('d_technique', [label]));
    }
    const official = f.evidence?.official;
    if (official && f.brand && f.kind === 'brand_impersonation') out.push(messageParts('d_official', [f.brand, official]));
    const puny = f.evidence?.punycode;
    if (puny && !displayParams(f).includes(puny)) out.push(messageParts('d_punycode', [puny]));
    const letters = f.evidence?.letters;
    if (letters && f.kind === 'disguised_name') out.push(messageParts('d_foreign_letters', [String(letters)]));
    return out.filter(Boolean);
  }

  const plain = (parts) => parts.map((p) => p.text).join('');

  function kindRank(f) {
    const i = KIND_ORDER.indexOf(f.kind);
    return i < 0 ? KIND_ORDER.length : i;
  }

  /** Warnings (caution and danger), most telling first, same sentence once. */
  function warnings(findings) {
    const seen = new Set();
    return (Array.isArray(findings) ? findings : [])
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => f && SEVERITY[f.severity] > 0)
      .sort((a, b) => SEVERITY[b.f.severity] - SEVERITY[a.f.severity] || kindRank(a.f) - kindRank(b.f) || a.i - b.i)
      .map(({ f }) => f)
      .filter((f) => {
        const key = plain(sentenceParts(f));
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  }

  const kinds = (findings) => [...new Set((findings ?? []).map((f) => f.kind).filter(Boolean))].join(' ');

  /** Appends parts to an element: text nodes and <b> for the evidence. */
  function appendParts(el, parts) {
    const doc = el.ownerDocument;
    for (const p of parts) {
      if (!p.text) continue;
      if (p.strong) {
        const b = doc.createElement('b');
        b.textContent = p.text;
        el.append(b);
      } else {
        el.append(doc.createTextNode(p.text));
      }
    }
    return el;
  }

  V.findings = { revealDomain,
    t, uiLanguage, listJoin, sentenceParts, detailParts, messageParts, warnings, kinds, appendParts, plain, SEVERITY,
  };
})();
