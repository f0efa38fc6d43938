'use strict';
// The content script's loop in a jsdom Gmail page with a fake background: a message inserted
// after load is analysed once and gets its banner and marker; ask again, after growing pauses,
// when the background does not answer; fail soft; markers inside a mail change nothing; dismiss, trust, site off,
// late links, hover.

const test = require('node:test');
const assert = require('node:assert/strict');
const fixture = require('./fixtures/proximus-report.json');
const { loadContent, fragment } = require('./support/fake-browser');

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

test('a message inserted after load: one analysis, banner before the body, marker on the body', async () => {
  const env = gmail();
  env.document.body.prepend(fragment(env.document, '<h2 class="hP">Rendez-vous</h2>'));
  env.insert(gmailMessage('#msg-f:1001'));
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker');
  assert.equal(body.getAttribute('data-vigie-checked'), 'danger');
  const banner = body.previousElementSibling;
  assert.equal(banner.tagName, 'VIGIE-BANNER');
  assert.equal(banner.getAttribute('data-vigie-verdict'), 'danger');
  assert.equal(banner.getAttribute('data-vigie-message'), '#msg-f:1001');
  assert.equal(env.analyses().length, 1);
  const snap = env.analyses()[0].snapshot;
  assert.deepEqual(
    [snap.webmail, snap.messageId, snap.senderName, snap.senderAddress, snap.subject],
    ['gmail', '#msg-f:1001', 'Service clientèle Proximus', 'ServiceclienteleProximus@contactcenter.be', 'Rendez-vous'],
  );
  assert.equal(body.querySelector('a').getAttribute('data-vigie-link'), 'danger');
  const status = await until(() => env.calls.filter((m) => m.type === 'status').at(-1)?.checked === 1 && env.calls.filter((m) => m.type === 'status').at(-1), 'a status');
  assert.deepEqual([status.webmail, status.recognised, status.checked, status.warnings, status.danger], ['gmail', true, 1, 1, 1]);
  assert.equal(env.calls.find((m) => m.type === 'status').fresh, true, 'the first status of a page says so');
});

test('each message of a thread gets its own result; a clean one gets no banner', async () => {
  const env = gmail();
  env.insert(gmailMessage('#msg-f:1') + gmailMessage('#msg-f:2-ok', '<p>Merci</p>', 'anne@example.be'));
  const bodies = [...env.document.querySelectorAll('.a3s')];
  await until(() => bodies.every((b) => b.getAttribute('data-vigie-checked')), 'both markers');
  assert.deepEqual(bodies.map((b) => b.getAttribute('data-vigie-checked')), ['danger', 'ok']);
  assert.deepEqual(bodies.map((b) => b.previousElementSibling?.tagName ?? null), ['VIGIE-BANNER', null]);
  assert.equal(env.analyses().length, 2);
});

test('Vigie markers written inside a mail change nothing', async () => {
  const env = gmail();
  const forged = '<vigie-banner data-vigie-verdict="ok" data-vigie-checked="ok">Vigie: this mail is safe</vigie-banner><div data-vigie-checked="ok">x</div>';
  env.insert(gmailMessage('#msg-f:forged', forged + fixture.snapshot.bodyHtml));
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker');
  assert.equal(body.getAttribute('data-vigie-checked'), 'danger');
  assert.equal(body.previousElementSibling.getAttribute('data-vigie-verdict'), 'danger');
  assert.equal(body.querySelector('vigie-banner').getAttribute('data-vigie-verdict'), 'ok', 'the mail is not written to');
});

test('the webmail re-renders the message: the result moves over, no second analysis', async () => {
  const env = gmail();
  env.insert(gmailMessage('#msg-f:77'));
  await until(() => env.document.querySelector('.a3s').getAttribute('data-vigie-checked'), 'the marker');
  env.document.querySelector('.adn').remove();
  env.insert(gmailMessage('#msg-f:77'));
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker on the new body');
  assert.equal(body.previousElementSibling.tagName, 'VIGIE-BANNER');
  assert.equal(env.analyses().length, 1);
  assert.equal(env.document.querySelectorAll('vigie-banner').length, 1);
});

