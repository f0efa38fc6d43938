// What the demo webmail shows for one mail: the message model (sender, subject, body HTML) and
// the server-rendered pieces of the page. Every mail-derived string that goes into page markup
// goes through escapeHtml; the one exception is the HTML body, which the page script inserts as
// a webmail would (it is mail HTML on purpose: the extension has to read it).

import { createHash } from 'node:crypto';
import { parseMail } from './mime.mjs';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text → HTML text or attribute value (double- or single-quoted). */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * JSON for an inline `<script type="application/json">`: `<`, `>`, `&` and the JS line
 * separators are escaped so the mail cannot close the script element or confuse a parser.
 */
export function jsonForScript(value) {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// URLs in plain text, as Gmail links them: scheme URLs, www. hosts and e-mail addresses.
const LINKABLE = /\b(?:(?:https?|ftp):\/\/[^\s<>"]+|www\.[^\s<>"]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b)/gi;
const TRAILING = /[.,;:!?'"»›)\]}]+$/;

/** Trims sentence punctuation after a URL, keeping a closing bracket that has its opener. */
function trimUrl(url) {
  let u = url;
  for (;;) {
    const m = TRAILING.exec(u);
    if (!m) return u;
    let cut = m[0];
    // Give back closing brackets that close one inside the URL, e.g. wiki/Foo_(bar).
    while (cut.length) {
      const c = cut[0];
      const open = { ')': '(', ']': '[', '}': '{' }[c];
      const kept = u.slice(0, u.length - cut.length);
      if (open && count(kept, open) > count(kept, c)) cut = cut.slice(1);
      else break;
    }
    if (!cut.length) return u;
    u = u.slice(0, u.length - cut.length);
    if (!TRAILING.test(u)) return u;
  }
}

function count(s, c) {
  return s.split(c).length - 1;
}

/**
 * Plain text → the HTML Gmail shows for a text/plain mail: escaped text, line breaks as <br>,
 * runs of spaces kept, URLs and addresses turned into links opening in a new tab.
 */
export function textToHtml(text) {
  const out = [];
  const src = String(text ?? '').replace(/\r\n?/g, '\n');
  let last = 0;
  for (const m of src.matchAll(LINKABLE)) {
    const found = trimUrl(m[0]);
    if (!found) continue;
    out.push(escapeText(src.slice(last, m.index)));
    let href;
    if (found.includes('@') && !/^[a-z]+:\/\//i.test(found) && !/^www\./i.test(found)) href = `mailto:${found}`;
    else if (/^www\./i.test(found)) href = `http://${found}`;
    else href = found;
    out.push(`<a href="${escapeHtml(href)}" target="_blank">${escapeHtml(found)}</a>`);
    last = m.index + found.length;
  }
  out.push(escapeText(src.slice(last)));
  return `<div dir="ltr">${out.join('')}</div>`;
}

function escapeText(s) {
  return escapeHtml(s)
    .replace(/ {2}/g, ' &nbsp;')
    .replace(/\n/g, '<br>\n');
}

/** Gmail's click-through for a body link (shown in data-saferedirecturl, href unchanged). */
export function safeRedirectUrl(href, now = Date.now()) {
  return `https://www.google.com/url?q=${encodeURIComponent(href)}&source=gmail&ust=${now + 86400000}&usg=AOvVaw0vigieDemo`;
}

/** Mail HTML or text → a one-line preview for the inbox list (plain text, not escaped). */
export function snippetOf(mail, max = 110) {
  let text = mail.text;
  if (text === null || text === undefined) {
    text = String(mail.html ?? '')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e) => decodeEntity(all, e));
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function decodeEntity(all, e) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  if (e[0] === '#') {
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
  }
  return named[e.toLowerCase()] ?? all;
}

/** Stable Gmail-style ids for a mail: `#msg-f:<decimal>` and the legacy hex form. */
export function gmailIds(key) {
  const hex = createHash('sha1').update(String(key)).digest('hex').slice(0, 16);
  const n = BigInt(`0x${hex}`) & 0x7fffffffffffffffn;
  const legacy = n.toString(16).padStart(16, '0');
  return { messageId: `#msg-f:${n}`, legacyMessageId: legacy, threadId: `#thread-f:${n}`, legacyThreadId: legacy };
}

/** "Mon, 29 Jan 2024 09:12:44 +0100" → "29 Jan 2024" (the raw value stays in the title). */
export function shortDate(date) {
  const d = new Date(date);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/**
 * One mail as the page script receives it. `id` is the URL-safe key (file name without .eml).
 * bodyHtml is the HTML part if any, else the text part rendered as Gmail does.
 */
export function messageModel(id, raw, { file = '' } = {}) {
  const mail = parseMail(raw);
  const ids = gmailIds(id);
  const plain = mail.html === null;
  const from = mail.from ?? { name: '', address: '' };
  return {
    id,
    file,
    ...ids,
    subject: mail.subject,
    from: { name: from.name || from.address, address: from.address },
    to: mail.to,
    replyTo: mail.replyTo,
    date: mail.date,
    dateShort: shortDate(mail.date),
    plain,
    bodyHtml: plain ? textToHtml(mail.text ?? '') : mail.html,
    snippet: snippetOf(mail),
    attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
  };
}

/** The inbox list in Gmail's markup (table.F > tr.zA), every mail string escaped. */
export function renderInboxRows(messages) {
  return messages
    .map((m) => {
      const name = escapeHtml(m.from.name || m.from.address);
      return [
        `<tr class="zA yO" data-demo-id="${escapeHtml(m.id)}" data-legacy-thread-id="${escapeHtml(m.legacyThreadId)}">`,
        `<td class="yX xY"><div class="yW"><span class="bA4"><span class="zF" email="${escapeHtml(m.from.address)}" name="${name}">${name}</span></span></div></td>`,
        `<td class="xY a4W"><a class="demo-open" href="#inbox/${encodeURIComponent(m.id)}">`,
        `<span class="bog">${escapeHtml(m.subject || '(no subject)')}</span>`,
        `<span class="y2"> – ${escapeHtml(m.snippet)}</span></a></td>`,
        `<td class="xW xY"><span title="${escapeHtml(m.date)}">${escapeHtml(m.dateShort)}</span></td>`,
        '</tr>',
      ].join('');
    })
    .join('\n');
}
