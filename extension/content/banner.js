/*
 * The warning banner: a <vigie-banner> host placed just before the message body (outside it,
 * where the mail cannot draw), with a closed shadow root styled through CSSOM. All text is set
 * with textContent from _locales and the report. Test hooks on the host: data-vigie-verdict,
 * data-vigie-findings, data-vigie-message (README, "Test hooks").
 */
(function () {
  'use strict';
  const V = (globalThis.vigie ??= {});
  if (V.banner) return;

  const { t, sentenceParts, detailParts, warnings, kinds, appendParts, plain } = V.findings;
  const { palette, style, FONT } = V.theme;
  const MAX_LINES = 6;

  function el(doc, tag, css, text) {
    const node = doc.createElement(tag);
    if (css) style(node, css);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(doc, colours, label, onClick) {
    const b = el(doc, 'button', {
      font: `600 13px/1.2 ${FONT}`,
      padding: '6px 12px',
      margin: '0',
      borderRadius: '6px',
      border: `1px solid ${colours.buttonEdge}`,
      background: colours.buttonBg,
      color: colours.buttonText,
      cursor: 'pointer',
    }, label);
    b.type = 'button';
    b.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation(); // the webmail must not treat it as a click on the message
      onClick(e);
    });
    return b;
  }

  function line(doc, colours, f) {
    const li = el(doc, 'li', { margin: '2px 0' });
    appendParts(li, sentenceParts(f));
    for (const d of detailParts(f)) {
      li.append(doc.createTextNode(' '), appendParts(el(doc, 'span', { color: colours.muted }), d));
    }
    return li;
  }

  function advice(report) {
    const lines = [t('why_never_ask')];
    const s = report.sender;
    if (s?.address && s.registrable) {
      lines.push({ key: 'why_check_domain_sender', params: [s.address, s.registrable] });
    } else {
      lines.push(t('why_check_domain'));
    }
    lines.push(t('why_hover'), t('why_local'));
    return lines;
  }

  /**
   * Builds a banner (not inserted). opts: {report, messageId, dark, reportAddress, canTrust,
   * onTrust, onReport, onDismiss}. Returns {host, root, setHint}.
   */
  function build(doc, opts) {
    const report = opts.report;
    const verdict = report.verdict === 'danger' ? 'danger' : 'caution';
    const colours = palette(opts.dark);
    const c = colours[verdict];
    const list = warnings(report.findings);

    const host = doc.createElement('vigie-banner');
    host.setAttribute('data-vigie-verdict', verdict);
    host.setAttribute('data-vigie-findings', kinds(report.findings.filter((f) => f.severity !== 'info')));
    if (opts.messageId) host.setAttribute('data-vigie-message', opts.messageId);
    // The host sits in the webmail's layout: reset what page rules could do to it.
    V.theme.host(host, { display: 'block', margin: '8px 0 12px 0', position: 'relative', zIndex: '1' });
    const root = host.attachShadow({ mode: 'closed' });

    const box = el(doc, 'section', {
      display: 'block',
      boxSizing: 'border-box',
      padding: '12px 14px',
      borderRadius: '8px',
      border: `1px solid ${c.edge}`,
      borderInlineStart: `6px solid ${c.edge}`,
      background: c.bg,
      color: c.text,
      font: `14px/1.45 ${FONT}`,
      textAlign: 'start',
    });
    box.setAttribute('role', verdict === 'danger' ? 'alert' : 'status');
    box.setAttribute('aria-labelledby', 'vigie-title');
    box.lang = V.findings.uiLanguage();
    box.dir = t('@@bidi_dir') || 'ltr';

    const kicker = el(doc, 'div', {
      font: `700 11px/1.3 ${FONT}`,
      letterSpacing: '0.06em',
      textTransform: 'uppercase',
      color: c.title,
      marginBottom: '2px',
    }, t(verdict === 'danger' ? 'banner_kicker_danger' : 'banner_kicker_caution'));

    const top = list[0];
    const title = el(doc, 'p', { margin: '0 0 4px 0', font: `600 15px/1.4 ${FONT}`, color: c.title });
    title.id = 'vigie-title';
    if (top) appendParts(title, sentenceParts(top));
    // A round "!" mark, drawn with CSS (no image to load, no font glyph to miss).
    const mark = el(doc, 'span', {
      flex: '0 0 auto',
      width: '22px',
      height: '22px',
      marginTop: '1px',
      borderRadius: '50%',
      background: c.edge,
      color: opts.dark ? '#1b1b1b' : '#ffffff',
      font: `800 15px/22px ${FONT}`,
      textAlign: 'center',
    }, '!');
    mark.setAttribute('aria-hidden', 'true');
    const heading = el(doc, 'div', { flex: '1 1 auto', minWidth: '0' });
    heading.append(kicker, title);
    const head = el(doc, 'div', { display: 'flex', gap: '10px', alignItems: 'flex-start' });
    head.append(mark, heading);
    // Everything under the title lines up with it, past the mark.
    const main = el(doc, 'div', { marginInlineStart: '32px' });
    box.append(head, main);
    if (top) {
      for (const d of detailParts(top)) main.append(appendParts(el(doc, 'p', { margin: '0 0 4px 0', color: colours.muted }), d));
    }

    const rest = list.slice(1);
    if (rest.length) {
      const ul = el(doc, 'ul', { margin: '6px 0', paddingInlineStart: '20px' });
      // "…and 1 more" would take the room of the line it hides (and needs a plural): shown.
      const shown = rest.length > MAX_LINES + 1 ? MAX_LINES : rest.length;
      for (const f of rest.slice(0, shown)) ul.append(line(doc, colours, f));
      if (rest.length > shown) {
        ul.append(el(doc, 'li', { margin: '2px 0', color: colours.muted }, t('banner_more', [String(rest.length - shown)])));
      }
      main.append(ul);
    }

    // "Why?": the advice people get from banks and safeonweb.be, one click away.
    const whyPanel = el(doc, 'div', { margin: '6px 0 8px 0' });
    whyPanel.id = 'vigie-why';
    whyPanel.hidden = true;
    const whyList = el(doc, 'ul', { margin: '0', paddingInlineStart: '20px' });
    for (const a of advice(report)) {
      const li = el(doc, 'li', { margin: '2px 0' });
      if (typeof a === 'string') li.textContent = a;
      else appendParts(li, V.findings.messageParts(a.key, a.params) ?? []);
      whyList.append(li);
    }
    whyPanel.append(whyList);

    const actions = el(doc, 'div', { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'center', marginTop: '8px' });
    const why = button(doc, colours, t('banner_why'), () => {
      const open = why.getAttribute('aria-expanded') !== 'true';
      why.setAttribute('aria-expanded', String(open));
      whyPanel.hidden = !open;
    });
    why.setAttribute('aria-expanded', 'false');
    why.setAttribute('aria-controls', 'vigie-why');
    why.dataset.action = 'why';
    actions.append(why);
    if (opts.canTrust) {
      const trust = button(doc, colours, t('banner_trust'), () => opts.onTrust?.());
      trust.dataset.action = 'trust';
      actions.append(trust);
    }
    const reportButton = button(doc, colours, t('banner_report'), () => opts.onReport?.());
    reportButton.dataset.action = 'report';
    const dismiss = button(doc, colours, t('banner_dismiss'), () => opts.onDismiss?.());
    dismiss.dataset.action = 'dismiss';
    actions.append(reportButton, dismiss);

    const hint = el(doc, 'p', { margin: '8px 0 0 0', color: c.text });
    hint.setAttribute('aria-live', 'polite');
    hint.hidden = true;

    main.append(actions, whyPanel, hint);
    root.append(box);

    function setHint(parts) {
      hint.textContent = '';
      appendParts(hint, parts);
      hint.hidden = false;
    }
    return { host, root, setHint, title: plain(top ? sentenceParts(top) : []) };
  }

  /** A mailto: URL for the Report button: the user's own mail program, the user sends. */
  function reportUrl(address, snapshot, report) {
    const lines = [t('report_intro'), ''];
    const from = [snapshot.senderName, snapshot.senderAddress && `<${snapshot.senderAddress}>`].filter(Boolean).join(' ');
    if (from) lines.push(t('report_from', [from]));
    if (snapshot.subject) lines.push(t('report_subject_line', [snapshot.subject]));
    lines.push('', t('report_findings'));
    for (const f of warnings(report.findings).slice(0, 10)) lines.push(`- ${plain(sentenceParts(f))}`);
    const subject = t('report_subject', [snapshot.subject || snapshot.senderAddress || '']);
    const q = `subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(lines.join('\r\n'))}`;
    return `mailto:${encodeURIComponent(address).replace(/%40/g, '@')}?${q}`;
  }

  V.banner = { build, reportUrl };
})();
