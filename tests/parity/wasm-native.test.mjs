// The shipped WebAssembly engine against the native CLI: the same inputs must give the same
// reports. The wasm build differs from the native one in ways no native test sees: 32-bit
// `usize`, its own allocator (talc), `opt-level = "s"` with `panic = "abort"`, and code that is
// built differently for `wasm32` (html5gum's chunk reader, vendor/html5gum/PATCHES.md).
//
// Needs `make build` (target/extension/chrome/wasm) and the CLI (`cargo build --bin vigie`, or
// VIGIE_CLI=path); `make test-js` does both. Inputs are the repository's own test data:
// tests/data (dnstwist and idna oracle tables), the sample and fixture mails, the fuzz corpus and
// the benchmarks' synthetic newsletter. Mails are re-encoded as simple base64 MIME parts, so that
// both sides read the very same sender, subject and body.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import vm from 'node:vm';
import { parseMail } from '../webmail/mime.mjs';
import { syntheticHtml, configWithCorrespondents } from '../bench/synthetic.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WASM_DIR = join(ROOT, 'target/extension/chrome/wasm');
const CLI = process.env.VIGIE_CLI ? resolve(process.env.VIGIE_CLI) : join(ROOT, 'target/debug/vigie');

function requireBuilt() {
  for (const f of [join(WASM_DIR, 'vigie.js'), join(WASM_DIR, 'vigie_bg.wasm')]) {
    assert.ok(existsSync(f), `${f} is missing: run \`make build\``);
  }
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`cargo build --bin vigie\` or set VIGIE_CLI`);
}

async function wasmEngine(config = {}) {
  const glue = readFileSync(join(WASM_DIR, 'vigie.js'), 'utf8');
  const wb = vm.runInThisContext(`(function () {\n${glue}\n;return wasm_bindgen;\n})()`, { filename: 'vigie.js' });
  await wb({ module_or_path: await WebAssembly.compile(readFileSync(join(WASM_DIR, 'vigie_bg.wasm'))) });
  return new wb.WasmEngine(config);
}

