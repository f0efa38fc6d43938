// Chromium, production build (target/extension/chrome) on the real Gmail URL: every
// https://mail.google.com/** request is answered by the demo webmail (Gmail's DOM structure,
// strict CSP with a nonce, 'strict-dynamic' and require-trusted-types-for 'script').
//
//   node --test --test-concurrency=1 tests/e2e/
//
// Screenshots: target/test-artifacts/chromium/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  E2E_FIXTURES,
  SAMPLES,
  artifactDir,
  describe as describeState,
  expectedVerdicts,
  messageStateInPage,
  openAndCheck,
  verdictProblems,
} from './lib/browsers.mjs';
import { gmailSession } from './lib/session.mjs';

const GMAIL = 'https://mail.google.com';
const gmailUrl = (id) => `${GMAIL}/mail/u/0/#inbox/${encodeURIComponent(id)}`;
const SHOTS = artifactDir('chromium');

/** Waits until the tooltip is hidden, then hovers `hover()` and returns the tooltip's attributes. */
async function tooltipFor(page, hover, { timeout = 8000 } = {}) {
  await page.mouse.move(2, 2);
  await page.waitForFunction(() => document.querySelector('vigie-tooltip')?.getAttribute('data-vigie-visible') !== 'true', null, { timeout });
  await hover();
  try {
    await page.waitForFunction(
      () => {
        const t = document.querySelector('vigie-tooltip');
        return t && t.getAttribute('data-vigie-visible') === 'true' && t.getAttribute('data-vigie-state') !== 'checking' && t.hasAttribute('data-vigie-destination');
      },
      null,
      { timeout, polling: 50 },
    );
  } catch {
    const seen = await page.evaluate(() => {
      const t = document.querySelector('vigie-tooltip');
      return t ? Object.fromEntries(Array.from(t.attributes, (a) => [a.name, a.value])) : null;
    });
    throw new Error(`no tooltip shown within ${timeout} ms (tooltip host: ${JSON.stringify(seen)})`);
  }
  return page.evaluate(() => {
    const t = document.querySelector('vigie-tooltip');
    return {
      parent: t.parentElement === document.documentElement ? 'html' : t.parentElement?.localName,
      destination: t.getAttribute('data-vigie-destination'),
      registrable: t.getAttribute('data-vigie-registrable'),
      findings: (t.getAttribute('data-vigie-findings') || '').split(/\s+/).filter(Boolean),
      tracked: t.getAttribute('data-vigie-tracked'),
      rect: (({ left, top, right, bottom }) => ({ left, top, right, bottom }))(t.getBoundingClientRect()),
    };
  });
}

/** Hovers the i-th `a[href], area[href]` of the real message body with the real mouse. */
async function hoverLink(page, i) {
  const box = await page.evaluate((i) => {
    const c = document.querySelector('div.adn[data-message-id]');
    const body = c.querySelector(':scope > div.gs > div.ii.gt > div.a3s');
    const el = body.querySelectorAll('a[href], area[href]')[i];
    if (el.localName === 'area') {
      // An <area> has no box: point at its rectangle on the image that uses its map.
      const map = el.closest('map');
      const img = body.querySelector(`img[usemap="#${map.name}"]`);
      const r = img.getBoundingClientRect();
      const [x1, y1, x2, y2] = el.coords.split(',').map(Number);
      img.scrollIntoView({ block: 'center' });
      const r2 = img.getBoundingClientRect();
      return { x: r2.left + (x1 + x2) / 2, y: r2.top + (y1 + y2) / 2, w: r.width };
    }
    el.scrollIntoView({ block: 'center' });
    const rects = el.getClientRects();
    const r = rects[0] ?? el.getBoundingClientRect();
    return { x: r.left + Math.min(r.width / 2, 8), y: r.top + r.height / 2 };
  }, i);
  await page.mouse.move(box.x, box.y, { steps: 3 });
  return box;
}

