// "I trust this sender" from end to end (Chromium, production build on https://mail.google.com):
// the banner's trust button, inside the banner's closed shadow root, is clicked with the real
// mouse (its box found through CDP DOM with pierce); the banner goes; after a reload the same
// mail is checked "ok" without a banner (the sender is trusted, its findings are gone); then the
// trust is removed on the options page and, after a reload, the banner is back.
// Firefox ESR (test build on 127.0.0.1): the same click through WebDriver's getShadowRoot().
// Fixture: tests/e2e/fixtures/trust-sponsor-club.eml (a basketball club named after its sponsor,
// writing from a gmail.com address: freemail_brand, danger).
//
//   node --test --test-concurrency=1 tests/e2e/
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  E2E_FIXTURES,
  artifactDir,
  describe as describeState,
  devModule,
  extensionDir,
  launchFirefox,
  messageStateInPage,
  verdictProblems,
} from './lib/browsers.mjs';
import { clickInClosedShadow, gmailUrl, waitChecked } from './lib/devtools.mjs';
import { startServer } from '../webmail/server.mjs';
import { gmailSession } from './lib/session.mjs';

const SHOTS = artifactDir('trust');
const FIXTURE = join(E2E_FIXTURES, 'trust-sponsor-club.eml');
const ID = 'trust-sponsor-club';
const ADDRESS = 'secretariat.basketnamur@gmail.com';

describe('trusting a sender from the banner, and taking the trust back (Chromium)', () => {
  let session;
  let browser;
  let control;

  before(async () => {
    session = await gmailSession({ sources: [FIXTURE], control: true });
    ({ browser, control } = session);
  });
  after(() => session?.close());

  const settings = () => control.page.evaluate(async () => (await chrome.storage.sync.get('settings')).settings ?? (await chrome.storage.local.get('settings')).settings ?? {});

  test('trust → no banner after reload → untrust in the options → banner again', { timeout: 90000 }, async (t) => {
    const page = await browser.context.newPage();
    try {
      await page.goto(gmailUrl(ID));
      const first = await waitChecked(page);
      await page.screenshot({ path: join(SHOTS, '1-banner.png') });
      assert.deepEqual(verdictProblems(first, 'danger'), [], describeState(first));
      assert.ok(first.banner.findings.includes('freemail_brand'), `freemail_brand: ${first.banner.findings.join(' ')}`);

      // The button is in the closed shadow root: CDP finds its box, the real mouse clicks it.
      const clicked = await clickInClosedShadow(page, 'vigie-banner', 'data-action', 'trust');
      assert.equal(clicked.shadowRootType, 'closed');
      await page.waitForFunction(() => !document.querySelector('vigie-banner'), null, { timeout: 10000 });
      await page.screenshot({ path: join(SHOTS, '2-trusted.png') });
      assert.ok((await settings()).trustedSenders?.includes(ADDRESS), `trustedSenders after the click: ${JSON.stringify(await settings())}`);

      // A reload: the content script starts over, the background's engine knows the trust.
      await page.reload();
      const trusted = await waitChecked(page);
      await page.screenshot({ path: join(SHOTS, '3-after-reload.png') });
      assert.equal(trusted.banner, null, `no banner for a trusted sender: ${describeState(trusted)}`);
      assert.equal(trusted.checked, 'ok', `checked ok: ${describeState(trusted)}`);
      assert.equal(await page.locator('vigie-banner').count(), 0);
      // The background's report says why: the sender is trusted, no sender finding is left.
      const snapshot = await page.evaluate(() => {
        const c = document.querySelector('div.adn[data-message-id]');
        const s = c.querySelector('span.gD[email]');
        return {
          webmail: 'gmail',
          messageId: c.getAttribute('data-message-id'),
          senderName: s.getAttribute('name'),
          senderAddress: s.getAttribute('email'),
          subject: document.querySelector('h2.hP').textContent,
          bodyHtml: c.querySelector(':scope > div.gs > div.ii.gt > div.a3s').innerHTML,
        };
      });
      const answer = await control.send({ type: 'analyze', snapshot });
      assert.equal(answer?.ok, true, JSON.stringify(answer));
      assert.equal(answer.report.sender?.trusted, true, `report.sender: ${JSON.stringify(answer.report.sender)}`);
      const senderFindings = answer.report.findings.filter((f) => f.subject === 'sender' && f.severity !== 'info').map((f) => f.kind);
      assert.deepEqual(senderFindings, [], 'no sender warning for a trusted sender');
      t.diagnostic(`trusted report: verdict ${answer.report.verdict}, findings ${answer.report.findings.map((f) => `${f.kind}/${f.severity}`).join(' ')}`);

      // The options page lists the sender; its Remove button takes the trust back.
      const options = await browser.context.newPage();
      try {
        await options.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
        await options.evaluate(() => globalThis.vigieOptions.idle());
        const entry = options.locator(`#trustedSenders li[data-value="${ADDRESS}"]`);
        assert.equal(await entry.count(), 1, 'the options page lists the trusted sender');
        await options.screenshot({ path: join(SHOTS, '4-options.png'), fullPage: true });
        await entry.locator('button.remove').click();
        await options.evaluate(() => globalThis.vigieOptions.idle());
        await options.waitForFunction((a) => !document.querySelector(`#trustedSenders li[data-value="${a}"]`), ADDRESS, { timeout: 5000 });
      } finally {
        await options.close();
      }
      assert.ok(!(await settings()).trustedSenders?.includes(ADDRESS), 'the trust is removed from the settings');

      await page.reload();
      const again = await waitChecked(page);
      await page.screenshot({ path: join(SHOTS, '5-untrusted.png') });
      assert.deepEqual(verdictProblems(again, 'danger'), [], `the banner is back: ${describeState(again)}`);
      assert.ok(again.banner.findings.includes('freemail_brand'), again.banner.findings.join(' '));
    } finally {
      await page.close().catch(() => {});
    }
  });

  test('the trust button can be reached and pressed with the keyboard', { timeout: 60000 }, async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(gmailUrl(ID));
      const state = await waitChecked(page);
      assert.ok(state.banner, describeState(state));
      // Tab from the element before the banner (the message header) into the shadow root until
      // the focused element is the trust button (the shadow root is closed: document.activeElement
      // stays the host, so the button is recognised through CDP).
      await page.evaluate(() => {
        const body = document.querySelector('div.adn[data-message-id] > div.gs > div.ii.gt > div.a3s');
        const host = body.previousElementSibling;
        const anchor = document.createElement('button');
        anchor.textContent = 'before';
        anchor.id = 'vigie-test-before';
        host.before(anchor);
        anchor.focus();
      });
      const cdp = await browser.context.newCDPSession(page);
      let pressed = false;
      try {
        for (let i = 0; i < 8 && !pressed; i++) {
          await page.keyboard.press('Tab');
          const { result } = await cdp.send('Runtime.evaluate', { expression: 'document.activeElement && document.activeElement.localName' });
          if (result.value !== 'vigie-banner') continue;
          // Which element of the closed root has focus: DOM.getDocument(pierce) + the focused node.
          const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
          const focusedAction = await (async () => {
            const nodes = [];
            const walk = (n) => {
              if (n.localName === 'button') nodes.push(n);
              for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) walk(c);
            };
            walk(root);
            for (const n of nodes) {
              const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: n.backendNodeId });
              const { result: r } = await cdp.send('Runtime.callFunctionOn', {
                objectId: object.objectId,
                functionDeclaration: 'function () { return this.getRootNode().activeElement === this ? (this.dataset.action || "") : null; }',
                returnByValue: true,
              });
              if (r.value) return r.value;
            }
            return null;
          })();
          if (focusedAction === 'trust') {
            await page.keyboard.press('Enter');
            pressed = true;
          }
        }
      } finally {
        await cdp.detach().catch(() => {});
      }
      assert.ok(pressed, 'the trust button was reached with Tab');
      await page.waitForFunction(() => !document.querySelector('vigie-banner'), null, { timeout: 10000 });
      assert.ok((await settings()).trustedSenders?.includes(ADDRESS));
    } finally {
      await page.close().catch(() => {});
      // Leave no trust behind for other tests of this browser.
      await control.page.evaluate(async (a) => {
        const area = (await chrome.storage.sync.get('settings')).settings ? chrome.storage.sync : chrome.storage.local;
        const { settings } = await area.get('settings');
        if (settings?.trustedSenders) await area.set({ settings: { ...settings, trustedSenders: settings.trustedSenders.filter((x) => x !== a) } });
      }, ADDRESS);
    }
  });
});

