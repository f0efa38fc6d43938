'use strict';
// Each adapter against a DOM fixture built from the structure documented for that webmail
// (shared/reference/webmail-dom.md, tests/roundcube/NOTES.md): the message, its sender, its
// body and its id are read right, the body's own content is never taken for the sender, and
// an unknown layout falls back to the generic reader.

const test = require('node:test');
const assert = require('node:assert/strict');
const { loadContent, fragment } = require('./support/fake-browser');

function page(url, html) {
  const env = loadContent({ url });
  env.document.body.append(fragment(env.document, html));
  return env;
}

function read(env) {
  const { V, document, window } = env;
  const { adapter, recognised } = V.adapters.forPage(document, window.location.hostname);
  const found = Array.from(V.snapshot.findMessages(adapter, document));
  // structuredClone: values of the page's realm compared with this realm's literals.
  return { adapter, recognised, found, snaps: structuredClone(found.map((f) => V.snapshot.takeSnapshot(f).snapshot)) };
}

const GMAIL_MESSAGE = (id, name, email, body) => `
  <div class="adn ads h7" data-message-id="${id}" data-legacy-message-id="l${id.slice(-3)}">
    <div class="gE iv gt"><table><tr><td class="gF gK"><h3 class="iw">
      <span class="gD" email="${email}" name="${name}">${name}</span>
      <span class="go">&lt;${email}&gt;</span></h3></td></tr></table>
      <div class="iw ajw"><span class="hb">to <span email="me@example.be" name="me" class="g2">me</span></span></div>
    </div>
    <div class="ii gt"><div class="a3s aiL">${body}</div></div>
  </div>`;

test('gmail: each message of a thread with its sender, subject, body and id', () => {
  const env = page('https://mail.google.com/mail/u/0/#inbox/FMfcg', `
    <h2 class="hP" data-legacy-thread-id="18f">Confirmation de votre rendez-vous</h2>
    <div role="list">
      ${GMAIL_MESSAGE('#msg-f:1001', 'Service clientèle Proximus', 'ServiceclienteleProximus@contactcenter.be', '<p>Rendez-vous sur <a href="https://rdv-conseil.contactcenter.be/x">www.proximus.be</a></p>')}
      ${GMAIL_MESSAGE('#msg-f:1002', 'Anne', 'anne@example.be', '<p>Merci</p>')}
      <div class="adn ads kv" data-message-id="#msg-f:1003"><div class="gE"><span class="gD" email="x@y.be" name="X">X</span></div></div>
    </div>`);
  const { adapter, recognised, found, snaps } = read(env);
  assert.equal(adapter.id, 'gmail');
  assert.ok(recognised);
  assert.equal(found.length, 2, 'the collapsed message (no body) is not read');
  assert.deepEqual(
    snaps.map((s) => [s.webmail, s.messageId, s.senderName, s.senderAddress, s.subject]),
    [
      ['gmail', '#msg-f:1001', 'Service clientèle Proximus', 'ServiceclienteleProximus@contactcenter.be', 'Confirmation de votre rendez-vous'],
      ['gmail', '#msg-f:1002', 'Anne', 'anne@example.be', 'Confirmation de votre rendez-vous'],
    ],
  );
  assert.match(snaps[0].bodyHtml, /rdv-conseil\.contactcenter\.be/);
  assert.ok(found[0].body.classList.contains('a3s'));
  assert.equal(found[0].anchor, found[0].body, 'the banner goes right before the inline body');
});

test('gmail: span[email] nested in .gD (the contract fixture form) is read too', () => {
  const env = page('https://mail.google.com/mail/u/0/', `
    <div class="adn" data-message-id="#msg-f:7"><div class="gE"><span class="gD"><span email="a@b.be" name="A B">A B</span></span></div>
    <div class="a3s aiL">hi</div></div>`);
  const { snaps } = read(env);
  assert.equal(snaps[0].senderAddress, 'a@b.be');
  assert.equal(snaps[0].senderName, 'A B');
});

test('a sender written inside the mail body is never taken for the sender', () => {
  const env = page('https://mail.google.com/mail/u/0/', `
    <div class="adn" data-message-id="#msg-f:8">
      <div class="a3s aiL"><span class="gD" email="support@proximus.be" name="Proximus">Proximus</span> fake</div>
    </div>`);
  const { snaps } = read(env);
  assert.equal(snaps[0].senderAddress, undefined);
  assert.equal(snaps[0].senderName, undefined);
});

