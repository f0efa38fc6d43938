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

let compiled = null; // the wasm module, compiled once for every test

async function wasmEngine(config = {}) {
  compiled ??= WebAssembly.compile(readFileSync(join(WASM_DIR, 'vigie_bg.wasm')));
  const glue = readFileSync(join(WASM_DIR, 'vigie.js'), 'utf8');
  const wb = vm.runInThisContext(`(function () {\n${glue}\n;return wasm_bindgen;\n})()`, { filename: 'vigie.js' });
  await wb({ module_or_path: await compiled });
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

/** `s` as RFC 2047 encoded words of at most 30 characters, folded: every side decodes them alike. */
function encodedWords(s) {
  const chars = [...s];
  const words = [];
  for (let i = 0; i < chars.length; i += 30) words.push(`=?UTF-8?B?${Buffer.from(chars.slice(i, i + 30).join(''), 'utf8').toString('base64')}?=`);
  return words.join('\r\n ');
}

const mailbox = (name, address) => (name ? `${encodedWords(name)} <${address}>` : `<${address}>`);

/**
 * A one-part mail whose fields both engines read alike; `m` is the wasm Message. A second From
 * address (no Sender field) is what the CLI reads as a malformed From.
 */
function eml(m) {
  const type = m.bodyHtml !== undefined ? 'text/html' : 'text/plain';
  return [
    `From: ${mailbox(m.senderName, m.senderAddress)}${m.fromMalformed ? ', <second@example.net>' : ''}`,
    ...(m.replyToAddress ? [`Reply-To: ${mailbox(m.replyToName, m.replyToAddress)}`] : []),
    'To: reader@example.be',
    `Subject: ${encodedWords(m.subject)}`,
    'MIME-Version: 1.0',
    `Content-Type: ${type}; charset=utf-8`,
    'Content-Transfer-Encoding: base64',
    '',
    b64(m.bodyHtml ?? m.bodyText),
    '',
  ].join('\r\n');
}

/** The wasm Message of a list entry: its Reply-To as the CLI writes one with a name. */
function wasmMessage(m) {
  const { what, replyToName, replyToAddress, ...message } = m;
  return replyToAddress ? { ...message, replyTo: `"${replyToName}" <${replyToAddress}>` } : message;
}

/** The messages to compare: every sample, fixture and fuzz-corpus mail or page, a newsletter. */
function messages() {
  const out = [];
  const skipped = [];
  const plainAddress = (a) => (a && /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$/.test(a) ? a : null);
  for (const dir of ['tests/samples', 'tests/e2e/fixtures', 'fuzz/corpus/eml']) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) {
      if (dir !== 'fuzz/corpus/eml' && !f.endsWith('.eml')) continue;
      let mail;
      try {
        mail = parseMail(readFileSync(join(ROOT, dir, f)));
      } catch {
        mail = null;
      }
      const body = mail && (mail.html ?? mail.text);
      if (!body || body.includes('\uFFFD')) {
        skipped.push(`${dir}/${f}`);
        continue;
      }
      const n = out.length;
      out.push({
        what: `${dir}/${f}`,
        senderName: mail.from?.name?.trim() || undefined,
        senderAddress: plainAddress(mail.from?.address) ?? 'someone@example.org',
        subject: mail.subject || 'no subject',
        ...(mail.html ? { bodyHtml: mail.html } : { bodyText: mail.text }),
        // Every third mail with a Reply-To, every fifth with a From of two addresses.
        ...(n % 3 === 1 ? { replyToName: 'Help Desk', replyToAddress: 'help@proximus-factuur.be' } : {}),
        ...(n % 5 === 2 ? { fromMalformed: true } : {}),
      });
    }
  }
  for (const f of readdirSync(join(ROOT, 'fuzz/corpus/html')).sort()) {
    const html = readFileSync(join(ROOT, 'fuzz/corpus/html', f), 'utf8');
    if (html.includes('\uFFFD')) skipped.push(`fuzz/corpus/html/${f}`);
    else out.push({ what: `fuzz/corpus/html/${f}`, senderAddress: 'news@example.org', subject: 'page', bodyHtml: html });
  }
  out.push({ what: 'synthetic newsletter', senderName: 'Service clientele Proximus', senderAddress: 'info@contactcenter.be', subject: 'Votre facture', bodyHtml: syntheticHtml(100, 50 * 1024) });
  // The same bodies inside the tokenizer's rarer states (doctype, CDATA, raw text, comments).
  const wrapped = out.filter((m) => m.bodyHtml).flatMap((m) => [
    { ...m, what: `${m.what} in doctype, CDATA and plaintext`, bodyHtml: `<!DOCTYPE html PUBLIC "-//W3C//DTD" 'x'><![CDATA[${m.bodyHtml}]]><plaintext>${m.bodyHtml}` },
    { ...m, what: `${m.what} in script, title and comment`, bodyHtml: `<script>${m.bodyHtml}</script><title>${m.bodyHtml}</title><!--${m.bodyHtml}-->${m.bodyHtml}` },
  ]);
  return { list: [...out, ...wrapped], distinct: out.length, skipped };
}

