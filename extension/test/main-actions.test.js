'use strict';
// The banner's actions (dismiss, trust the sender) and a site switched off, in a jsdom Gmail page.

const test = require('node:test');
const assert = require('node:assert/strict');
const { gmailMessage, until, sleep, gmail, bannerButton } = require('./support/content-page');

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
