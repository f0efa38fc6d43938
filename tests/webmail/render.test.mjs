// Unit tests of the demo webmail's rendering and server: node --test tests/webmail/
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  escapeHtml,
  gmailIds,
  jsonForScript,
  messageModel,
  renderInboxRows,
  safeRedirectUrl,
  snippetOf,
  textToHtml,
} from './render.mjs';
import { SAMPLES_DIR, gmailCsp, idOf, startServer } from './server.mjs';

test('escapeHtml escapes the five markup characters', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  assert.equal(escapeHtml(null), '');
});

test('jsonForScript cannot close a script element', () => {
  const s = jsonForScript({ a: '</script><script>alert(1)</script>', b: '\u2028&' });
  assert.ok(!s.includes('<') && !s.includes('>') && !s.includes('&') && !s.includes('\u2028'));
  assert.deepEqual(JSON.parse(s), { a: '</script><script>alert(1)</script>', b: '\u2028&' });
});

test('plain text → Gmail-like HTML: escaped, line breaks, links', () => {
  const html = textToHtml('Bonjour <b>toi</b> & co,\nici : https://proximus.be.remboursement-client.com/iban.\n');
  assert.equal(
    html,
    '<div dir="ltr">Bonjour &lt;b&gt;toi&lt;/b&gt; &amp; co,<br>\nici : ' +
      '<a href="https://proximus.be.remboursement-client.com/iban" target="_blank">https://proximus.be.remboursement-client.com/iban</a>.<br>\n</div>',
  );
});

test('linkify: www., addresses, brackets and punctuation, quotes in URLs', () => {
  assert.match(textToHtml('voir www.lesoir.be, merci'), /<a href="http:\/\/www\.lesoir\.be" target="_blank">www\.lesoir\.be<\/a>, merci/);
  assert.match(textToHtml('écrire à marie@example.be.'), /<a href="mailto:marie@example\.be" target="_blank">marie@example\.be<\/a>\./);
  assert.match(textToHtml('(https://example.be/a)'), /\(<a href="https:\/\/example\.be\/a" target="_blank">https:\/\/example\.be\/a<\/a>\)/);
  assert.match(textToHtml('https://en.wikipedia.org/wiki/Foo_(bar)!'), /href="https:\/\/en\.wikipedia\.org\/wiki\/Foo_\(bar\)"/);
  assert.match(textToHtml("https://x.example/?q='a'"), /href="https:\/\/x\.example\/\?q=&#39;a" target/);
  assert.match(textToHtml('https://www.paypal.com@evil.example/x'), /href="https:\/\/www\.paypal\.com@evil\.example\/x"/);
  assert.equal(textToHtml('a  b'), '<div dir="ltr">a &nbsp;b</div>');
});

test('data-saferedirecturl value wraps the href', () => {
  const u = new URL(safeRedirectUrl('https://rdv-conseil.contactcenter.be/confirm?id=88412&x=1', 0));
  assert.equal(u.hostname, 'www.google.com');
  assert.equal(u.searchParams.get('q'), 'https://rdv-conseil.contactcenter.be/confirm?id=88412&x=1');
});

test('snippets are plain text without markup, styles or entities', () => {
  const s = snippetOf({ html: '<html><head><style>p{}</style></head><body><p>A&amp;B &lt;c&gt; &#233;&#x20AC;</p></body></html>', text: null });
  assert.equal(s, 'A&B <c> é€');
  assert.equal(snippetOf({ text: 'x'.repeat(200) }).length, 110);
});

test('Gmail ids are stable and well formed', () => {
  const a = gmailIds('fr-proximus-fake-appointment');
  assert.deepEqual(a, gmailIds('fr-proximus-fake-appointment'));
  assert.match(a.messageId, /^#msg-f:\d+$/);
  assert.match(a.legacyMessageId, /^[0-9a-f]{16}$/);
  assert.notEqual(a.messageId, gmailIds('other').messageId);
});

test('message model of a plain-text sample is linkified; HTML samples keep their HTML', () => {
  const plain = messageModel('p', readFileSync(join(SAMPLES_DIR, 'fr-plaintext-embedded-brand.eml')));
  assert.equal(plain.plain, true);
  assert.match(plain.bodyHtml, /<a href="https:\/\/proximus\.be\.remboursement-client\.com\/iban" target="_blank">/);
  const html = messageModel('h', readFileSync(join(SAMPLES_DIR, 'en-paypal-ip-and-userinfo.eml')));
  assert.equal(html.plain, false);
  assert.match(html.bodyHtml, /href="https:\/\/www\.paypal\.com@secure-resolution-center\.com\/signin"/);
  assert.equal(html.from.address, 'service@paypa1.com');
});

test('inbox rows escape every mail string', () => {
  const evil = '"><img src=x onerror=alert(1)>';
  const rows = renderInboxRows([
    {
      id: 'a"b',
      legacyThreadId: '0',
      from: { name: evil, address: `x${evil}@y` },
      subject: `<script>${evil}`,
      snippet: evil,
      date: evil,
      dateShort: evil,
    },
  ]);
  assert.ok(!/<img|<script/.test(rows), rows);
  assert.ok(rows.includes('href="#inbox/a%22b"'));
  assert.ok(rows.includes('&lt;script&gt;'));
});

test('ids come from file names', () => {
  assert.equal(idOf('/x/fr-proximus-fake-appointment.eml'), 'fr-proximus-fake-appointment');
  assert.equal(idOf('a b/<c>.EML'), '_c_');
});

test('server: inbox page with a strict CSP and a nonce, message JSON, 404s', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  assert.match(srv.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  const page = await fetch(srv.url);
  assert.equal(page.status, 200);
  const csp = page.headers.get('content-security-policy');
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  assert.ok(nonce, csp);
  assert.equal(csp, gmailCsp(nonce));
  assert.match(csp, /require-trusted-types-for 'script'/);
  const html = await page.text();
  assert.ok(html.includes(`<script nonce="${nonce}">`));
  assert.equal((html.match(/<script nonce=/g) ?? []).length, 1, 'one script, with the nonce');
  assert.ok(!/<script>/.test(html), 'no script without a nonce');
  assert.equal((html.match(/<tr class="zA/g) ?? []).length, srv.messages.length);
  assert.ok(!html.includes('div class="adn'), 'the message is inserted by the page script, not served');

  const again = await fetch(srv.url);
  assert.notEqual(/'nonce-([^']+)'/.exec(again.headers.get('content-security-policy'))[1], nonce, 'fresh nonce per response');
  await again.text();

  const m = await (await fetch(`${srv.url}api/message/fr-proximus-legit-invoice`)).json();
  assert.equal(m.from.address, 'noreply@proximus.be');
  assert.match(m.messageId, /^#msg-f:\d+$/);
  assert.equal((await fetch(`${srv.url}api/message/nope`)).status, 404);
  assert.equal((await fetch(`${srv.origin}/elsewhere`)).status, 404);
  const root = await fetch(`${srv.origin}/`, { redirect: 'manual' });
  assert.equal(root.status, 302);
  assert.equal(root.headers.get('location'), '/mail/u/0/');
  assert.equal((await fetch(srv.url, { method: 'POST' })).status, 405);
  const inbox = await (await fetch(`${srv.url}api/inbox`)).json();
  assert.equal(inbox.length, srv.messages.length);
});

test('server: CSP can be switched off', async (t) => {
  const srv = await startServer({ csp: false });
  t.after(() => srv.close());
  const page = await fetch(srv.url);
  assert.equal(page.headers.get('content-security-policy'), null);
  await page.text();
});