describe('trusting a sender from the banner (Firefox ESR, WebDriver reaches the closed root)', () => {
  let srv;
  let browser;
  let By;

  before(async () => {
    ({ By } = devModule('selenium-webdriver'));
    srv = await startServer({ sources: [FIXTURE] });
    browser = await launchFirefox({ extension: extensionDir('firefox-test') });
  });
  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  async function open() {
    const { driver } = browser;
    await driver.get('about:blank');
    await driver.get(srv.messageUrl(ID));
    let state = null;
    await driver
      .wait(async () => {
        state = await driver.executeScript(`return (${messageStateInPage.toString()})();`);
        return state.opened && state.checked !== null;
      }, 20000, undefined, 50)
      .catch(() => {
        throw new Error(`no data-vigie-checked: ${JSON.stringify(state)}`);
      });
    return state;
  }

  test('trust → reload: no banner; the trust is kept by the background', { timeout: 90000 }, async () => {
    const { driver } = browser;
    const first = await open();
    assert.deepEqual(verdictProblems(first, 'danger'), [], describeState(first));
    const host = await driver.findElement(By.css('div.adn[data-message-id] > div.gs > div.ii.gt > vigie-banner'));
    const root = await host.getShadowRoot();
    const button = await root.findElement(By.css('button[data-action="trust"]'));
    await button.click();
    await driver.wait(async () => (await driver.findElements(By.css('vigie-banner'))).length === 0, 10000, 'the banner goes after the click', 50);
    writeFileSync(join(SHOTS, 'firefox-trusted.png'), await driver.takeScreenshot(), 'base64');
    const again = await open();
    writeFileSync(join(SHOTS, 'firefox-after-reload.png'), await driver.takeScreenshot(), 'base64');
    assert.equal(again.banner, null, describeState(again));
    assert.equal(again.checked, 'ok', describeState(again));
  });
});