/** The limits, where 32-bit sizes would show: a 5 MB body of 10,000 links, a 2,100-char subject. */
function largeMessages() {
  return [
    { what: '10,000 links, 5 MB', senderAddress: 'news@example.org', subject: 'Nieuwsbrief', bodyHtml: syntheticHtml(10000, 5 << 20) },
    { what: 'long subject', senderName: 'Sécurité', senderAddress: 'x@example.org', subject: `${'ab'.repeat(999)}é${'ü'.repeat(101)}`, bodyText: 'Uw wachtwoord verloopt vandaag.' },
  ];
}

/** Checks `domains` with the CLI (extra arguments first) and the wasm engine; returns how many are flagged. */
function compareDomains(engine, domains, args = []) {
  const native = cli(['check-domain', '--json', ...args, '-'], `${domains.join('\n')}\n`);
  assert.equal(native.length, domains.length);
  let flagged = 0;
  domains.forEach((d, i) => {
    const w = withoutTiming(engine.checkDomain(d));
    assert.deepEqual(w, native[i], d);
    if (w.verdict !== 'ok') flagged += 1;
  });
  return flagged;
}

/** Checks `senders` with the CLI (extra arguments first) and the wasm engine. */
function compareSenders(engine, senders, args = []) {
  const native = cli(['check-sender', '--json', ...args, '-'], `${senders.join('\n')}\n`);
  assert.equal(native.length, senders.length);
  senders.forEach((s, i) => assert.deepEqual(withoutTiming(engine.checkSender(s)), native[i], s));
}

/** Scans `list` with the CLI (extra arguments first) and checks every report against the wasm engine's. */
function compareMessages(engine, list, dir, args = []) {
  const files = list.map((m, i) => {
    const f = join(dir, `${String(i).padStart(4, '0')}.eml`);
    writeFileSync(f, eml(m));
    return f;
  });
  const native = cli(['scan', '--json', ...args, ...files]);
  assert.equal(native.length, list.length);
  return list.map((m, i) => {
    const { file, ...expected } = native[i];
    assert.equal(file, files[i]);
    const w = withoutTiming(engine.analyzeMessage(wasmMessage(m)));
    assert.deepEqual(w, expected, m.what);
    return w;
  });
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
  ].filter((d) => d && d === d.trim() && !d.includes('\n')); // the CLI trims each stdin line
  assert.ok(domains.length > 500, `${domains.length} domains`);
  const flagged = compareDomains(engine, domains);
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
  compareSenders(engine, senders);

  const links = [
    ['https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fproximus-factuur.be%2Flogin&data=05', 'www.proximus.be'],
    ['http://3405803785/login', 'Mon compte'],
    ['https://www.kbc.be@203.0.113.9/', 'https://www.kbc.be'],
    ['https://bit.ly/x1', 'Suivre mon colis'],
    ['https://xn--prximus-factuur-73k.be/', 'proximus.be'],
    ['javascript:alert(1)', 'click'],
    ['not a url', ''],
  ];
  for (const [href, text] of links) {
    const [native1] = cli(['check-link', '--json', '--text', text, href]);
    assert.deepEqual(withoutTiming(engine.checkLink(href, text, undefined)), native1, href);
  }
});