/** The tooltip should sit next to the pointer, not somewhere else on the page. */
function assertNear(tip, point, what) {
  const dy = point.y < tip.rect.top ? tip.rect.top - point.y : point.y > tip.rect.bottom ? point.y - tip.rect.bottom : 0;
  const dx = point.x < tip.rect.left ? tip.rect.left - point.x : point.x > tip.rect.right ? point.x - tip.rect.right : 0;
  assert.ok(dy <= 80 && dx <= 300, `${what}: the tooltip (${JSON.stringify(tip.rect)}) is far from the pointer at (${Math.round(point.x)}, ${Math.round(point.y)})`);
}

describe('Chromium + production build on https://mail.google.com (strict CSP, Trusted Types)', () => {
  let session;
  let srv;
  let browser;

  before(async () => {
    session = await gmailSession({ sources: [SAMPLES, E2E_FIXTURES] });
    ({ srv, browser } = session);
  });
  after(() => session?.close());

  /** Opens one message in a new page and screenshots it (also on failure); returns {page, state}. */
  async function open(id, shot = id) {
    try {
      const r = await openAndCheck(browser.context, gmailUrl(id));
      await r.page.screenshot({ path: join(SHOTS, `${shot}.png`) }).catch(() => {});
      return r;
    } catch (e) {
      if (e.page) {
        await e.page.screenshot({ path: join(SHOTS, `${shot}.png`) }).catch(() => {});
        await e.page.close().catch(() => {});
      }
      throw e;
    }
  }

  for (const { file, id, verdict } of expectedVerdicts()) {
    test(`${file}: ${verdict}`, { timeout: 60000 }, async () => {
      const { page, state } = await open(id);
      try {
        assert.deepEqual(verdictProblems(state, verdict), [], `${file}: ${describeState(state)}`);
      } finally {
        await page.close();
      }
    });
  }

  test('fr-proximus-fake-appointment: the banner lists brand_impersonation and link_text_mismatch', { timeout: 60000 }, async () => {
    const { page, state } = await open('fr-proximus-fake-appointment', 'fr-proximus-fake-appointment-findings');
    try {
      assert.ok(state.banner, describeState(state));
      for (const kind of ['brand_impersonation', 'link_text_mismatch']) {
        assert.ok(state.banner.findings.includes(kind), `${kind} missing from data-vigie-findings: ${state.banner.findings.join(' ')}`);
      }
      assert.equal(state.banner.message, state.messageId, 'data-vigie-message is the Gmail message id');
      const link = state.links.find((l) => l.href.includes('contactcenter.be'));
      assert.equal(link.mark, 'danger', 'the deceptive link carries data-vigie-link="danger"');
      assert.equal(link.href, 'https://rdv-conseil.contactcenter.be/confirm?id=88412', 'hrefs never change');
    } finally {
      await page.close();
    }
  });

  test('a real mouse hover over the deceptive link shows where it really goes', { timeout: 60000 }, async () => {
    const { page } = await open('fr-proximus-fake-appointment', 'hover-before');
    try {
      const selector = 'div.adn[data-message-id] > div.gs > div.ii.gt > div.a3s a[href*="contactcenter.be"]';
      const tip = await tooltipFor(page, () => page.hover(selector));
      await page.screenshot({ path: join(SHOTS, 'hover-tooltip.png') });
      const box = await page.locator(selector).boundingBox();
      assertNear(tip, { x: box.x + box.width / 2, y: box.y + box.height / 2 }, 'the deceptive link');
      assert.equal(tip.parent, 'html', 'the tooltip host is appended to <html>');
      assert.match(tip.destination, /^https:\/\/rdv-conseil\.contactcenter\.be\//, `destination ${tip.destination}`);
      assert.equal(tip.registrable, 'contactcenter.be');
      assert.ok(tip.findings.includes('link_text_mismatch'), `tooltip findings: ${tip.findings.join(' ')}`);
      // Leaving the link hides it.
      await page.mouse.move(2, 2);
      await page.waitForFunction(() => document.querySelector('vigie-tooltip').getAttribute('data-vigie-visible') !== 'true', null, { timeout: 5000 });
    } finally {
      await page.close();
    }
  });

  test('report link indices follow querySelectorAll("a[href], area[href]") order', { timeout: 120000 }, async () => {
    const { page, state } = await open('link-order');
    try {
      const anchors = state.links;
      // 0 alpha, 1 bravo (image link), 2 CHARLIE (upper case), 3 href="", 4 href="#", 5 area delta,
      // 6 area echo, 7 foxtrot (spaces around the URL), 8 mailto:, 9 hotel, 10 india.
      assert.equal(anchors.length, 11, `the fixture has 11 a[href]/area[href]: ${JSON.stringify(anchors)}`);

      // 1. The report the background computes for this very body HTML (contract message
      //    {type:"analyze"}, sent from an extension page): every anchor link's index points
      //    at the element with that href.
      const bodyHtml = await page.evaluate(() =>
        document.querySelector('div.adn[data-message-id]').querySelector(':scope > div.gs > div.ii.gt > div.a3s').innerHTML,
      );
      const ext = await browser.context.newPage();
      let report;
      try {
        await ext.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
        const answer = await ext.evaluate((snapshot) => chrome.runtime.sendMessage({ type: 'analyze', snapshot }), {
          webmail: 'gmail',
          messageId: state.messageId,
          senderName: 'Marie Dupont',
          senderAddress: 'marie.dupont@gmail.com',
          subject: 'link order',
          bodyHtml,
        });
        assert.equal(answer?.ok, true, `analyze answered ${JSON.stringify(answer)}`);
        report = answer.report;
      } finally {
        await ext.close();
      }
      const anchorLinks = report.links.filter((l) => l.source === 'anchor');
      const reported = anchorLinks.map((l) => l.index);
      for (const i of [0, 1, 2, 5, 6, 7, 9, 10]) {
        assert.ok(reported.includes(i), `element ${i} (${anchors[i].href}) is missing from the report: ${JSON.stringify(anchorLinks.map((l) => [l.index, l.href]))}`);
      }
      for (const l of anchorLinks) {
        assert.ok(Number.isInteger(l.index) && l.index >= 0 && l.index < anchors.length, `index ${l.index} out of range`);
        assert.equal(l.href.trim(), anchors[l.index].href.trim(), `report link ${l.index} (${l.href}) is not element ${l.index} (${anchors[l.index].href})`);
      }
      const textLinks = report.links.filter((l) => l.source === 'text');
      assert.ok(textLinks.some((l) => String(l.href).includes('golf-seven.be')), 'the unlinked URL is reported as a text link');

      // 2. The tooltip of each http(s) element, hovered in DOM order with the real mouse,
      //    names that element's own destination.
      for (let i = 0; i < anchors.length; i++) {
        const href = anchors[i].href.trim();
        if (!/^https?:/.test(href)) continue;
        const tip = await tooltipFor(page, () => hoverLink(page, i));
        if (i === 5) await page.screenshot({ path: join(SHOTS, 'link-order-area-tooltip.png') });
        const want = new URL(href).hostname;
        assert.equal(new URL(tip.destination).hostname, want, `element ${i} (${anchors[i].tag} ${href}): tooltip shows ${tip.destination}`);
      }
    } finally {
      await page.close();
    }
  });

  test('the tooltip sits next to the hovered link, <a> and image-map <area> alike', { timeout: 60000 }, async () => {
    const { page } = await open('link-order', 'link-order-placement');
    try {
      for (const [i, tag] of [[0, 'a'], [9, 'a'], [5, 'area'], [6, 'area']]) {
        let point;
        const tip = await tooltipFor(page, async () => {
          point = await hoverLink(page, i);
        });
        await page.screenshot({ path: join(SHOTS, `placement-${i}-${tag}.png`) });
        assertNear(tip, point, `element ${i} (<${tag}>)`);
      }
    } finally {
      await page.close();
    }
  });

  test('paypal sample: each link’s tooltip names its own destination', { timeout: 60000 }, async () => {
    const { page, state } = await open('en-paypal-ip-and-userinfo', 'paypal-links');
    try {
      assert.equal(state.links.length, 2);
      const first = await tooltipFor(page, () => hoverLink(page, 0));
      assert.equal(new URL(first.destination).hostname, '198.51.100.23');
      assert.ok(first.findings.includes('ip_host'), `findings of the IP link: ${first.findings.join(' ')}`);
      const second = await tooltipFor(page, () => hoverLink(page, 1));
      assert.equal(new URL(second.destination).hostname, 'secure-resolution-center.com');
      assert.ok(second.findings.includes('userinfo'), `findings of the user-info link: ${second.findings.join(' ')}`);
    } finally {
      await page.close();
    }
  });

  test('newsletter: a tracked link is shown as tracked, without a banner', { timeout: 60000 }, async () => {
    const { page, state } = await open('fr-newsletter-esp-tracking', 'newsletter-tracked');
    try {
      assert.deepEqual(verdictProblems(state, 'ok'), []);
      const tip = await tooltipFor(page, () => hoverLink(page, 0));
      assert.equal(tip.tracked, 'true', JSON.stringify(tip));
      assert.equal(tip.registrable, 'list-manage.com');
    } finally {
      await page.close();
    }
  });

  // Requests of the page and of its content scripts (Chromium attributes a content script's
  // fetches to the page); the background's own requests are not visible to Playwright here.
  test('nothing leaves the page: every request goes to the webmail or the extension itself', { timeout: 60000 }, async () => {
    const seen = [];
    const record = (r) => seen.push(r.url());
    browser.context.on('request', record);
    const workers = browser.context.serviceWorkers();
    for (const w of workers) w.on?.('request', record);
    try {
      for (const id of ['fr-proximus-fake-appointment', 'fr-plaintext-embedded-brand', 'en-safelinks-wrapped-phish']) {
        const { page } = await open(id, `network-${id}`);
        await tooltipFor(page, () => hoverLink(page, 0));
        await page.close();
      }
    } finally {
      browser.context.off('request', record);
      for (const w of workers) w.off?.('request', record);
    }
    const outside = seen.filter((u) => !/^(https:\/\/mail\.google\.com\/|chrome-extension:\/\/|data:)/.test(u));
    assert.ok(seen.some((u) => u.includes('/api/message/')), 'requests were recorded');
    assert.deepEqual(outside, [], 'requests to other hosts');
  });

  test('switching messages in the page (hash navigation) gives each message its own verdict', { timeout: 60000 }, async () => {
    const { page } = await open('fr-proximus-fake-appointment', 'switch-1');
    try {
      await page.click('tr.zA[data-demo-id="fr-proximus-legit-invoice"] a.demo-open');
      await page.waitForFunction(() => document.body.getAttribute('data-demo-opened') === 'fr-proximus-legit-invoice');
      await page.waitForFunction(() => {
        const b = document.querySelector('div.adn[data-message-id] > div.gs > div.ii.gt > div.a3s');
        return b && b.hasAttribute('data-vigie-checked');
      }, null, { timeout: 20000 });
      const ok = await page.evaluate(messageStateInPage);
      await page.screenshot({ path: join(SHOTS, 'switch-2.png') });
      assert.deepEqual(verdictProblems(ok, 'ok'), [], describeState(ok));
      assert.equal(await page.locator('vigie-banner').count(), 0, 'no banner left from the previous message');

      await page.goBack();
      await page.waitForFunction(() => document.body.getAttribute('data-demo-opened') === 'fr-proximus-fake-appointment');
      await page.waitForFunction(() => {
        const b = document.querySelector('div.adn[data-message-id] > div.gs > div.ii.gt > div.a3s');
        return b && b.getAttribute('data-vigie-checked') === 'danger' && b.previousElementSibling?.localName === 'vigie-banner';
      }, null, { timeout: 20000 });
      const back = await page.evaluate(messageStateInPage);
      await page.screenshot({ path: join(SHOTS, 'switch-3.png') });
      assert.deepEqual(verdictProblems(back, 'danger'), [], describeState(back));
    } finally {
      await page.close();
    }
  });
});