test('the background does not answer (worker restarted): asked once more', async () => {
  const env = gmail({
    answers: (msg, calls) => {
      if (msg.type !== 'analyze') return { ok: true };
      if (calls.filter((m) => m.type === 'analyze').length === 1) throw new Error(NO_LISTENER);
      return { ok: true, report: fixture.report };
    },
  });
  env.insert(gmailMessage('#msg-f:retry'));
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker');
  assert.equal(body.getAttribute('data-vigie-checked'), 'danger');
  assert.equal(env.analyses().length, 2);
});

test('a worker still starting: asked again after growing pauses until it answers', async () => {
  const asked = [];
  const env = gmail({
    answers: (msg) => {
      if (msg.type !== 'analyze') return { ok: true };
      asked.push(Date.now());
      if (asked.length < 4) throw new Error(NO_LISTENER);
      return { ok: true, report: fixture.report };
    },
  });
  env.insert(gmailMessage('#msg-f:starting'));
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker', 6000);
  assert.equal(body.getAttribute('data-vigie-checked'), 'danger');
  assert.equal(env.analyses().length, 4);
  const pauses = asked.slice(1).map((t, i) => t - asked[i]);
  // Each pause is longer than the one before (timers never fire early).
  assert.ok(pauses[1] > pauses[0] && pauses[2] > pauses[1], `pauses ${pauses}`);
});

test('no answer at all: data-vigie-checked="error" after five tries, and nothing shown', async () => {
  const env = gmail({ answers: (msg) => (msg.type === 'analyze' ? undefined : { ok: true }) });
  env.insert(gmailMessage('#msg-f:gone'));
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker', 8000);
  assert.equal(body.getAttribute('data-vigie-checked'), 'error');
  assert.equal(body.previousElementSibling, null);
  assert.equal(env.analyses().length, 5);
});

test('a request that timed out is sent once more, and no more', async () => {
  const never = () => new Promise(() => {});
  for (const second of ['hang', 'reject']) {
    let n = 0;
    const env = gmail({
      answers: (msg) => {
        if (msg.type !== 'analyze') return { ok: true };
        n++;
        if (n === 1 || second === 'hang') return never();
        throw new Error(NO_LISTENER);
      },
    });
    env.V.messaging.timing.answerTimeoutMs = 150;
    env.insert(gmailMessage(`#msg-f:slow-${second}`));
    const body = env.document.querySelector('.a3s');
    await until(() => body.getAttribute('data-vigie-checked'), 'the marker', 6000);
    assert.equal(body.getAttribute('data-vigie-checked'), 'error', second);
    await new Promise((r) => setTimeout(r, 800)); // no late try
    assert.equal(env.analyses().length, 2, `then ${second}`);
  }
});

test('switched off while the worker is still starting: the late answer draws nothing', async () => {
  let n = 0;
  const env = gmail({
    answers: (msg) => {
      if (msg.type !== 'analyze') return { ok: true };
      n++;
      if (n < 3) throw new Error(NO_LISTENER);
      return { ok: true, report: fixture.report };
    },
  });
  env.insert(gmailMessage('#msg-f:switched'));
  const body = env.document.querySelector('.a3s');
  await until(() => n >= 1, 'the first try');
  await env.chrome.storage.sync.set({ settings: { disabledSites: ['https://mail.google.com'] } });
  await until(() => n >= 3, 'the answer', 6000);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(body.getAttribute('data-vigie-checked'), null);
  assert.equal(env.document.querySelector('[data-vigie-link]'), null);
  assert.equal(env.document.querySelector('vigie-banner'), null);
});

test('redrawn with other content while a request is under way: the new content is checked', async () => {
  let n = 0;
  const env = gmail({
    answers: (msg) => {
      if (msg.type !== 'analyze') return { ok: true };
      n++;
      if (n < 3) throw new Error(NO_LISTENER);
      return { ok: true, report: msg.snapshot.bodyHtml.includes('Rendez-vous confirmé') ? OK_REPORT : fixture.report };
    },
  });
  env.insert(gmailMessage('#msg-f:redrawn'));
  await until(() => n >= 1, 'the first try');
  env.document.querySelector('.adn').remove();
  env.insert(gmailMessage('#msg-f:redrawn', '<p>Rendez-vous confirmé, à demain.</p>'));
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker', 6000);
  assert.equal(body.getAttribute('data-vigie-checked'), 'ok');
  assert.equal(env.document.querySelector('vigie-banner'), null);
  const last = env.analyses().at(-1);
  assert.match(last.snapshot.bodyHtml, /Rendez-vous confirmé/);
});

