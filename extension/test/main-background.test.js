'use strict';
// The content script when the background is slow or gone: asked again after growing pauses, a
// timed-out request sent once more, fail soft on errors, late answers that draw nothing.

const test = require('node:test');
const assert = require('node:assert/strict');
const { gmailMessage, until, NO_LISTENER, gmail, fixture } = require('./support/content-page');

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

test('an error answer is not retried and shows nothing', async () => {
  const env = gmail({ answers: (msg) => (msg.type === 'analyze' ? { ok: false, error: 'snapshot.bodyHtml is too large' } : { ok: true }) });
  env.insert(gmailMessage('#msg-f:big'));
  const body = env.document.querySelector('.a3s');
  await until(() => body.getAttribute('data-vigie-checked'), 'the marker');
  assert.equal(body.getAttribute('data-vigie-checked'), 'error');
  assert.equal(env.document.querySelector('vigie-banner'), null);
  assert.equal(env.analyses().length, 1);
});