/** Runs the CLI; returns its JSON lines. */
function cli(args, input) {
  const r = spawnSync(CLI, args, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(r.status, 0, `vigie ${args.slice(0, 3).join(' ')}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/** The wasm report without the timing some calls add (`elapsedMs`). */
function withoutTiming(report) {
  const { elapsedMs, ...rest } = report;
  return rest;
}

function tsvColumn(file, ...names) {
  const lines = readFileSync(join(ROOT, 'tests/data', file), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const head = lines[0].split('\t');
  return lines.slice(1).flatMap((l) => {
    const cols = l.split('\t');
    return names.map((n) => cols[head.indexOf(n)]).filter((v) => v !== undefined);
  });
}

const b64 = (s) => Buffer.from(s, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
const encodedWord = (s) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`);

/** A one-part mail whose fields both engines read alike; `m` is the wasm Message. */
function eml(m) {
  const from = m.senderName ? `"${encodedWord(m.senderName)}" <${m.senderAddress}>` : `<${m.senderAddress}>`;
  const type = m.bodyHtml !== undefined ? 'text/html' : 'text/plain';
  return [
    `From: ${from}`,
    'To: reader@example.be',
    `Subject: ${encodedWord(m.subject)}`,
    'MIME-Version: 1.0',
    `Content-Type: ${type}; charset=utf-8`,
    'Content-Transfer-Encoding: base64',
    '',
    b64(m.bodyHtml ?? m.bodyText),
    '',
  ].join('\r\n');
}

/** The bodies to compare: every sample, fixture and fuzz-corpus mail or page, and a newsletter. */
function messages() {
  const out = [];
  const mailDirs = ['tests/samples', 'tests/e2e/fixtures', 'fuzz/corpus/eml'];
  for (const dir of mailDirs) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) {
      const raw = readFileSync(join(ROOT, dir, f));
      if (!f.endsWith('.eml') && dir !== 'fuzz/corpus/eml') continue;
      let mail;
      try {
        mail = parseMail(raw.toString('latin1'));
      } catch {
        continue;
      }
      const address = mail.from?.address;
      const body = mail.html ?? mail.text;
      if (!body || body.includes('\uFFFD')) continue;
      out.push({
        what: `${dir}/${f}`,
        // Without quotes and backslashes: the name goes into a quoted string as it is.
        senderName: mail.from?.name?.replace(/["\\]/g, '').trim() || undefined,
        senderAddress: address && /^[\x21-\x7e]+@[\x21-\x7e]+$/.test(address) && !/[<>"]/.test(address) ? address : 'someone@example.org',
        subject: (mail.subject || 'no subject').trim(),
        ...(mail.html ? { bodyHtml: mail.html } : { bodyText: mail.text }),
      });
    }
  }
  for (const f of readdirSync(join(ROOT, 'fuzz/corpus/html')).sort()) {
    const html = readFileSync(join(ROOT, 'fuzz/corpus/html', f), 'utf8');
    if (!html.includes('\uFFFD')) out.push({ what: `fuzz/corpus/html/${f}`, senderAddress: 'news@example.org', subject: 'page', bodyHtml: html });
  }
  out.push({ what: 'synthetic newsletter', senderName: 'Service clientele Proximus', senderAddress: 'info@contactcenter.be', subject: 'Votre facture', bodyHtml: syntheticHtml(100, 50 * 1024) });
  // The same bodies inside the tokenizer's rarer states (doctype, CDATA, raw text, comments).
  const wrapped = out.filter((m) => m.bodyHtml).flatMap((m) => [
    { ...m, what: `${m.what} in doctype, CDATA and plaintext`, bodyHtml: `<!DOCTYPE html PUBLIC "-//W3C//DTD" 'x'><![CDATA[${m.bodyHtml}]]><plaintext>${m.bodyHtml}` },
    { ...m, what: `${m.what} in script, title and comment`, bodyHtml: `<script>${m.bodyHtml}</script><title>${m.bodyHtml}</title><!--${m.bodyHtml}-->${m.bodyHtml}` },
  ]);
  return [...out, ...wrapped];
}

test('wasm and native give the same domain reports (dnstwist and idna oracle tables, bad input)', async () => {
  requireBuilt();
  const engine = await wasmEngine();
  const domains = [
    ...new Set([
      ...tsvColumn('typos.tsv', 'brand', 'lookalike', 'unicode'),
      ...tsvColumn('hosts.tsv', 'input'),
      'xn--zz', 'a@b.be', 'two words.be', `${'a'.repeat(64)}.be`, `${'abc.'.repeat(75)}be`, 'kbc.be\u200b', '3405803785', '0xCB.0x00.0x71.0x09',
    ]),
  ].filter((d) => d.trim() && !d.includes('\n') && !d.startsWith('-'));
  assert.ok(domains.length > 500, `${domains.length} domains`);
  const native = cli(['check-domain', '--json', '-'], `${domains.join('\n')}\n`);
  assert.equal(native.length, domains.length);
  let flagged = 0;
  domains.forEach((d, i) => {
    const w = withoutTiming(engine.checkDomain(d));
    assert.deepEqual(w, native[i], d);
    if (w.verdict !== 'ok') flagged += 1;
  });
  assert.ok(flagged > domains.length / 2, `the oracle's lookalikes are mostly flagged (${flagged})`);
});

test('wasm and native give the same sender and link reports', async () => {
  requireBuilt();
  const engine = await wasmEngine();
  const rows = tsvColumn('typos.tsv', 'brand', 'lookalike');
  const senders = [];
  for (let i = 0; i + 1 < rows.length; i += 2 * 7) {
    const brand = rows[i].split('.')[0];
    senders.push(`"${brand[0].toUpperCase()}${brand.slice(1)} Service" <info@${rows[i + 1]}>`, `"support@${rows[i]}" <a.person@gmail.com>`);
  }
  senders.push('"Service clientèle Proximus" <ServiceclienteleProximus@contactcenter.be>', 'no address at all', '"" <>', '<x@xn--zz>');
  const native = cli(['check-sender', '--json', '-'], `${senders.join('\n')}\n`);
  assert.equal(native.length, senders.length);
  senders.forEach((s, i) => assert.deepEqual(withoutTiming(engine.checkSender(s)), native[i], s));

  const links = [
    ['https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fproximus-be.com%2Flogin&data=05', 'www.proximus.be'],
    ['http://3405803785/login', 'Mon compte'],
    ['https://www.kbc.be@203.0.113.9/', 'https://www.kbc.be'],
    ['https://bit.ly/x1', 'Suivre mon colis'],
    ['https://xn--prximus-0we.be/', 'proximus.be'],
    ['javascript:alert(1)', 'click'],
    ['not a url', ''],
  ];
  for (const [href, text] of links) {
    const [native1] = cli(['check-link', '--json', '--text', text, href]);
    assert.deepEqual(withoutTiming(engine.checkLink(href, text, undefined)), native1, href);
  }
});

test('wasm and native give the same message reports (samples, fixtures, fuzz corpus, newsletter)', async () => {
  requireBuilt();
  const engine = await wasmEngine();
  const list = messages();
  assert.ok(list.length > 60, `${list.length} messages`);
  const dir = mkdtempSync(join(tmpdir(), 'vigie-parity-'));
  try {
    const files = list.map((m, i) => {
      const f = join(dir, `${String(i).padStart(4, '0')}.eml`);
      writeFileSync(f, eml(m));
      return f;
    });
    const native = cli(['scan', '--json', ...files]);
    assert.equal(native.length, list.length);
    let links = 0;
    list.forEach((m, i) => {
      const { what, ...message } = m;
      const { file, ...expected } = native[i];
      assert.equal(file, files[i]);
      const w = withoutTiming(engine.analyzeMessage(message));
      assert.deepEqual(w, expected, what);
      links += w.links.length;
    });
    assert.ok(links > 300, `${links} links compared`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('wasm and native give the same reports under the same settings (protected, trusted, correspondents)', async () => {
  requireBuilt();
  const config = {
    protectedDomains: ['example-firma.be', 'mijnwerkgever.nl'],
    trustedDomains: ['example.org', 'bit.ly'],
    trustedSenders: ['news@example.org', 'ServiceclienteleProximus@contactcenter.be'],
    correspondents: configWithCorrespondents(300).correspondents,
  };
  const engine = await wasmEngine(config);
  const dir = mkdtempSync(join(tmpdir(), 'vigie-parity-'));
  try {
    const configFile = join(dir, 'settings.json');
    writeFileSync(configFile, JSON.stringify(config));
    // One edit from a protected domain or a correspondent: a swap, a drop, a doubled letter.
    const near = (d) => {
      const [label, ...rest] = d.split('.');
      const tail = rest.join('.');
      return [`${label[1]}${label[0]}${label.slice(2)}.${tail}`, `${label.slice(0, -1)}.${tail}`, `${label}${label.at(-1)}.${tail}`, `${label}.info`];
    };
    const domains = [
      ...new Set([...config.protectedDomains, ...config.correspondents.slice(0, 60).map((c) => c.domain)].flatMap((d) => [d, ...near(d)])),
    ];
    const native = cli(['check-domain', '--json', '--config', configFile, '-'], `${domains.join('\n')}\n`);
    assert.equal(native.length, domains.length);
    let flagged = 0;
    domains.forEach((d, i) => {
      const w = withoutTiming(engine.checkDomain(d));
      assert.deepEqual(w, native[i], d);
      if (w.verdict !== 'ok') flagged += 1;
    });
    assert.ok(flagged > domains.length / 3, `near names of protected domains and correspondents are flagged (${flagged})`);

    const list = messages().slice(0, 40);
    const files = list.map((m, i) => {
      const f = join(dir, `${String(i).padStart(4, '0')}.eml`);
      writeFileSync(f, eml(m));
      return f;
    });
    const reports = cli(['scan', '--json', '--config', configFile, ...files]);
    assert.equal(reports.length, list.length);
    let trusted = 0;
    list.forEach((m, i) => {
      const { what, ...message } = m;
      const { file, ...expected } = reports[i];
      const w = withoutTiming(engine.analyzeMessage(message));
      assert.deepEqual(w, expected, what);
      if (w.sender?.trusted) trusted += 1;
    });
    assert.ok(trusted > 0, 'some senders are trusted by the settings');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