test('an error answer is not retried and shows nothing', async () => {
  const env = gmail({ answers: (msg) => (msg.type === 'analyze' ? { ok: false, error: 'snapshot.bodyHtml is too large' } : { ok: true }) });
  env.insert(gmailMessage('#msg-f:big'));
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker');
  assert.equal(body.getAttribute('data-vigie-checked'), 'error');
  assert.equal(env.document.querySelector('vigie-banner'), null);
  assert.equal(env.analyses().length, 1);
});

test('at most one analysis in flight per message, however much the page moves', async () => {
  const { promise: gate, release } = held();
  const env = gmail({ answers: async (msg) => (msg.type === 'analyze' ? (await gate, { ok: true, report: fixture.report }) : { ok: true }) });
  env.insert(gmailMessage('#msg-f:slow'));
  await until(() => env.analyses().length === 1, 'the first analysis');
  for (let i = 0; i < 5; i++) {
    env.document.body.append(env.document.createElement('span'));
    await new Promise((r) => setTimeout(r, 40));
  }
  release();
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker');
  assert.equal(env.analyses().length, 1);
});

function bannerButton(env, action) {
  // The root is closed: reach it through the content script's own state, as the page cannot.
  for (const e of env.V.main.state.entries.values()) {
    if (e.banner) return e.banner.root.querySelector(`button[data-action="${action}"]`);
  }
  return null;
}

test('Dismiss removes the banner for this message and remembers it', async () => {
  const env = gmail();
  env.insert(gmailMessage('#msg-f:dismiss'));
  await until(() => env.document.querySelector('vigie-banner'), 'the banner');
  bannerButton(env, 'dismiss').click();
  assert.equal(env.document.querySelector('vigie-banner'), null);
  await until(() => env.chrome.storage.local.data.dismissedMessages, 'the stored dismissal');
  assert.deepEqual([...env.chrome.storage.local.data.dismissedMessages], ['gmail:#msg-f:dismiss']);
  const status = await until(() => env.calls.filter((m) => m.type === 'status').at(-1)?.warnings === 0, 'a status without warnings');
  assert.ok(status);

  const again = gmail({ storage: { local: { dismissedMessages: ['gmail:#msg-f:dismiss'] } } });
  again.insert(gmailMessage('#msg-f:dismiss'));
  const body = again.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker');
  assert.equal(body.getAttribute('data-vigie-checked'), 'danger');
  assert.equal(again.document.querySelector('vigie-banner'), null);
});

test('two tabs dismiss a mail each: both dismissals are kept', async () => {
  const a = gmail({ start: false });
  const b = gmail({ start: false });
  b.window.chrome.storage = a.chrome.storage; // one browser profile, one storage.local
  a.V.main.start();
  b.V.main.start();
  a.insert(gmailMessage('#msg-f:tab-a'));
  b.insert(gmailMessage('#msg-f:tab-b'));
  await until(() => a.document.querySelector('vigie-banner') && b.document.querySelector('vigie-banner'), 'both banners');
  bannerButton(a, 'dismiss').click();
  await until(() => a.chrome.storage.local.data.dismissedMessages, 'the first dismissal');
  bannerButton(b, 'dismiss').click();
  await until(() => a.chrome.storage.local.data.dismissedMessages.length === 2, 'both dismissals', 1000);
  assert.deepEqual([...a.chrome.storage.local.data.dismissedMessages].sort(), ['gmail:#msg-f:tab-a', 'gmail:#msg-f:tab-b']);
});

