// Firefox ESR, test build (target/extension/firefox-test: content scripts also on
// http://127.0.0.1/*) as a temporary add-on through selenium-webdriver + geckodriver, on the
// demo webmail at http://127.0.0.1:PORT/ with its Gmail-like strict CSP. The page is recognised
// as Gmail by its DOM signature. Screenshots: target/test-artifacts/firefox/.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../webmail/server.mjs';
import {
  E2E_FIXTURES,
  SAMPLES,
  artifactDir,
  describe as describeState,
  devModule,
  expectedVerdicts,
  extensionDir,
  launchFirefox,
  messageStateInPage,
  verdictProblems,
} from './lib/browsers.mjs';

const SHOTS = artifactDir('firefox');
const STATE_JS = `return (${messageStateInPage.toString()})();`;
const REAL_BANNER = 'div.adn[data-message-id] > div.gs > div.ii.gt > vigie-banner';

describe('Firefox ESR + test build on the demo webmail (127.0.0.1, strict CSP)', () => {
  let srv;
  let browser;
  let By;

  before(async () => {
    ({ By } = devModule('selenium-webdriver'));
    srv = await startServer({ sources: [SAMPLES, join(E2E_FIXTURES, 'hostile-markers.eml')] });
    browser = await launchFirefox({ extension: extensionDir('firefox-test') });
  });
  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  /** Loads a message (a fresh document each time) and waits for data-vigie-checked. */
  async function open(id, { timeout = 20000 } = {}) {
    const { driver } = browser;
    await driver.get('about:blank');
    await driver.get(srv.messageUrl(id));
    let state = null;
    try {
      await driver.wait(async () => {
        state = await driver.executeScript(STATE_JS);
        return state.opened && state.checked !== null;
      }, timeout, undefined, 50);
    } catch {
      throw new Error(`no data-vigie-checked on the message body of ${id} after ${timeout} ms: ${JSON.stringify(state)}`);
    } finally {
      writeFileSync(join(SHOTS, `${id}.png`), await driver.takeScreenshot(), 'base64');
    }
    return state;
  }

  for (const { file, id, verdict } of expectedVerdicts()) {
    test(`${file}: ${verdict}`, { timeout: 60000 }, async () => {
      const state = await open(id);
      assert.deepEqual(verdictProblems(state, verdict), [], `${file}: ${describeState(state)}`);
    });
  }

  test('fr-proximus-fake-appointment: the closed shadow root of the banner has visible text', { timeout: 60000 }, async () => {
    const state = await open('fr-proximus-fake-appointment');
    assert.ok(state.banner?.findings.includes('brand_impersonation'), describeState(state));
    assert.ok(state.banner.findings.includes('link_text_mismatch'), describeState(state));
    const host = await browser.driver.findElement(By.css(REAL_BANNER));
    const root = await host.getShadowRoot(); // WebDriver reaches closed roots too
    const first = await root.findElement(By.css('*'));
    const text = (await first.getText()).trim();
    assert.ok(text.length > 20, `the banner's visible text is empty or too short: ${JSON.stringify(text)}`);
    assert.ok(await first.isDisplayed(), 'the banner content is displayed');
  });

  test('fr-proximus-legit-invoice: checked ok, no banner anywhere', { timeout: 60000 }, async () => {
    const state = await open('fr-proximus-legit-invoice');
    assert.equal(state.checked, 'ok');
    assert.equal(state.banner, null);
    assert.equal((await browser.driver.findElements(By.css('vigie-banner'))).length, 0);
  });

  test('hostile-markers: a fake banner and fake markers in the mail do not fool the real banner', { timeout: 60000 }, async () => {
    const state = await open('hostile-markers');
    assert.deepEqual(verdictProblems(state, 'danger'), [], describeState(state));
    assert.equal(state.bannersOutsideBody, 1);
  });

  test('hover over the deceptive link shows the tooltip with the real destination', { timeout: 60000 }, async () => {
    await open('fr-proximus-fake-appointment');
    const { driver } = browser;
    const link = await driver.findElement(By.css('div.adn[data-message-id] > div.gs > div.ii.gt > div.a3s a[href*="contactcenter.be"]'));
    await driver.actions({ async: true }).move({ origin: link }).perform();
    let tip = null;
    try {
      await driver.wait(async () => {
        tip = await driver.executeScript(`
          const t = document.querySelector('vigie-tooltip');
          return t && { visible: t.getAttribute('data-vigie-visible'), destination: t.getAttribute('data-vigie-destination'),
                        registrable: t.getAttribute('data-vigie-registrable'), state: t.getAttribute('data-vigie-state') };`);
        return tip && tip.visible === 'true' && tip.state !== 'checking';
      }, 8000, undefined, 50);
    } finally {
      writeFileSync(join(SHOTS, 'hover-tooltip.png'), await driver.takeScreenshot(), 'base64');
    }
    assert.match(tip.destination, /^https:\/\/rdv-conseil\.contactcenter\.be\//, JSON.stringify(tip));
    assert.equal(tip.registrable, 'contactcenter.be');
  });
});
