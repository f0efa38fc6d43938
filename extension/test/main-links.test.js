'use strict';
// Links in checked messages: a link added later is checked once, hover and focus show the
// tooltip, a late answer respects a site switched off, a failed check is asked again.

const test = require('node:test');
const assert = require('node:assert/strict');
const { gmailMessage, until, sleep, held, gmail, fixture, fragment } = require('./support/content-page');

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