test('I trust this sender: asks the background to store the address, removes the banner', async () => {
  const env = gmail();
  env.insert(gmailMessage('#msg-f:trust'));
  await until(() => env.document.querySelector('vigie-banner'), 'the banner');
  bannerButton(env, 'trust').click();
  await until(() => env.document.querySelector('vigie-banner') === null, 'the banner to go');
  const trust = env.calls.find((m) => m.type === 'trustSender');
  assert.equal(trust.address, 'ServiceclienteleProximus@contactcenter.be');
});

test('switched off on this site: nothing is read or sent', async () => {
  const env = gmail({ storage: { sync: { settings: { disabledSites: ['https://mail.google.com'] } } } });
  env.insert(gmailMessage('#msg-f:off'));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(env.analyses().length, 0);
  assert.equal(env.document.querySelector('.a3s').getAttribute('data-vigie-checked'), null);
});

test('switching the site off removes banners and outlines', async () => {
  const env = gmail();
  env.insert(gmailMessage('#msg-f:toggle'));
  await until(() => env.document.querySelector('vigie-banner'), 'the banner');
  await env.chrome.storage.sync.set({ settings: { disabledSites: ['https://mail.google.com'] } });
  await until(() => env.document.querySelector('vigie-banner') === null, 'the banner to go');
  assert.equal(env.document.querySelector('[data-vigie-link]'), null);
});

test('a link added to a checked message is checked once with checkLink', async () => {
  const env = gmail();
  env.insert(gmailMessage('#msg-f:late'));
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker');
  body.append(fragment(env.document, '<p><a href="https://www.google.com/url?q=https://evil.example/x">www.kbc.be</a></p>'));
  const late = body.querySelector('p:last-child a');
  await until(() => late.getAttribute('data-vigie-link'), 'the late link outline');
  const checks = env.calls.filter((m) => m.type === 'checkLink');
  assert.equal(checks.length, 1);
  assert.equal(checks[0].text, 'www.kbc.be');
  assert.equal(checks[0].senderAddress, 'ServiceclienteleProximus@contactcenter.be');
  body.append(env.document.createElement('span'));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(env.calls.filter((m) => m.type === 'checkLink').length, 1);
});

