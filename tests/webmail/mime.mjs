// A small MIME reader for the demo webmail: enough of RFC 5322, 2045-2047 and 2231 to show the
// mails of tests/samples the way a webmail does. Not a general mail parser: no S/MIME, no
// message/rfc822 expansion, no uuencode. Everything is done on "binary" strings (one char per
// byte, latin1) until a part's charset is known, so that 8-bit bodies survive untouched.

/** @typedef {{name: string, address: string}} Mailbox */
/**
 * @typedef {object} ParsedMail
 * @property {Map<string, string[]>} headers  lower-cased name → decoded values, in order
 * @property {Mailbox|null} from
 * @property {Mailbox[]} to
 * @property {Mailbox|null} replyTo
 * @property {string} subject
 * @property {string} date
 * @property {string} messageId  without the angle brackets
 * @property {string|null} html  the HTML body (multipart/alternative prefers it)
 * @property {string|null} text  the plain-text body
 * @property {{filename: string, contentType: string, size: number}[]} attachments
 */

const CRLF_BLANK = /\r?\n\r?\n/;

/** Bytes (Buffer/Uint8Array) or a string → a binary string (one char per byte). */
function toBinary(input) {
  if (typeof input === 'string') return Buffer.from(input, 'utf8').toString('latin1');
  return Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
}

/** A binary string → text in `charset`; unknown charsets fall back to UTF-8, then windows-1252. */
export function decodeCharset(binary, charset) {
  const bytes = Buffer.from(binary, 'latin1');
  const label = String(charset || 'utf-8').trim().toLowerCase();
  let decoder;
  try {
    decoder = new TextDecoder(label === 'us-ascii' || label === 'ascii' ? 'utf-8' : label);
  } catch {
    decoder = null;
  }
  if (decoder) return decoder.decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Header bytes: RFC 6532 allows raw UTF-8; older mails may carry raw latin1. */
function decodeRawHeader(binary) {
  if (!/[\x80-\xff]/.test(binary)) return binary;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(binary, 'latin1'));
  } catch {
    return new TextDecoder('windows-1252').decode(Buffer.from(binary, 'latin1'));
  }
}

/** Quoted-printable (RFC 2045 §6.7) → binary string. Invalid escapes are kept literally. */
export function decodeQuotedPrintable(binary) {
  return binary
    .replace(/[ \t]+(?=\r?\n)/g, '') // transport padding at line ends
    .replace(/=\r?\n/g, '') // soft line breaks
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/** Base64 → binary string; whitespace and junk characters are ignored, as mail readers do. */
export function decodeBase64(binary) {
  const clean = binary.replace(/[^A-Za-z0-9+/]/g, '');
  return Buffer.from(clean, 'base64').toString('latin1');
}

/** RFC 2047 encoded words in an (already raw-decoded) header value. */
export function decodeEncodedWords(value) {
  const word = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  // Whitespace between two adjacent encoded words is not displayed (RFC 2047 §6.2).
  const joined = value.replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)/g, '$1');
  return joined.replace(word, (all, charset, enc, text) => {
    const cs = charset.split('*')[0]; // RFC 2231 language suffix
    let bin;
    if (enc.toUpperCase() === 'B') {
      bin = decodeBase64(text);
    } else {
      bin = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    }
    try {
      new TextDecoder(cs); // throws on an unknown label
    } catch {
      return all;
    }
    return decodeCharset(bin, cs);
  });
}

