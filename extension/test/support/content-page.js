'use strict';
// Shared by the main*.test.js files: a webmail page in jsdom with the content script running
// and a fake background (content/main.js and the modules it drives).

const fixture = require('../fixtures/proximus-report.json');
const { loadContent, fragment } = require('./fake-browser');

const OK_REPORT = { verdict: 'ok', findings: [], links: [], partly_checked: false, sender: { address: 'anne@example.be', registrable: 'example.be' } };

function gmailMessage(id, body = fixture.snapshot.bodyHtml, email = 'ServiceclienteleProximus@contactcenter.be') {
  return `<div class="adn ads h7" data-message-id="${id}"><div class="gE"><h3><span class="gD" email="${email}" name="Service clientèle Proximus">Service clientèle Proximus</span></h3></div>
    <div class="ii gt"><div class="a3s aiL">${body}</div></div></div>`;
}

async function until(check, what, ms = 3000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** What Chrome says when the worker has no message listener yet (it is starting). */
const NO_LISTENER = 'Could not establish connection. Receiving end does not exist.';

/** A promise held until `release()`: an answer that comes late. */
function held() {
  let release;
  const promise = new Promise((r) => (release = r));
  return { promise, release };
}

/** A Gmail page (or another `url`) with the content script running; `answers` decides each
 * background answer. */
function gmail({ answers, storage, start = true, url } = {}) {
  const calls = [];
  const handle = (msg) => {
    calls.push(msg);
    if (answers) return answers(msg, calls);
    if (msg.type === 'analyze') return { ok: true, report: msg.snapshot.messageId.endsWith('ok') ? OK_REPORT : fixture.report };
    if (msg.type === 'checkLink') return { ok: true, link: { ...fixture.lateLink, href: msg.href } };
    return { ok: true };
  };
  const env = loadContent({ handle, storage, start, url });
  env.calls = calls;
  env.analyses = () => calls.filter((m) => m.type === 'analyze');
  env.insert = (html) => {
    const thread = env.document.querySelector('#thread') ?? env.document.body.appendChild(env.document.createElement('div'));
    thread.id = 'thread';
    thread.append(fragment(env.document, html));
  };
  return env;
}

/** Outlook's reading pane: no message id in the page, one body element for whichever mail is open. */
function outlook() {
  const env = gmail({
    url: 'https://outlook.office.com/mail/inbox/id/AAQk',
    answers: (msg) => {
      if (msg.type !== 'analyze') return { ok: true };
      return { ok: true, report: msg.snapshot.senderAddress === 'anne@example.be' ? OK_REPORT : fixture.report };
    },
  });
  env.insert(`<div id="ReadingPaneContainerId"><div role="heading" aria-level="2">Votre facture</div>
    <div class="hdr"><span title="ServiceclienteleProximus@contactcenter.be">Service clientèle Proximus</span></div>
    <div id="UniqueMessageBody_1" role="document">${fixture.snapshot.bodyHtml}</div></div>`);
  env.body = env.document.querySelector('[role="document"]');
  /** Opens another mail the way a reading pane that keeps its elements would. */
  env.open = (address, subject, html) => {
    env.document.querySelector('[title]').setAttribute('title', address);
    env.document.querySelector('[role="heading"]').textContent = subject;
    env.body.innerHTML = html;
  };
  return env;
}

function bannerButton(env, action) {
  // The root is closed: reach it through the content script's own state, as the page cannot.
  for (const e of env.V.main.state.entries.values()) {
    if (e.banner) return e.banner.root.querySelector(`button[data-action="${action}"]`);
  }
  return null;
}

module.exports = { OK_REPORT, gmailMessage, until, sleep, NO_LISTENER, held, gmail, outlook, bannerButton, fixture, fragment };