test('outlook: body by role, sender from a title; name only when the address is not shown', () => {
  const env = page('https://outlook.office.com/mail/inbox/id/AAQk', `
    <div id="ReadingPaneContainerId">
      <div><div role="heading" aria-level="2">Votre facture</div>
        <div class="item">
          <div class="hdr"><span class="OZZZK" title="facturation@proximus-client.net">Proximus Facturation</span></div>
          <div><div id="UniqueMessageBody_1" role="document" aria-label="Message body"><p>Payez <a href="https://pay.example.net">ici</a></p></div></div>
        </div>
        <div class="item">
          <div class="hdr"><div class="lpc-hoverTarget"><span>Jean Dupont</span></div></div>
          <div><div id="UniqueMessageBody_2" role="document"><p>Salut</p></div></div>
        </div>
      </div>
    </div>`);
  const { adapter, snaps } = read(env);
  assert.equal(adapter.id, 'outlook');
  assert.equal(snaps.length, 2);
  assert.equal(snaps[0].senderAddress, 'facturation@proximus-client.net');
  assert.equal(snaps[0].senderName, 'Proximus Facturation');
  assert.equal(snaps[0].subject, 'Votre facture');
  assert.equal(snaps[1].senderName, 'Jean Dupont');
  assert.equal(snaps[1].senderAddress, undefined, 'name only: no address is invented');
  assert.match(snaps[0].messageId, /^fp:[0-9a-f]{8}$/);
  assert.notEqual(snaps[0].messageId, snaps[1].messageId);
});

test('yahoo: data-test-id hooks', () => {
  const env = page('https://mail.yahoo.com/d/folders/1/messages/42', `
    <div id="mail-app-component">
      <span data-test-id="message-group-subject-text">Colis en attente</span>
      <div data-test-id="message-view">
        <header><div data-test-id="message-from"><span data-test-id="email-pill" title="dhl@dhl-suivi.info"><span><span>DHL Express</span></span></span></div></header>
        <div data-test-id="message-view-body-content" class="msg-body"><a href="https://bit.ly/x">suivre</a></div>
      </div>
    </div>`);
  const { adapter, snaps } = read(env);
  assert.equal(adapter.id, 'yahoo');
  assert.deepEqual([snaps[0].senderName, snaps[0].senderAddress, snaps[0].subject], ['DHL Express', 'dhl@dhl-suivi.info', 'Colis en attente']);
});

test('yahoo: container unknown, the body is walked up to its sender', () => {
  const env = page('https://mail.yahoo.com/d/folders/1', `
    <div id="mail-app-component"><section class="x1">
      <div data-test-id="message-from"><span data-test-id="email-pill">Bank &lt;info@bank.example&gt;</span></div>
      <div data-test-id="message-view-body-content">Hello <a href="https://x.example">x</a></div>
    </section></div>`);
  const { snaps } = read(env);
  assert.equal(snaps.length, 1);
  assert.equal(snaps[0].senderAddress, 'info@bank.example');
  assert.equal(snaps[0].senderName, 'Bank');
});

test('proton: body in the same-origin iframe, banner anchored on the iframe', () => {
  const env = page('https://mail.proton.me/u/0/inbox/abc', `
    <h1 title="Votre compte" data-testid="conversation-header:subject">Votre compte</h1>
    <article class="message-container" data-testid="message-view-0" data-message-id="pm-1" data-shortcut-target="message-container" data-expanded="true">
      <div data-testid="recipients:sender" title="Proximus &lt;noreply@proximus-secure.com&gt;">
        <span data-testid="recipient-label">Proximus</span> <span data-testid="recipient-address">&lt;noreply@proximus-secure.com&gt;</span>
      </div>
      <iframe data-testid="content-iframe" title="Email content" sandbox="allow-same-origin allow-popups"></iframe>
    </article>
    <article class="message-container" data-testid="message-view-1" data-message-id="pm-0" data-shortcut-target="message-container" data-expanded="false"></article>`);
  const iframe = env.document.querySelector('iframe');
  const inner = iframe.contentDocument;
  inner.body.append(fragment(inner, '<div id="proton-root"><p>Cliquez <a href="https://proximus-secure.com/login">ici</a></p></div>'));
  const { adapter, found, snaps } = read(env);
  assert.equal(adapter.id, 'proton');
  assert.equal(found.length, 1, 'the collapsed message is skipped');
  assert.equal(found[0].anchor, iframe);
  assert.equal(found[0].body, inner.getElementById('proton-root'));
  assert.deepEqual(
    [snaps[0].messageId, snaps[0].senderName, snaps[0].senderAddress, snaps[0].subject],
    ['pm-1', 'Proximus', 'noreply@proximus-secure.com', 'Votre compte'],
  );
  assert.match(snaps[0].bodyHtml, /proximus-secure\.com\/login/);
});

