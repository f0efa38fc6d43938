'use strict';
// The content script's loop in a jsdom Gmail page with a fake background: a message inserted
// after load is analysed once and gets its banner and marker, each message of a thread its own
// result; markers inside a mail change nothing; the popup can find the script.
// Other themes: main-background (a slow or absent worker), main-actions (dismiss, trust, site
// switched off), main-links (late links, hover), main-redraw (the webmail redraws a message).

const test = require('node:test');
const assert = require('node:assert/strict');
const { gmailMessage, until, held, gmail, fixture, fragment } = require('./support/content-page');

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

test('the popup can ask a tab whether its content script is there', async () => {
  const env = gmail();
  await new Promise((r) => setTimeout(r, 50));
  let answer;
  env.chrome.runtime.onMessage.fire({ type: 'vigiePing' }, {}, (r) => (answer = r));
  assert.equal(answer.ok, true);
  assert.equal(answer.webmail, 'gmail');
});
