// Recovery (Chromium, production build on https://mail.google.com with the strict CSP):
// - the background service worker is stopped in the middle of an analysis (CDP
//   `ServiceWorker.stopAllWorkers` while the worker holds the content script's request): the
//   content script sends the request once more, the worker starts again and the banner shows
//   the right verdict;
// - the worker is stopped before a message is opened (cold start);
// - a wasm trap (`testTrap()` of the glue, through `vigieBackground` in the worker): the
//   background makes a new instance and the message, and the next one, get the right verdict;
// - malformed and huge snapshots sent from an extension page get {ok:false} or a report (a
//   partly_checked one for the huge ones), the worker keeps answering, the next message works.
//
//   node --test --test-concurrency=1 tests/e2e/
//
// Screenshots: target/test-artifacts/recovery/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SAMPLES, artifactDir, describe as describeState, verdictProblems } from './lib/browsers.mjs';
import { gmailUrl, waitChecked } from './lib/devtools.mjs';
import { gmailSession } from './lib/session.mjs';

const SHOTS = artifactDir('recovery');
const DANGER = 'fr-proximus-fake-appointment';
const DANGER_KINDS = ['brand_impersonation', 'link_text_mismatch'];

describe('recovery: stopped service worker, wasm trap, malformed snapshots (Chromium)', () => {
  let session;
  let browser;
  let control;

  before(async () => {
    session = await gmailSession({ sources: [SAMPLES], control: true });
    ({ browser, control } = session);
  });
  after(() => session?.close());

  /** Opens a message and checks its verdict (and, for danger, the main finding kinds). */
  async function openExpect(id, verdict, shot, { kinds = [], timeout = 30000 } = {}) {
    const page = await browser.context.newPage();
    try {
      await page.goto(gmailUrl(id));
      const state = await waitChecked(page, { timeout });
      await page.screenshot({ path: join(SHOTS, `${shot}.png`) }).catch(() => {});
      assert.deepEqual(verdictProblems(state, verdict), [], `${id}: ${describeState(state)}`);
      for (const k of kinds) assert.ok(state.banner.findings.includes(k), `${id}: ${k} missing from ${state.banner.findings.join(' ')}`);
      return state;
    } finally {
      await page.close().catch(() => {});
    }
  }

  test('the worker is stopped while it holds the analysis: the content script asks again, the banner appears', { timeout: 90000 }, async (t) => {
    // Hold every analyze request in this worker instance (it never answers), then stop the
    // worker under it. The listener looks HANDLERS up at each message, so the hook applies.
    await control.inWorker(() => {
      globalThis.__vigieHeld = [];
      globalThis.vigieBackground.HANDLERS.analyze = (msg) => {
        globalThis.__vigieHeld.push(String(msg?.snapshot?.messageId ?? '?'));
        return new Promise(() => {});
      };
    });
    const worker = await control.worker();
    const page = await browser.context.newPage();
    try {
      await page.goto(gmailUrl(DANGER));
      const t0 = Date.now();
      let held = [];
      while (!held.length) {
        if (Date.now() - t0 > 20000) throw new Error('the content script never sent its analyze request');
        held = await worker.evaluate(() => globalThis.__vigieHeld ?? []);
        if (!held.length) await sleep(20);
      }
      assert.equal(await page.evaluate(() => document.querySelector('div.a3s')?.getAttribute('data-vigie-checked') ?? null), null, 'not checked while held');
      const stopMs = await control.stopWorker();
      const stoppedAt = Date.now();
      const state = await waitChecked(page, { timeout: 45000 });
      const recoveryMs = Date.now() - stoppedAt;
      await page.screenshot({ path: join(SHOTS, 'stopped-mid-analysis.png') }).catch(() => {});
      t.diagnostic(`held request for ${held.join(', ')}; worker stopped in ${stopMs} ms; banner ${recoveryMs} ms after the stop`);
      assert.deepEqual(verdictProblems(state, 'danger'), [], describeState(state));
      for (const k of DANGER_KINDS) assert.ok(state.banner.findings.includes(k), `${k} missing: ${state.banner.findings.join(' ')}`);
      // The answer came from a new worker instance: the hook is gone with the old one.
      const fresh = await control.inWorker(() => ({ held: typeof globalThis.__vigieHeld, generation: globalThis.vigieBackground.engineState.generation }));
      assert.equal(fresh.held, 'undefined', 'the worker that answered is a new instance');
      assert.ok(control.changes.some((c) => c.status === 'stopped'), 'CDP saw the worker stop');
    } finally {
      await page.close().catch(() => {});
    }
  });

  test('the worker is stopped before a message is opened: the content script wakes it (cold start)', { timeout: 60000 }, async (t) => {
    await control.stopWorker();
    assert.equal(control.status(), 'stopped');
    const t0 = Date.now();
    await openExpect('nl-kbc-card-request', 'danger', 'cold-start');
    const info = await control.engineInfo();
    t.diagnostic(`cold open → checked within ${Date.now() - t0} ms (page load included); engine start-up: ${JSON.stringify(info.timings)}`);
    assert.equal(info.generation, 1, 'a fresh worker made one engine instance');
    await openExpect('fr-proximus-legit-invoice', 'ok', 'cold-start-next');
  });

  test('a wasm trap while a message is analysed: a new instance answers, that message and the next are right', { timeout: 60000 }, async (t) => {
    // Make the live instance's analyzeMessage trap (testTrap() panics → `unreachable`); the
    // instance made after the trap comes from a new glue (vigieGlue()), without the hook.
    const before = await control.inWorker(async () => {
      const bg = globalThis.vigieBackground;
      await bg.withEngine(() => 0);
      const glue = bg.engineState.glue;
      const proto = glue.WasmEngine.prototype;
      const original = proto.analyzeMessage;
      globalThis.__vigieTrapCalls = 0;
      proto.analyzeMessage = function (message) {
        globalThis.__vigieTrapCalls += 1;
        glue.testTrap();
        return original.call(this, message);
      };
      return { generation: bg.engineState.generation, traps: bg.engineState.traps };
    });
    await openExpect(DANGER, 'danger', 'trap-during-analysis', { kinds: DANGER_KINDS });
    const afterTrap = await control.inWorker(() => ({
      generation: globalThis.vigieBackground.engineState.generation,
      traps: globalThis.vigieBackground.engineState.traps,
      calls: globalThis.__vigieTrapCalls,
    }));
    t.diagnostic(`before ${JSON.stringify(before)}, after ${JSON.stringify(afterTrap)}`);
    assert.equal(afterTrap.calls, 1, 'the hooked (trapping) instance was entered once');
    assert.equal(afterTrap.traps, before.traps + 1, 'the background saw one trap');
    assert.ok(afterTrap.generation > before.generation, 'a new instance was made after the trap');
    await openExpect('de-belfius-freemail', 'danger', 'trap-next-message');
    await openExpect('fr-personal-legit', 'ok', 'trap-next-ok');
  });

  test('testTrap() called on the live instance behind the background’s back: the next message is still right', { timeout: 60000 }, async (t) => {
    const trapped = await control.inWorker(async () => {
      const bg = globalThis.vigieBackground;
      await bg.withEngine(() => 0);
      const before = { generation: bg.engineState.generation, traps: bg.engineState.traps };
      let error = null;
      try {
        bg.engineState.glue.testTrap();
      } catch (e) {
        error = `${e?.name}: ${e?.message}`;
      }
      return { before, error };
    });
    assert.ok(trapped.error, 'testTrap() throws (a wasm trap)');
    t.diagnostic(`testTrap(): ${trapped.error}`);
    await openExpect('en-paypal-ip-and-userinfo', 'danger', 'trap-direct-next', { kinds: ['ip_host', 'userinfo'] });
    await openExpect('fr-proximus-legit-invoice', 'ok', 'trap-direct-ok');
    const now = await control.inWorker(() => ({ generation: globalThis.vigieBackground.engineState.generation, traps: globalThis.vigieBackground.engineState.traps }));
    t.diagnostic(`engine before ${JSON.stringify(trapped.before)}, after the next messages ${JSON.stringify(now)} (a trap on the next call would have made a new instance)`);
  });

  test('malformed and huge snapshots from an extension page: {ok:false} or a report, never a crash', { timeout: 120000 }, async (t) => {
    const MiB = 1024 * 1024;
    const before = await control.engineInfo();
    // Each case runs in the extension page (the strings are built there, not sent over CDP).
    const cases = [
      { name: 'no snapshot', expect: 'error', build: () => ({ type: 'analyze' }) },
      { name: 'snapshot null', expect: 'error', build: () => ({ type: 'analyze', snapshot: null }) },
      { name: 'snapshot is a string', expect: 'error', build: () => ({ type: 'analyze', snapshot: '<a href="https://x.example">x</a>' }) },
      { name: 'snapshot is an array', expect: 'error', build: () => ({ type: 'analyze', snapshot: [1, 2, 3] }) },
      { name: 'bodyHtml is a number', expect: 'error', build: () => ({ type: 'analyze', snapshot: { bodyHtml: 12345 } }) },
      { name: 'senderAddress is an object', expect: 'error', build: () => ({ type: 'analyze', snapshot: { bodyHtml: '<p>x</p>', senderAddress: { a: 1 } } }) },
      { name: 'subject is an array', expect: 'error', build: () => ({ type: 'analyze', snapshot: { bodyHtml: '<p>x</p>', subject: ['a'] } }) },
      { name: 'bodyHtml over 5 MiB', expect: 'error', build: (MiB) => ({ type: 'analyze', snapshot: { bodyHtml: 'a'.repeat(5 * MiB + 1) } }) },
      {
        name: '5 MiB of nested <div>',
        expect: 'report',
        build: (MiB) => ({ type: 'analyze', snapshot: { senderAddress: 'a@example.be', bodyHtml: '<div>'.repeat(Math.floor((5 * MiB) / 5)) } }),
      },
      {
        name: '5 MiB, 60,000 unclosed links',
        expect: 'partly',
        build: (MiB) => {
          const parts = [];
          let n = 0;
          for (let i = 0; n < 5 * MiB - 100; i++) {
            const s = `<a href="https://l${i}.example.be/p?i=${i}">www.l${i}.example.be `;
            parts.push(s);
            n += s.length;
          }
          return { type: 'analyze', snapshot: { senderName: 'Big', senderAddress: 'big@example.be', subject: 'big', bodyHtml: parts.join('') } };
        },
      },
      {
        name: 'lone surrogates, NUL, bidi controls',
        expect: 'report',
        build: () => ({
          type: 'analyze',
          snapshot: {
            senderName: '\uD800Pro\u200Bximus\u202E\u0000',
            senderAddress: 'x\uDFFF@exa\u0000mple.be',
            replyTo: '\u202Eeb.sumixorp@x',
            subject: '\uDBFF\u0000',
            bodyHtml: '<a href="https://\uD800.example/\u0000">\u202Eeb.sumixorp.www\uDC00</a><svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
          },
        }),
      },
      { name: 'fields of 1 MiB (cut, not refused)', expect: 'report', build: (MiB) => ({ type: 'analyze', snapshot: { senderName: 'N'.repeat(MiB), senderAddress: `${'a'.repeat(MiB)}@example.be`, subject: 'S'.repeat(MiB), bodyHtml: '<p>x</p>' } }) },
      { name: 'bodyText of 5 MiB', expect: 'report', build: (MiB) => ({ type: 'analyze', snapshot: { bodyHtml: '', bodyText: 'https://www.example.be/ '.repeat(Math.floor((5 * MiB) / 24)) } }) },
      { name: '__proto__ key', expect: 'report', build: () => ({ type: 'analyze', snapshot: JSON.parse('{"__proto__": {"bodyHtml": 1, "senderAddress": 2}, "bodyHtml": "<p>ok</p>"}') }) },
      { name: 'checkLink without href', expect: 'error', build: () => ({ type: 'checkLink' }) },
      { name: 'checkLink with a 17 KB href', expect: 'error', build: () => ({ type: 'checkLink', href: `https://x.example/${'a'.repeat(17 * 1024)}` }) },
      { name: 'checkLink with a javascript: href', expect: 'link', build: () => ({ type: 'checkLink', href: 'javascript:alert(document.domain)', text: 'www.kbc.be', senderAddress: 7 }) },
      { name: 'checkDomain with an object', expect: 'any', build: () => ({ type: 'checkDomain', domain: { toString: null } }) },
      { name: 'unknown message type', expect: 'any', build: () => ({ type: 'no-such-type', snapshot: {} }) },
      { name: 'not an object', expect: 'any', build: () => 'analyze' },
    ];
    const outcomes = [];
    for (const c of cases) {
      const t0 = Date.now();
      // Built in the page by a DevTools evaluation (the extension page's CSP forbids eval,
      // DevTools evaluations are not subject to it), so megabytes do not cross CDP.
      await control.page.evaluate(`globalThis.__vigieCase = (${c.build.toString()})(${MiB}); 0`);
      const got = await control.page.evaluate(
        async () => {
          const message = globalThis.__vigieCase;
          globalThis.__vigieCase = undefined;
          try {
            const answer = await chrome.runtime.sendMessage(message);
            if (answer === undefined) return { kind: 'undefined' };
            if (answer?.ok === false) return { kind: 'error', error: String(answer.error).slice(0, 200) };
            if (answer?.ok === true && answer.report) {
              const r = answer.report;
              return {
                kind: 'report',
                verdict: r.verdict,
                partly: r.partly_checked,
                kinds: [...new Set(r.findings.map((f) => f.kind))],
                links: r.links.length,
                limits: r.findings.find((f) => f.kind === 'partly_checked')?.evidence?.limits ?? null,
              };
            }
            if (answer?.ok === true && answer.link) return { kind: 'link', verdict: answer.link.verdict, kinds: answer.link.findings.map((f) => f.kind) };
            return { kind: 'other', answer: JSON.stringify(answer).slice(0, 200) };
          } catch (e) {
            return { kind: 'rejected', error: String(e?.message ?? e).slice(0, 200) };
          }
        },
      );
      const ms = Date.now() - t0;
      outcomes.push({ name: c.name, ms, ...got });
      t.diagnostic(`${c.name}: ${JSON.stringify(got)} (${ms} ms)`);
      if (c.expect === 'error') assert.equal(got.kind, 'error', `${c.name}: expected {ok:false}, got ${JSON.stringify(got)}`);
      else if (c.expect === 'report') assert.equal(got.kind, 'report', `${c.name}: expected a report, got ${JSON.stringify(got)}`);
      else if (c.expect === 'partly') {
        assert.equal(got.kind, 'report', `${c.name}: expected a report, got ${JSON.stringify(got)}`);
        assert.equal(got.partly, true, `${c.name}: expected partly_checked`);
        assert.ok(got.kinds.includes('partly_checked'), `${c.name}: no partly_checked finding: ${got.kinds.join(' ')}`);
      } else if (c.expect === 'link') assert.equal(got.kind, 'link', `${c.name}: expected {ok:true, link}, got ${JSON.stringify(got)}`);
      else assert.ok(['error', 'undefined', 'rejected', 'report', 'other'].includes(got.kind), `${c.name}: ${JSON.stringify(got)}`);
      assert.notEqual(control.status(), 'stopped', `the worker stopped after “${c.name}”`);
    }
    const afterInfo = await control.engineInfo();
    t.diagnostic(`engine generation before ${before.generation}, after ${afterInfo.generation}`);
    assert.equal(afterInfo.ok, true);
    // The next real message is analysed as usual.
    await openExpect(DANGER, 'danger', 'after-malformed', { kinds: DANGER_KINDS });
    await openExpect('en-safelinks-legit', 'ok', 'after-malformed-ok');
  });
});