test('proton: an iframe not written yet is watched, not read', () => {
  const env = page('https://mail.proton.me/u/0/inbox', `
    <article data-shortcut-target="message-container" data-message-id="pm-2"><iframe data-testid="content-iframe"></iframe></article>`);
  const watched = [];
  const { V, document } = env;
  const found = V.snapshot.findMessages(V.adapters.byId('proton'), document, (f) => watched.push(f));
  assert.equal(found.length, 0);
  assert.equal(watched.length, 1);
});

const ROUNDCUBE_ELASTIC = `
  <div id="layout-content"><div class="content frame-content" role="main">
  <div id="message-header">
    <h2 class="subject"><span class="voice">Subject: </span>Confirmation de votre rendez-vous <a class="extwin" href="#"></a></h2>
    <div class="header"><div class="header-content"><div class="header-summary"><span>From <span class="adr">
      <a href="mailto:ServiceclienteleProximus@contactcenter.be" class="rcmContactAddress" title="ServiceclienteleProximus@contactcenter.be">Service clientèle Proximus</a>
      <a href="#add" class="rcmaddcontact" onclick="return rcmail.command('add-contact','Service clientèle Proximus &lt;ServiceclienteleProximus@contactcenter.be&gt;',this)"></a>
    </span> on <span class="text-nowrap">2024-01-29 08:12</span></span></div>
    <table class="header-headers"><tr><td class="header to"><span class="adr"><a href="mailto:vigie@vigie.test" class="rcmContactAddress" title="vigie@vigie.test">vigie@vigie.test</a></span></td></tr></table>
    </div></div>
  </div>
  <div id="message-content"><div class="rightcol"><div id="message-objects"></div>
    <div id="messagebody"><div class="message-htmlpart" id="message-htmlpart1"><div class="rcmBody"><p>Voir <a href="https://rdv-conseil.contactcenter.be/x" target="_blank" rel="noreferrer">www.proximus.be</a></p></div></div></div>
  </div></div></div></div>`;

test('roundcube elastic preview frame: address from title, id from _uid and _mbox', () => {
  const env = page('http://127.0.0.1:8080/?_task=mail&_caps=x&_uid=11&_mbox=INBOX&_framed=1&_action=preview', ROUNDCUBE_ELASTIC);
  const { adapter, recognised, found, snaps } = read(env);
  assert.equal(adapter.id, 'roundcube');
  assert.ok(recognised, 'recognised by its DOM signature on any host');
  assert.equal(found[0].body.id, 'messagebody');
  assert.deepEqual(
    [snaps[0].messageId, snaps[0].senderName, snaps[0].senderAddress, snaps[0].subject],
    ['11:INBOX', 'Service clientèle Proximus', 'ServiceclienteleProximus@contactcenter.be', 'Confirmation de votre rendez-vous'],
  );
});

test('roundcube: a display name Roundcube hides (it holds an @) is read from add-contact', () => {
  const env = page('https://webmail.example.org/?_task=mail&_uid=6&_mbox=INBOX&_action=show', `
    <div id="message-header"><h2 class="subject">Promo</h2><span class="adr">
      <a href="mailto:promo@mailer-offres.fr" class="rcmContactAddress" title="promo@mailer-offres.fr">promo@mailer-offres.fr</a>
      <a href="#add" class="rcmaddcontact" onclick="return rcmail.command('add-contact','&quot;support@proximus.be&quot; &lt;promo@mailer-offres.fr&gt;',this)"></a>
    </span></div>
    <div id="messagebody"><div class="message-part"><div class="pre">Bonjour</div></div></div>`);
  const { snaps } = read(env);
  assert.equal(snaps[0].senderAddress, 'promo@mailer-offres.fr');
  assert.equal(snaps[0].senderName, 'support@proximus.be');
});

test('roundcube larry preview', () => {
  const env = page('https://mail.example.net/?_task=mail&_uid=3&_mbox=INBOX&_action=preview&_framed=1', `
    <div id="messageheader" class="previewheader"><h3 class="subject">Facture</h3>
      <table id="preview-shortheaders"><tr><td class="header from"><a href="mailto:facture@prοximus.be" class="rcmContactAddress" title="facture@prοximus.be">Proximus</a></td></tr></table>
    </div>
    <div id="messagepreview"><div id="messagebody"><div class="message-htmlpart"><a href="https://xn--prximus-9of.be/remboursement">remboursement</a></div></div></div>`);
  const { snaps } = read(env);
  assert.deepEqual([snaps[0].senderName, snaps[0].senderAddress, snaps[0].subject, snaps[0].messageId], ['Proximus', 'facture@prοximus.be', 'Facture', '3:INBOX']);
});