/** Splits a binary header block into [name, raw value] pairs, unfolding continuation lines. */
function splitHeaders(block) {
  const out = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && out.length) {
      out[out.length - 1][1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue; // not a header (e.g. an mbox "From " line)
    out.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return out;
}

/** A header block + body, split at the first empty line. */
function splitEntity(binary) {
  // A part may start with its body directly (no headers at all): then it begins with a blank line.
  const m = CRLF_BLANK.exec(binary);
  if (!m) return { headerBlock: binary, body: '' };
  return { headerBlock: binary.slice(0, m.index), body: binary.slice(m.index + m[0].length) };
}

/**
 * A structured header value (`text/html; charset="utf-8"`) → {value, params}. Handles quoted
 * strings, comments and RFC 2231 parameters (`name*=utf-8''x`, `name*0=`, `name*1*=`).
 */
export function parseParams(raw) {
  const parts = [];
  let cur = '';
  let quoted = false;
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quoted) {
      if (c === '\\' && i + 1 < raw.length) cur += raw[++i];
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (depth) {
      if (c === '(') depth++;
      else if (c === ')') depth--;
    } else if (c === '"') {
      quoted = true;
      cur += '\u0000'; // marks "was quoted" so `=` inside quotes is not a separator
    } else if (c === '(') {
      depth++;
    } else if (c === ';') {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  const value = parts.shift().replace(/\u0000/g, '').trim().toLowerCase();
  const continued = new Map();
  const params = {};
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const name = p.slice(0, eq).trim().toLowerCase();
    const val = p.slice(eq + 1).replace(/\u0000/g, '').trim();
    const m = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(name);
    if (!m) continue;
    const [, base, index, star] = m;
    if (index === undefined && !star) {
      if (!(base in params)) params[base] = val;
      continue;
    }
    if (!continued.has(base)) continued.set(base, []);
    continued.get(base)[Number(index ?? 0)] = { val, star: Boolean(star) };
  }
  for (const [base, pieces] of continued) {
    let charset = 'utf-8';
    let bin = '';
    pieces.forEach((piece, i) => {
      if (!piece) return;
      let v = piece.val;
      if (piece.star) {
        if (i === 0) {
          const q = /^([^']*)'[^']*'(.*)$/.exec(v);
          if (q) {
            charset = q[1] || charset;
            v = q[2];
          }
        }
        v = v.replace(/%([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      } else {
        v = Buffer.from(v, 'utf8').toString('latin1');
      }
      bin += v;
    });
    params[base] = decodeCharset(bin, charset);
  }
  return { value, params };
}

/**
 * Address list → mailboxes. Display names may be quoted (and then contain `@`, `,`, `<`),
 * addresses may be bare, in angle brackets, or followed by a comment; groups are flattened.
 */
export function parseAddressList(value) {
  if (!value) return [];
  const mailboxes = [];
  // Tokenise on top-level commas (outside quotes, comments and angle brackets).
  const items = [];
  let cur = '';
  let quoted = false;
  let depth = 0;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      cur += c;
      if (c === '\\' && i + 1 < value.length) cur += value[++i];
      else if (c === '"') quoted = false;
    } else if (c === '"') {
      quoted = true;
      cur += c;
    } else if (c === '(') {
      depth++;
      cur += c;
    } else if (c === ')' && depth) {
      depth--;
      cur += c;
    } else if (c === '<' && !depth) {
      angle = true;
      cur += c;
    } else if (c === '>' && !depth) {
      angle = false;
      cur += c;
    } else if ((c === ',' || c === ';') && !depth && !angle) {
      items.push(cur);
      cur = '';
    } else if (c === ':' && !depth && !angle && !/[<@]/.test(cur)) {
      cur = ''; // "Group name:" prefix
    } else {
      cur += c;
    }
  }
  items.push(cur);
  for (const item of items) {
    const mb = parseMailbox(item);
    if (mb) mailboxes.push(mb);
  }
  return mailboxes;
}

function unquote(s) {
  const t = s.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  return t;
}

function stripComments(s) {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      out += c;
      if (c === '\\' && i + 1 < s.length) out += s[++i];
      else if (c === '"') quoted = false;
    } else if (c === '"') {
      quoted = true;
      out += c;
    } else if (c === '(') depth++;
    else if (c === ')' && depth) depth--;
    else if (!depth) out += c;
  }
  return out;
}

function commentText(s) {
  const m = /\(([^()]*)\)/.exec(s);
  return m ? m[1].trim() : '';
}

/** One mailbox: `"Name" <a@b>`, `Name <a@b>`, `a@b`, `a@b (Name)`. */
export function parseMailbox(item) {
  const raw = item.trim();
  if (!raw) return null;
  // The angle-address is the last <...> outside quotes.
  let quoted = false;
  let open = -1;
  let close = -1;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '<') open = i;
    else if (c === '>' && open >= 0) close = i;
  }
  if (open >= 0 && close > open) {
    const address = stripComments(raw.slice(open + 1, close)).trim().replace(/^.*:/, ''); // drop a source route
    const nameRaw = stripComments(raw.slice(0, open)).trim().replace(/\s+/g, ' ');
    // Quoted pieces lose their quotes; encoded words are decoded even inside quotes, as every
    // mail reader does (RFC 2047 forbids them there, senders do it anyway).
    const name = nameRaw.replace(/"((?:[^"\\]|\\.)*)"/g, (_, q) => q.replace(/\\(.)/g, '$1'));
    return { name: decodeEncodedWords(name), address };
  }
  const address = stripComments(raw).trim();
  return { name: decodeEncodedWords(commentText(raw)), address: unquote(address) };
}