test('hover and keyboard focus show the tooltip from the cached report', async () => {
  const env = gmail();
  env.insert(gmailMessage('#msg-f:hover'));
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker');
  const a = body.querySelector('a');
  a.dispatchEvent(new env.window.MouseEvent('mouseover', { bubbles: true }));
  const tip = await until(() => env.document.querySelector('vigie-tooltip[data-vigie-visible="true"]'), 'the tooltip');
  assert.equal(tip.getAttribute('data-vigie-destination'), 'https://rdv-conseil.contactcenter.be/x');
  assert.equal(tip.getAttribute('data-vigie-registrable'), 'contactcenter.be');
  assert.equal(env.calls.filter((m) => m.type === 'checkLink').length, 0, 'no round trip on hover');
  a.dispatchEvent(new env.window.MouseEvent('mouseout', { bubbles: true, relatedTarget: env.document.body }));
  assert.equal(tip.getAttribute('data-vigie-visible'), 'false');
  const second = body.querySelectorAll('a')[1];
  second.dispatchEvent(new env.window.FocusEvent('focusin', { bubbles: true }));
  await until(() => tip.getAttribute('data-vigie-visible') === 'true', 'the tooltip on focus');
  assert.equal(tip.getAttribute('data-vigie-registrable'), 'prοximus.be');
  second.dispatchEvent(new env.window.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  assert.equal(tip.getAttribute('data-vigie-visible'), 'false');
});

test('links outside checked messages get no tooltip', async () => {
  const env = gmail();
  env.document.body.append(fragment(env.document, '<nav><a href="https://mail.google.com/#inbox">Inbox</a></nav>'));
  const a = env.document.querySelector('nav a');
  a.dispatchEvent(new env.window.MouseEvent('mouseover', { bubbles: true }));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(env.document.querySelector('vigie-tooltip[data-vigie-visible="true"]'), null);
});

test('a site switched off: nothing is read while the settings are still being loaded', async () => {
  const env = gmail({ start: false, storage: { sync: { settings: { disabledSites: ['https://mail.google.com'] } } } });
  const get = env.chrome.storage.sync.get;
  env.chrome.storage.sync.get = async (k) => {
    await sleep(150); // a slow first read
    return get(k);
  };
  env.V.main.start();
  env.insert(gmailMessage('#msg-f:early'));
  await sleep(400);
  assert.equal(env.analyses().length, 0);
  assert.equal(env.document.querySelector('vigie-banner'), null);
});

test('a late link answered after the site was switched off: no outline, and no tooltip comes back', async () => {
  const { promise: gate, release } = held();
  const env = gmail({
    answers: (msg) => {
      if (msg.type === 'analyze') return { ok: true, report: fixture.report };
      if (msg.type === 'checkLink') return gate.then(() => ({ ok: true, link: { ...fixture.lateLink, href: msg.href } }));
      return { ok: true };
    },
  });
  env.insert(gmailMessage('#msg-f:late-off'));
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker');
  body.append(fragment(env.document, '<p><a href="https://late.example/x">www.example.be</a></p>'));
  const late = body.querySelector('p:last-child a');
  await until(() => env.calls.some((m) => m.type === 'checkLink'), 'the late check');
  late.dispatchEvent(new env.window.MouseEvent('mouseover', { bubbles: true }));
  await until(() => env.document.querySelector('vigie-tooltip[data-vigie-visible="true"]'), 'the checking tooltip');
  await env.chrome.storage.sync.set({ settings: { disabledSites: ['https://mail.google.com'] } });
  await until(() => !env.document.querySelector('vigie-banner'), 'the page cleared');
  release();
  await sleep(300);
  assert.equal(late.getAttribute('data-vigie-link'), null);
  assert.equal(env.document.querySelector('vigie-tooltip').getAttribute('data-vigie-visible'), 'false');
});

test('a late link whose check failed is asked again at the next hover', async () => {
  let checks = 0;
  const env = gmail({
    answers: (msg) => {
      if (msg.type === 'analyze') return { ok: true, report: fixture.report };
      if (msg.type === 'checkLink') {
        checks += 1;
        return checks === 1 ? { ok: false, error: 'busy' } : { ok: true, link: { ...fixture.lateLink, href: msg.href } };
      }
      return { ok: true };
    },
  });
  env.insert(gmailMessage('#msg-f:late-fail'));
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker');
  body.append(fragment(env.document, '<p><a href="https://late.example/y">www.example.be</a></p>'));
  const late = body.querySelector('p:last-child a');
  await until(() => checks === 1, 'the first check');
  await sleep(30);
  late.dispatchEvent(new env.window.MouseEvent('mouseover', { bubbles: true }));
  await until(() => late.getAttribute('data-vigie-link'), 'the outline from the second check');
  assert.equal(checks, 2);
  const tip = await until(() => env.document.querySelector('vigie-tooltip[data-vigie-visible="true"]'), 'the tooltip');
  assert.equal(tip.getAttribute('data-vigie-state'), 'checked');
});

test('the answer comes while the message is off the page: drawn when the same elements come back', async () => {
  const { promise: gate, release } = held();
  const env = gmail({
    answers: (msg) => (msg.type === 'analyze' ? gate.then(() => ({ ok: true, report: fixture.report })) : { ok: true }),
  });
  env.insert(gmailMessage('#msg-f:away'));
  const message = env.document.querySelector('.adn');
  const body = message.querySelector('.a3s');
  await until(() => env.analyses().length === 1, 'the analysis request');
  message.remove(); // back to the inbox; the webmail keeps the view for later
  release();
  await sleep(100);
  assert.equal(body.getAttribute('data-vigie-checked'), null);
  env.document.querySelector('#thread').append(message);
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker', 2000);
  assert.equal(body.getAttribute('data-vigie-checked'), 'danger');
  assert.equal(body.previousElementSibling.tagName, 'VIGIE-BANNER');
  assert.equal(env.analyses().length, 1);
});

test('the webmail writes another mail into the same elements: the new one is checked', async () => {
  const env = gmail();
  env.insert(gmailMessage('#msg-f:first'));
  const body = env.document.querySelector('.a3s');
  await until(() => env.document.querySelector('vigie-banner'), 'the banner');
  // The same container and body, another mail: its id and its content.
  body.closest('.adn').setAttribute('data-message-id', '#msg-f:second-ok');
  body.innerHTML = '<p>Merci pour votre commande, <a href="https://shop.example/">shop.example</a></p>';
  await until(() => env.analyses().length === 2, 'a second analysis');
  assert.equal(env.analyses()[1].snapshot.messageId, '#msg-f:second-ok');
  await until(() => body.getAttribute('data-vigie-checked') === 'ok', 'the new verdict');
  assert.equal(env.document.querySelector('vigie-banner'), null);
});

test('another mail written into the same elements while the first is still being checked', async () => {
  const { promise: gate, release } = held();
  const env = gmail({
    answers: (msg) => {
      if (msg.type !== 'analyze') return { ok: true };
      if (msg.snapshot.messageId === '#msg-f:slow') return gate.then(() => ({ ok: true, report: fixture.report }));
      return { ok: true, report: OK_REPORT };
    },
  });
  env.insert(gmailMessage('#msg-f:slow'));
  const body = env.document.querySelector('.a3s');
  await until(() => env.analyses().length === 1, 'the first request');
  body.closest('.adn').setAttribute('data-message-id', '#msg-f:next-ok');
  body.innerHTML = '<p>Rendez-vous confirmé.</p>';
  await until(() => body.getAttribute('data-vigie-checked') === 'ok', 'the second mail checked');
  release(); // the first mail's answer, late
  await sleep(100);
  assert.equal(body.getAttribute('data-vigie-checked'), 'ok');
  assert.equal(env.document.querySelector('vigie-banner'), null);
});

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

test('a webmail without message ids writes another mail into the same body: the new one is checked', async () => {
  const env = outlook();
  await until(() => env.document.querySelector('vigie-banner'), 'the banner');
  env.open('anne@example.be', 'Souper vendredi', '<p>On se voit à 19h ? <a href="https://resto.example/">resto.example</a></p>');
  await until(() => env.analyses().length === 2, 'a second analysis');
  assert.equal(env.analyses()[1].snapshot.senderAddress, 'anne@example.be');
  assert.equal(env.analyses()[1].snapshot.subject, 'Souper vendredi');
  await until(() => env.body.getAttribute('data-vigie-checked') === 'ok', 'the new verdict');
  assert.equal(env.document.querySelector('vigie-banner'), null);
});

test('a webmail without message ids empties the body: the banner goes with the mail', async () => {
  const env = outlook();
  await until(() => env.document.querySelector('vigie-banner'), 'the banner');
  env.body.replaceChildren();
  await until(() => !env.document.querySelector('vigie-banner'), 'the banner removed');
  assert.equal(env.body.getAttribute('data-vigie-checked'), null);
  env.open('anne@example.be', 'Souper vendredi', '<p>On se voit à 19h ?</p>');
  await until(() => env.body.getAttribute('data-vigie-checked') === 'ok', 'the next mail checked');
  assert.equal(env.analyses().length, 2);
});

test('a webmail without message ids adds to the open mail: no second analysis, the banner stays', async () => {
  const env = outlook();
  await until(() => env.document.querySelector('vigie-banner'), 'the banner');
  // An image loaded late, a quote expanded: the mail's first nodes stay where they were.
  env.body.append(fragment(env.document, '<div><img src="https://img.example/logo.png" alt=""><p>Message précédent</p></div>'));
  env.body.querySelector('p').replaceWith(fragment(env.document, '<p>Vous avez reçu une facture.</p>'));
  await sleep(150);
  assert.equal(env.analyses().length, 1);
  assert.equal(env.body.getAttribute('data-vigie-checked'), 'danger');
  assert.equal(env.document.querySelectorAll('vigie-banner').length, 1);
});

test('the popup can ask a tab whether its content script is there', async () => {
  const env = gmail();
  await new Promise((r) => setTimeout(r, 50));
  let answer;
  env.chrome.runtime.onMessage.fire({ type: 'vigiePing' }, {}, (r) => (answer = r));
  assert.equal(answer.ok, true);
  assert.equal(answer.webmail, 'gmail');
});