test('open-xchange: .mail-detail with its iframe body', () => {
  const env = page('https://webmail.isp.example/appsuite/#!!&app=io.ox/mail', `
    <article class="list-item mail-item mail-detail expanded" data-cid="default0/INBOX.77" data-loaded="true">
      <header class="detail-view-header"><h1 class="subject">Mise à jour de sécurité</h1>
        <div class="from"><a class="halo-link"><span class="person-link person-from">KBC Bank</span></a> <span class="address">&lt;info@kbc-secure.help&gt;</span></div>
      </header>
      <section class="body"><iframe class="mail-detail-frame" src=""></iframe></section>
    </article>`);
  const inner = env.document.querySelector('iframe').contentDocument;
  inner.body.append(fragment(inner, '<div class="mail-detail-content"><a href="https://kbc-secure.help/login">Se connecter</a></div>'));
  const { adapter, found, snaps } = read(env);
  assert.equal(adapter.id, 'ox');
  assert.equal(found[0].body.className, 'mail-detail-content');
  assert.deepEqual([snaps[0].messageId, snaps[0].senderName, snaps[0].senderAddress, snaps[0].subject],
    ['default0/INBOX.77', 'KBC Bank', 'info@kbc-secure.help', 'Mise à jour de sécurité']);
});

test('zimbra classic: inline MsgBody', () => {
  const env = page('https://zimbra.example.org/#1', `
    <div class="ZmMailMsgView"><table class="MsgHeaderTable"><tr id="zv__CLV_from"><td><span class="addrBubble" title="alerts@paypa1.com">PayPal</span></td></tr></table>
    <div id="zv__CLV_body"><div class="MsgBody MsgBody-html"><a href="https://paypa1.com">paypal.com</a></div></div></div>`);
  const { adapter, snaps } = read(env);
  assert.equal(adapter.id, 'zimbra');
  assert.deepEqual([snaps[0].senderName, snaps[0].senderAddress], ['PayPal', 'alerts@paypa1.com']);
});

test('unknown layout: the generic reader takes the largest message-like body, without a sender', () => {
  const env = page('http://localhost:9999/mail', `
    <nav><a href="/inbox">Inbox</a></nav>
    <article class="teaser">short <a href="https://a.example">a</a></article>
    <div class="Message-Body-Wrapper"><div class="message-body">${'Dear customer, your account will be closed. '.repeat(5)}<a href="https://evil.example/login">login</a></div></div>`);
  const { adapter, recognised } = read(env);
  assert.equal(adapter, null);
  assert.equal(recognised, false);
  const found = env.V.snapshot.findMessages(null, env.document);
  assert.equal(found.length, 1);
  assert.equal(found[0].body.className, 'message-body');
  const snap = env.V.snapshot.takeSnapshot(found[0]).snapshot;
  assert.equal(snap.webmail, 'generic');
  assert.equal(snap.senderAddress, undefined);
  assert.match(snap.messageId, /^fp:/);
});

test('a compose editor is never read as a message body', () => {
  const env = page('https://mail.yahoo.com/d/compose/1', `
    <div id="mail-app-component"><div data-test-id="message-from"><span data-test-id="email-pill">me@yahoo.com</span></div>
    <div data-test-id="message-view-body-content" contenteditable="true">draft <a href="https://x.example">x</a></div></div>`);
  assert.equal(read(env).found.length, 0);
});

test('parseMailbox handles quoted names, bare addresses and names', () => {
  const env = loadContent();
  const p = env.V.snapshot.parseMailbox;
  const parse = (s) => structuredClone(p(s));
  assert.deepEqual(parse('"Service, Client" <a@b.be>'), { name: 'Service, Client', address: 'a@b.be' });
  assert.deepEqual(parse('a@b.be'), { address: 'a@b.be' });
  assert.deepEqual(parse('Proximus'), { name: 'Proximus' });
  assert.deepEqual(parse('Name <not an address>'), { name: 'Name', address: undefined });
});

test('a body over 5 MB is cut to 5 MB before it is sent', () => {
  const env = page('https://mail.google.com/mail/u/0/', `<div class="adn" data-message-id="#msg-f:9"><div class="a3s aiL"></div></div>`);
  const body = env.document.querySelector('.a3s');
  body.textContent = 'x'.repeat(5 * 1024 * 1024 + 10);
  const taken = env.V.snapshot.takeSnapshot(read(env).found[0]);
  assert.equal(taken.truncated, true);
  assert.equal(taken.snapshot.bodyHtml.length, 5 * 1024 * 1024);
});