test('wasm and native give the same message reports (samples, fixtures, fuzz corpus, newsletter, limits)', async () => {
  requireBuilt();
  const engine = await wasmEngine();
  const { list, distinct, skipped } = messages();
  // Mails without a body, or not in UTF-8, are left out; say which, so that none goes unnoticed.
  assert.ok(skipped.length <= 2, `left out: ${skipped.join(', ')}`);
  assert.ok(distinct >= 34, `${distinct} distinct messages`);
  const dir = mkdtempSync(join(tmpdir(), 'vigie-parity-'));
  try {
    const reports = compareMessages(engine, [...list, ...largeMessages()], dir);
    const links = reports.reduce((n, r) => n + r.links.length, 0);
    assert.ok(links > 2000, `${links} links compared`);
    assert.ok(reports.some((r) => r.findings.some((f) => f.kind === 'from_malformed')), 'a malformed From is reported');
    assert.ok(reports.some((r) => r.findings.some((f) => f.subject === 'reply_to')), 'a Reply-To is judged (its domain is a look-alike)');
    assert.ok(reports.at(-2).partly_checked, 'the 5 MB message is partly checked');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('wasm and native give the same reports under the same settings (protected, trusted, correspondents)', async () => {
  requireBuilt();
  const config = {
    protectedDomains: ['example-firma.be', 'mijnwerkgever.nl'],
    trustedDomains: ['example.net'],
    trustedSenders: ['ServiceclienteleProximus@contactcenter.be'],
    correspondents: configWithCorrespondents(300).correspondents,
  };
  const engine = await wasmEngine(config);
  const dir = mkdtempSync(join(tmpdir(), 'vigie-parity-'));
  try {
    const configFile = join(dir, 'settings.json');
    writeFileSync(configFile, JSON.stringify(config));
    const settings = ['--config', configFile];
    // One edit from a protected domain or a correspondent: a swap, a drop, a doubled letter.
    const near = (d) => {
      const [label, ...rest] = d.split('.');
      const tail = rest.join('.');
      return [`${label[1]}${label[0]}${label.slice(2)}.${tail}`, `${label.slice(0, -1)}.${tail}`, `${label}${label.at(-1)}.${tail}`, `${label}.info`];
    };
    const domains = [
      ...new Set([...config.protectedDomains, ...config.correspondents.slice(0, 60).map((c) => c.domain)].flatMap((d) => [d, ...near(d)])),
    ];
    const flagged = compareDomains(engine, domains, settings);
    assert.ok(flagged > domains.length / 3, `near names of protected domains and correspondents are flagged (${flagged})`);

    const senders = domains.slice(0, 40).map((d) => `"Boekhouding" <factuur@${d}>`);
    senders.push('"Proximus" <ServiceclienteleProximus@contactcenter.be>', '"Proximus" <info@example.net>');
    compareSenders(engine, senders, settings);
    const href = `https://${domains[1]}/login`;
    const [nativeLink] = cli(['check-link', '--json', ...settings, '--text', config.protectedDomains[0], href]);
    assert.deepEqual(withoutTiming(engine.checkLink(href, config.protectedDomains[0], undefined)), nativeLink, href);

    // The same mails, and one from the trusted sender and one from the trusted domain.
    const list = [
      ...messages().list.slice(0, 40),
      { what: 'trusted sender', senderName: 'Proximus', senderAddress: 'ServiceclienteleProximus@contactcenter.be', subject: 'Factuur', bodyHtml: '<p>Uw factuur.</p>' },
      { what: 'trusted domain', senderName: 'Proximus', senderAddress: 'billing@example.net', subject: 'Factuur', bodyHtml: '<p>Uw factuur.</p>' },
    ];
    const reports = compareMessages(engine, list, dir, settings);
    assert.deepEqual(reports.slice(-2).map((r) => r.sender?.trusted), [true, true], 'both are trusted by the settings');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
