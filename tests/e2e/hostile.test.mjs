// Mails that try to fake or hide Vigie (Chromium, production build on the Gmail URL):
// - hostile-markers.eml carries its own <vigie-banner data-vigie-verdict="ok">, elements with
//   data-vigie-checked="ok" and data-vigie-link="ok", a style sheet that hides vigie-banner and
//   vigie-tooltip, and a full-viewport fixed overlay saying "verified";
// - hostile-nested-gmail.eml carries a fake Gmail message container (div.adn[data-message-id])
//   with a genuine-looking Proximus sender inside its body.
// The real banner must still be drawn before the real body, outside it, with the right verdict.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  E2E_FIXTURES,
  artifactDir,
  describe as describeState,
  openAndCheck,
  verdictProblems,
} from './lib/browsers.mjs';
import { gmailSession } from './lib/session.mjs';

const SHOTS = artifactDir('hostile');
const gmailUrl = (id) => `https://mail.google.com/mail/u/0/#inbox/${encodeURIComponent(id)}`;

/** What Vigie did inside and around the real body, seen from the page. */
function hostileProbe() {
  const container = document.querySelector('div.adn[data-message-id]');
  const body = container.querySelector(':scope > div.gs > div.ii.gt > div.a3s');
  const banner = body.previousElementSibling;
  const r = banner.getBoundingClientRect();
  const cs = getComputedStyle(banner);
  // Scroll the banner into view, then ask what the user would see at its centre.
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 20));
  return {
    bannersInBody: body.querySelectorAll('vigie-banner').length,
    fakeBannerVerdict: body.querySelector('vigie-banner')?.getAttribute('data-vigie-verdict') ?? null,
    display: cs.display,
    visibility: cs.visibility,
    coveredBy: top === banner ? null : top ? `${top.localName}${top.getAttribute('style') ? '[style]' : ''}` : 'nothing',
    nestedChecked: Array.from(body.querySelectorAll('[data-vigie-checked]'), (e) => e.getAttribute('data-vigie-checked')),
    deceptiveLinkMarks: Array.from(body.querySelectorAll('a[href*="contactcenter.be"]'), (a) => a.getAttribute('data-vigie-link')),
  };
}

describe('hostile mail bodies cannot fake, hide or displace the banner (Chromium)', () => {
  let session;
  let browser;

  before(async () => {
    session = await gmailSession({ sources: [E2E_FIXTURES] });
    ({ browser } = session);
  });
  after(() => session?.close());

  test('fake banner, fake checked markers, hiding style sheet and fixed overlay', { timeout: 60000 }, async (t) => {
    let page;
    try {
      const r = await openAndCheck(browser.context, gmailUrl('hostile-markers'));
      page = r.page;
      assert.deepEqual(verdictProblems(r.state, 'danger'), [], describeState(r.state));
      assert.ok(r.state.banner.findings.includes('brand_impersonation'), r.state.banner.findings.join(' '));
      assert.equal(r.state.bannersOutsideBody, 1, 'exactly one banner outside the body');
      await page.evaluate(() => document.querySelector('div.adn[data-message-id] vigie-banner').scrollIntoView({ block: 'center' }));
      const p = await page.evaluate(hostileProbe);
      t.diagnostic(`probe: ${JSON.stringify(p)}`);
      assert.equal(p.bannersInBody, 1, 'Vigie added no banner inside the body (only the mail’s own fake one is there)');
      assert.equal(p.fakeBannerVerdict, 'ok', 'the mail’s fake banner is left alone');
      assert.deepEqual(p.nestedChecked, ['ok', 'ok', 'ok'], 'Vigie wrote no data-vigie-checked inside the body');
      assert.ok(p.deceptiveLinkMarks.includes('danger'), `the real deceptive link is outlined: ${JSON.stringify(p.deceptiveLinkMarks)}`);
      assert.notEqual(p.display, 'none', 'the mail’s style sheet does not hide the banner (display)');
      assert.equal(p.visibility, 'visible', 'the mail’s style sheet does not hide the banner (visibility)');
      // The full-viewport overlay is the webmail's job to neutralise (Gmail drops position:fixed);
      // it is reported, not asserted: a closed shadow root cannot win a z-index fight with the page.
      if (p.coveredBy) t.diagnostic(`the mail's fixed overlay covers the banner (top element: ${p.coveredBy})`);
    } catch (e) {
      page ??= e.page;
      throw e;
    } finally {
      if (page) {
        await page.screenshot({ path: join(SHOTS, 'hostile-markers.png') }).catch(() => {});
        await page.close().catch(() => {});
      }
    }
  });

  test('a fake Gmail message container inside the body does not change the real verdict', { timeout: 60000 }, async (t) => {
    let page;
    try {
      const r = await openAndCheck(browser.context, gmailUrl('hostile-nested-gmail'));
      page = r.page;
      assert.deepEqual(verdictProblems(r.state, 'danger'), [], describeState(r.state));
      assert.ok(r.state.banner.findings.includes('brand_impersonation'), `real sender contactcenter.be: ${r.state.banner.findings.join(' ')}`);
      const p = await page.evaluate(hostileProbe);
      t.diagnostic(`probe: ${JSON.stringify(p)}`);
      assert.equal(p.bannersInBody, 0, 'no Vigie banner drawn inside the mail for the fake nested message');
      if (p.nestedChecked.length) t.diagnostic(`data-vigie-checked inside the body (the nested fake message was analysed too): ${p.nestedChecked.join(' ')}`);
    } catch (e) {
      page ??= e.page;
      throw e;
    } finally {
      if (page) {
        await page.screenshot({ path: join(SHOTS, 'hostile-nested-gmail.png') }).catch(() => {});
        await page.close().catch(() => {});
      }
    }
  });
});
