'use strict';
// The webmail redraws a message: the result moves over to rebuilt elements, new content is
// checked, an answer that came while the message was away is drawn on its return, and another
// mail written into the same elements is told apart (by its id, or where a webmail gives none,
// by its nodes).

const test = require('node:test');
const assert = require('node:assert/strict');
const { OK_REPORT, gmailMessage, until, sleep, NO_LISTENER, held, gmail, outlook, fixture, fragment } = require('./support/content-page');

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
