// The demo webmail: an inbox of every mail of tests/samples in Gmail's DOM structure, served on
// 127.0.0.1. The page script opens `#inbox/<id>` after load (as Gmail does) from
// `/mail/u/0/api/message/<id>`. By default the app page carries a Gmail-like strict CSP (nonce,
// 'strict-dynamic', require-trusted-types-for 'script').
//
//   node tests/webmail/server.mjs [--port N] [--no-csp] [--no-saferedirect] [--dir DIR]...
//
// As a module: `const srv = await startServer({...}); srv.url; await srv.close();`

import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeHtml, jsonForScript, messageModel, renderInboxRows } from './render.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '..', '..');
export const SAMPLES_DIR = join(REPO, 'tests', 'samples');
export const APP_PATH = '/mail/u/0/';
const CLIENT_JS = readFileSync(join(HERE, 'client.js'), 'utf8');

/** The CSP Gmail sends (shape, not the exact list), with this response's nonce. */
export function gmailCsp(nonce) {
  return [
    `script-src 'nonce-${nonce}' 'strict-dynamic' 'unsafe-inline' https: http:`,
    "object-src 'none'",
    "base-uri 'self'",
    "require-trusted-types-for 'script'",
  ].join('; ');
}

/** A file name → the id used in URLs (`fr-proximus-fake-appointment`). */
export function idOf(file) {
  return basename(file).replace(/\.eml$/i, '').replace(/[^A-Za-z0-9._-]/g, '_');
}

/** .eml files of the given directories and files, sorted by name within each directory. */
export function listMails(sources) {
  const files = [];
  for (const src of sources) {
    if (statSync(src).isDirectory()) {
      for (const f of readdirSync(src).filter((n) => n.toLowerCase().endsWith('.eml')).sort()) files.push(join(src, f));
    } else {
      files.push(src);
    }
  }
  return files;
}

/** Loads the mails; ids must be unique. */
export function loadMessages(sources) {
  const messages = [];
  const seen = new Set();
  for (const file of listMails(sources)) {
    const id = idOf(file);
    if (seen.has(id)) throw new Error(`two mails have the id ${id} (${file})`);
    seen.add(id);
    messages.push(messageModel(id, readFileSync(file), { file: basename(file) }));
  }
  return messages;
}