/** Decodes one entity (headers + body) into the parts a webmail would show. */
function walk(binary, out, depth) {
  const { headerBlock, body } = splitEntity(binary);
  const headers = splitHeaders(headerBlock);
  const get = (n) => headers.find(([k]) => k === n)?.[1];
  const ct = parseParams(decodeRawHeader(get('content-type') ?? 'text/plain; charset=us-ascii'));
  const cte = (get('content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  const disposition = parseParams(decodeRawHeader(get('content-disposition') ?? 'inline'));
  const type = ct.value.includes('/') ? ct.value : 'text/plain';

  if (type.startsWith('multipart/') && ct.params.boundary && depth < 20) {
    const parts = splitMultipart(body, ct.params.boundary);
    if (type === 'multipart/alternative') {
      // RFC 2046 §5.1.4: the last part the reader can show is the preferred one; HTML wins.
      const decoded = parts.map((p) => {
        const o = { html: null, text: null, attachments: [] };
        walk(p, o, depth + 1);
        return o;
      });
      const withHtml = decoded.filter((o) => o.html !== null);
      const withText = decoded.filter((o) => o.text !== null);
      if (out.html === null && withHtml.length) out.html = withHtml[withHtml.length - 1].html;
      if (out.text === null && withText.length) out.text = withText[withText.length - 1].text;
      for (const o of decoded) out.attachments.push(...o.attachments);
      return;
    }
    // mixed / related / signed / anything else: walk the parts in order.
    for (const p of parts) walk(p, out, depth + 1);
    return;
  }

  let content = body;
  if (cte === 'quoted-printable') content = decodeQuotedPrintable(body);
  else if (cte === 'base64') content = decodeBase64(body);

  const filename = disposition.params.filename ?? ct.params.name;
  const isAttachment = disposition.value === 'attachment' || (filename && !type.startsWith('text/'));
  if (!isAttachment && (type === 'text/html' || type === 'text/plain')) {
    const text = decodeCharset(content, ct.params.charset);
    if (type === 'text/html' && out.html === null) {
      out.html = text;
      return;
    }
    if (type === 'text/plain' && out.text === null) {
      out.text = text;
      return;
    }
  }
  // Anything not shown as the body (files, calendars, a second text part) is listed.
  out.attachments.push({
    filename: filename ? decodeEncodedWords(filename) : '',
    contentType: type,
    size: content.length,
  });
}

/** The body parts of a multipart entity (preamble and epilogue dropped). */
function splitMultipart(body, boundary) {
  const delim = `--${boundary}`;
  const lines = body.split(/(\r?\n)/); // keep the separators to rebuild parts byte for byte
  const parts = [];
  let cur = null;
  for (let i = 0; i < lines.length; i += 2) {
    const line = lines[i];
    const nl = lines[i + 1] ?? '';
    const trimmed = line.replace(/[ \t]+$/, '');
    if (trimmed === delim || trimmed === `${delim}--`) {
      if (cur !== null) parts.push(cur.replace(/\r?\n$/, '')); // the CRLF before a delimiter belongs to it
      if (trimmed === `${delim}--`) return parts;
      cur = '';
      continue;
    }
    if (cur !== null) cur += line + nl;
  }
  if (cur !== null) parts.push(cur.replace(/\r?\n$/, '')); // missing close delimiter: keep what we have
  return parts;
}

/**
 * Parses a whole message (Buffer, Uint8Array or string).
 * @returns {ParsedMail}
 */
export function parseMail(input) {
  const binary = toBinary(input).replace(/^\uFEFF/, '');
  const { headerBlock } = splitEntity(binary);
  const headers = new Map();
  for (const [name, raw] of splitHeaders(headerBlock)) {
    if (!headers.has(name)) headers.set(name, []);
    headers.get(name).push(decodeRawHeader(raw));
  }
  const first = (n) => headers.get(n)?.[0] ?? '';
  const out = { html: null, text: null, attachments: [] };
  walk(binary, out, 0);
  const from = parseAddressList(first('from'))[0] ?? null;
  const replyTo = parseAddressList(first('reply-to'))[0] ?? null;
  return {
    headers,
    from,
    to: parseAddressList(first('to')),
    replyTo,
    subject: decodeEncodedWords(first('subject')).replace(/\s+/g, ' ').trim(),
    date: first('date').trim(),
    messageId: first('message-id').trim().replace(/^<|>$/g, ''),
    html: out.html,
    text: out.text,
    attachments: out.attachments,
  };
}