const PAGE_CSS = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 Arial, Helvetica, sans-serif; color: #202124; background: #f6f8fc; }
  .demo-top { display: flex; align-items: center; gap: 12px; height: 56px; padding: 0 16px; }
  .demo-logo { font: 600 20px/1 Arial, sans-serif; color: #5f6368; }
  .demo-logo b { color: #c5221f; }
  .demo-note { color: #5f6368; font-size: 12px; }
  .demo-app { display: grid; grid-template-columns: minmax(300px, 36%) 1fr; gap: 8px; padding: 0 8px 8px; height: calc(100vh - 56px); }
  .AO, #thread-pane { background: #fff; border-radius: 16px; overflow: auto; }
  table.F { width: 100%; border-collapse: collapse; table-layout: fixed; }
  tr.zA td { padding: 8px 10px; border-bottom: 1px solid #eceff1; vertical-align: top; }
  tr.zA.x7 { background: #c2dbff; }
  td.yX { width: 34%; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  td.xW { width: 88px; text-align: right; color: #5f6368; font-size: 12px; }
  a.demo-open { color: inherit; text-decoration: none; display: block; overflow: hidden; max-height: 2.9em; }
  .bog { font-weight: 600; }
  .y2 { color: #5f6368; }
  .nH.if { padding: 16px 24px; }
  h2.hP { font: 400 22px/1.3 Arial, sans-serif; margin: 4px 0 16px; }
  .gE table { border-collapse: collapse; width: 100%; }
  .gD { font-weight: 700; }
  .go, .hb, .g3 { color: #5f6368; font-size: 12px; }
  td.gH { text-align: right; white-space: nowrap; }
  .ii.gt { margin-top: 12px; }
  .a3s { overflow-wrap: anywhere; }
  .hq { margin-top: 16px; color: #5f6368; }
  .demo-empty { padding: 40px; color: #5f6368; }
`;

function appPage({ messages, nonce, safeRedirect, openDelayMs }) {
  const config = { api: `${APP_PATH}api/message/`, safeRedirect, openDelayMs };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inbox - Vigie demo webmail</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header class="demo-top"><span class="demo-logo"><b>V</b> demo webmail</span>
<span class="demo-note">Gmail-like markup, local only: ${escapeHtml(String(messages.length))} sample mails</span></header>
<div class="demo-app nH">
<div class="AO" role="navigation"><div class="Cp"><table class="F cf zt"><tbody>
${renderInboxRows(messages)}
</tbody></table></div></div>
<div id="thread-pane" role="main"></div>
</div>
<script type="application/json" id="webmail-config">${jsonForScript(config)}</script>
<script nonce="${nonce}">${CLIENT_JS}</script>
</body>
</html>
`;
}

/**
 * Starts the webmail.
 * @param {object} [opts]
 * @param {string[]} [opts.sources]  directories and .eml files (default: tests/samples)
 * @param {boolean} [opts.csp]  send the Gmail-like strict CSP (default true)
 * @param {boolean} [opts.safeRedirect]  add Gmail's data-saferedirecturl to body links (default true)
 * @param {number} [opts.port]  default 0 (a free port)
 * @param {string} [opts.host]  default 127.0.0.1
 * @param {number} [opts.openDelayMs]  delay between `load` and opening the message (default 50)
 */
export async function startServer(opts = {}) {
  const { sources = [SAMPLES_DIR], csp = true, safeRedirect = true, port = 0, host = '127.0.0.1', openDelayMs = 50 } = opts;
  const messages = loadMessages(sources);
  const byId = new Map(messages.map((m) => [m.id, m]));

  const server = createServer((req, res) => {
    const send = (status, type, body, extra = {}) => {
      res.writeHead(status, {
        'Content-Type': type,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        ...extra,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(400, 'text/plain; charset=utf-8', 'bad request\n');
    }
    if (path === '/' || path === '/mail' || path === '/mail/' || path === '/mail/u/0') {
      return send(302, 'text/plain; charset=utf-8', '', { Location: APP_PATH });
    }
    if (path === APP_PATH) {
      const nonce = randomBytes(16).toString('base64');
      const headers = csp ? { 'Content-Security-Policy': gmailCsp(nonce) } : {};
      return send(200, 'text/html; charset=utf-8', appPage({ messages, nonce, safeRedirect, openDelayMs }), headers);
    }
    if (path === `${APP_PATH}api/inbox`) {
      const list = messages.map(({ id, file, messageId, subject, from, date }) => ({ id, file, messageId, subject, from, date }));
      return send(200, 'application/json; charset=utf-8', JSON.stringify(list));
    }
    const api = /^\/mail\/u\/0\/api\/message\/([^/]+)$/.exec(path);
    if (api) {
      const m = byId.get(api[1]);
      if (!m) return send(404, 'application/json; charset=utf-8', '{"error":"no such message"}');
      return send(200, 'application/json; charset=utf-8', JSON.stringify(m));
    }
    if (path === '/favicon.ico') return send(204, 'image/x-icon', '');
    return send(404, 'text/plain; charset=utf-8', 'not found\n');
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const address = server.address();
  const origin = `http://${host}:${address.port}`;
  return {
    server,
    port: address.port,
    origin,
    url: `${origin}${APP_PATH}`,
    messages,
    /** The page URL that opens one message. */
    messageUrl: (id, base = origin) => `${base}${APP_PATH}#inbox/${encodeURIComponent(id)}`,
    close: () =>
      new Promise((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

function parseArgs(argv) {
  const opts = { sources: [], csp: true, safeRedirect: true, port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') opts.port = Number(argv[++i]);
    else if (a === '--no-csp') opts.csp = false;
    else if (a === '--no-saferedirect') opts.safeRedirect = false;
    else if (a === '--dir') opts.sources.push(resolve(argv[++i]));
    else if (a === '-h' || a === '--help') {
      console.log('usage: node tests/webmail/server.mjs [--port N] [--no-csp] [--no-saferedirect] [--dir DIR_OR_EML]...');
      process.exit(0);
    } else {
      console.error(`unknown argument: ${a}`);
      process.exit(2);
    }
  }
  if (!opts.sources.length) opts.sources.push(SAMPLES_DIR);
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    console.error('--port needs a number from 0 to 65535');
    process.exit(2);
  }
  return opts;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srv = await startServer(parseArgs(process.argv.slice(2)));
  console.log(`Demo webmail (${srv.messages.length} mails): ${srv.url}`);
  for (const m of srv.messages) console.log(`  ${srv.messageUrl(m.id)}`);
  const stop = () => srv.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
