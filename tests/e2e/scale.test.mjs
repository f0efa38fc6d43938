// Scale and hostile markup (Chromium, production build on https://mail.google.com; Firefox ESR
// for the huge mail):
// - a mail with 10,000 links and about 5 MB of HTML, generated here: the banner is drawn
//   outside the body with the right verdict and a partly_checked finding, and the page keeps
//   answering. Long tasks (PerformanceObserver 'longtask', injected before the page's scripts)
//   and the script time of the content script vs the page (V8 sampling profiler) are printed,
//   never asserted (tests never fail on a duration);
// - tests/e2e/fixtures/hostile-svg-area-bidi.eml: SVG <a href> links (and an SVG xlink:href
//   link, which is not in `a[href], area[href]`), image-map <area> links, zero-width and
//   right-to-left-override characters in the display name, the subject and link texts.
//
//   node --test --test-concurrency=1 tests/e2e/
//
// Screenshots: target/test-artifacts/scale/.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  E2E_FIXTURES,
  artifactDir,
  describe as describeState,
  extensionDir,
  launchFirefox,
  messageStateInPage,
  verdictProblems,
} from './lib/browsers.mjs';
import { PAGE_PROBE, extensionControl, fmt, gmailUrl, probeFigures, profileScripts, waitChecked } from './lib/devtools.mjs';
import { startServer } from '../webmail/server.mjs';
import { gmailSession } from './lib/session.mjs';

const SHOTS = artifactDir('scale');
const HUGE = 'huge-10000-links';
const HOSTILE = 'hostile-svg-area-bidi';
const LINKS = 10000;
const HTML_BYTES = 5_000_000;
const DECEPTIVE = 'https://proximus-be.facture-en-ligne-client.com/payer';

/** A newsletter of `links` links and about `bytes` bytes of HTML; link 2 is deceptive. */
function hugeMail(links, bytes) {
  const head = '<html><body><div style="font:14px Arial">\n<p>Nos offres de printemps, article par article.</p>\n';
  const tail = '</div></body></html>\n';
  const item = (i) => {
    const a =
      i === 2
        ? `<a href="${DECEPTIVE}">www.proximus.be/facture</a>`
        : `<a href="https://www.boutique-exemple.be/produit/${i}?utm_source=news&amp;utm_campaign=printemps">Voir l'article ${i}</a>`;
    return `<p>Article ${i} : ${a} — `;
  };
  const filler = 'Une description soignée, des matières durables et une livraison rapide en Belgique. ';
  let size = head.length + tail.length;
  const items = [];
  for (let i = 0; i < links; i++) items.push(item(i));
  size += items.reduce((n, s) => n + s.length + 5, 0);
  const per = Math.max(0, Math.floor((bytes - size) / links));
  const pad = filler.repeat(Math.ceil(per / filler.length) + 1).slice(0, per);
  const html = head + items.map((s) => `${s}${pad}</p>\n`).join('') + tail;
  const eml = [
    'From: "Boutique Exemple" <news@boutique-exemple.be>',
    'To: client@example.be',
    'Subject: Nos 10 000 offres de printemps',
    'Date: Fri, 04 Apr 2025 08:00:00 +0200',
    'Message-ID: <vigie-e2e-huge-10000@boutique-exemple.be>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    html,
  ].join('\r\n');
  return { eml, htmlBytes: Buffer.byteLength(html) };
}

describe('scale and hostile markup (Chromium)', () => {
  let session;
  let browser;
  let dir;
  let mail;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-scale-'));
    mail = hugeMail(LINKS, HTML_BYTES);
    writeFileSync(join(dir, `${HUGE}.eml`), mail.eml);
    session = await gmailSession({ sources: [dir, join(E2E_FIXTURES, `${HOSTILE}.eml`)] });
    ({ browser } = session);
  });
  after(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('10,000 links, ~5 MB of HTML: banner outside the body, danger + partly_checked, the page keeps answering', { timeout: 120000 }, async (t) => {
    const { context, extensionId } = browser;
    const page = await context.newPage();
    await page.addInitScript(PAGE_PROBE);
    try {
      const profiled = await profileScripts(page, `chrome-extension://${extensionId}/`, async () => {
        const t0 = Date.now();
        await page.goto(gmailUrl(HUGE));
        const state = await waitChecked(page, { timeout: 90000 });
        return { state, wall: Date.now() - t0 };
      });
      const { state, wall } = profiled.result;
      await page.screenshot({ path: join(SHOTS, 'huge.png') });
      assert.deepEqual(verdictProblems(state, 'danger'), [], describeState(state));
      assert.equal(state.banner.insideBody, false, 'the banner is outside the body');
      for (const k of ['partly_checked', 'link_text_mismatch']) assert.ok(state.banner.findings.includes(k), `${k} missing: ${state.banner.findings.join(' ')}`);
      assert.equal(state.links.length, LINKS, 'all 10,000 links are in the page');
      const deceptive = state.links.filter((l) => l.href === DECEPTIVE);
      assert.equal(deceptive.length, 1);
      assert.equal(deceptive[0].mark, 'danger', 'the deceptive link (within the checked part) is outlined');
      assert.equal(state.links.filter((l) => l.mark === 'danger').length, 1, 'only the deceptive link is marked danger');

      // The page still answers and scrolls (behaviour only; the figures are printed).
      const scrolled = await page.evaluate(async () => {
        const pane = document.getElementById('thread-pane');
        const t0 = performance.now();
        for (let i = 0; i < 20; i++) {
          pane.scrollTop += 2000;
          await new Promise((r) => requestAnimationFrame(() => r()));
        }
        return { top: pane.scrollTop, ms: performance.now() - t0 };
      });
      assert.ok(scrolled.top > 0, 'the message pane scrolls');
      const p = await probeFigures(page);
      const insertedAt = p.inserted.at(-1)?.at ?? 0;
      const after = p.longtasks.filter((l) => l.start + l.duration >= insertedAt);
      const longest = Math.max(0, ...after.map((l) => l.duration));
      t.diagnostic(
        `HTML ${(mail.htmlBytes / 1e6).toFixed(2)} MB, ${LINKS} links; page load → checked ${wall} ms; inserted → checked ${fmt(Object.values(p.latency)[0])} ms`,
      );
      t.diagnostic(
        `long tasks after insertion: ${after.length}, longest ${fmt(longest)} ms, total ${fmt(after.reduce((n, l) => n + l.duration, 0))} ms ` +
          `(all: ${p.longtasks.map((l) => fmt(l.duration)).join(', ')})`,
      );
      t.diagnostic(
        `sampled script time: content script ${fmt(profiled.extensionMs)} ms (${Object.entries(profiled.byFile).map(([f, ms]) => `${f} ${fmt(ms)}`).join(', ')}), ` +
          `page ${fmt(profiled.pageMs)} ms, other (GC, native) ${fmt(profiled.otherMs)} ms; 20 scroll frames after the banner ${fmt(scrolled.ms)} ms`,
      );
      if (p.errors.length) t.diagnostic(`probe errors: ${p.errors.join(' | ')}`);
    } finally {
      await page.close().catch(() => {});
    }
  });

  test('SVG and <area> links, zero-width and RLO characters: right verdict, right links marked', { timeout: 60000 }, async (t) => {
    const page = await browser.context.newPage();
    try {
      await page.goto(gmailUrl(HOSTILE));
      const state = await waitChecked(page);
      await page.screenshot({ path: join(SHOTS, 'hostile-svg-area-bidi.png') });
      assert.deepEqual(verdictProblems(state, 'danger'), [], describeState(state));
      assert.equal(state.banner.insideBody, false);
      assert.equal(state.bannersOutsideBody, 1);
      for (const k of ['brand_impersonation', 'link_text_mismatch']) assert.ok(state.banner.findings.includes(k), `${k} missing: ${state.banner.findings.join(' ')}`);
      const marks = Object.fromEntries(state.links.map((l) => [l.href, `${l.tag}:${l.mark}`]));
      t.diagnostic(`links: ${JSON.stringify(marks)}`);
      // document order of a[href], area[href]: svg a, area, area, RLO link, zero-width link
      assert.deepEqual(
        state.links.map((l) => l.tag),
        ['a', 'area', 'area', 'a', 'a'],
        'the SVG xlink:href link is not an a[href]; the SVG <a href> is',
      );
      assert.equal(marks['https://proximus.be-verification-client.com/login'], 'a:danger', 'the SVG <a href> link is outlined');
      assert.equal(marks['https://secure-login.proximus-client-service.net/'], 'area:danger', 'the deceptive <area> is marked');
      assert.equal(marks['https://www.example-aide.be/faq'], 'area:null', 'the honest <area> is not marked');
      assert.equal(marks['https://proximus-facture.web.app/'], 'a:danger', 'zero-width characters do not hide www.proximus.be in the link text');
      const outline = await page.evaluate(() => {
        const a = document.querySelector('div.a3s svg a[href]');
        return a.style.getPropertyValue('outline');
      });
      assert.match(outline, /solid/, `the SVG link carries Vigie's outline: ${outline}`);
      // The SVG 1.1 xlink:href link is followed by browsers, but it is not an a[href]: neither
      // the core nor the content script looks at it (reported, not asserted).
      const xlink = await page.evaluate(() => {
        const a = Array.from(document.querySelectorAll('div.a3s svg a')).find((x) => !x.hasAttribute('href'));
        return a && { target: a.href?.baseVal ?? null, mark: a.getAttribute('data-vigie-link') };
      });
      t.diagnostic(`SVG xlink:href link: ${JSON.stringify(xlink)}`);

      // Hovering the SVG link shows its real destination.
      const box = await page.evaluate(() => {
        const r = document.querySelector('div.a3s svg a[href] rect').getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
      await page.mouse.move(box.x, box.y, { steps: 3 });
      await page.waitForFunction(
        () => {
          const tip = document.querySelector('vigie-tooltip');
          return tip?.getAttribute('data-vigie-visible') === 'true' && tip.getAttribute('data-vigie-state') !== 'checking' && tip.hasAttribute('data-vigie-destination');
        },
        null,
        { timeout: 8000 },
      );
      const dest = await page.evaluate(() => document.querySelector('vigie-tooltip').getAttribute('data-vigie-destination'));
      assert.equal(new URL(dest).hostname, 'proximus.be-verification-client.com', `tooltip of the SVG link: ${dest}`);
      await page.screenshot({ path: join(SHOTS, 'hostile-svg-tooltip.png') });
    } finally {
      await page.close().catch(() => {});
    }
  });

  // Known gap, kept visible: a link text written backwards after U+202E RIGHT-TO-LEFT OVERRIDE
  // ("\u202Eeb.sumixorp.www" shows as "www.proximus.be") is not read as the domain it shows.
  test('a link text that shows www.proximus.be through U+202E is a mismatch', { timeout: 30000 }, async () => {
    const control = await extensionControl(browser.context, browser.extensionId);
    try {
      const answer = await control.send({
        type: 'analyze',
        snapshot: { senderAddress: 'facture@example.be', bodyHtml: '<p><a href="https://paiement-facture-en-ligne.com/p">\u202Eeb.sumixorp.www\u202C</a></p>' },
      });
      assert.equal(answer?.ok, true, JSON.stringify(answer));
      const link = answer.report.links[0];
      assert.equal(link.verdict, 'danger', `RLO link: ${JSON.stringify(link.findings.map((f) => f.kind))}`);
    } finally {
      await control.close();
    }
  });
});

describe('scale: the 10,000-link mail in Firefox ESR', () => {
  let srv;
  let browser;
  let dir;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-scale-ff-'));
    writeFileSync(join(dir, `${HUGE}.eml`), hugeMail(LINKS, HTML_BYTES).eml);
    srv = await startServer({ sources: [dir] });
    browser = await launchFirefox({ extension: extensionDir('firefox-test') });
  });
  after(async () => {
    await browser?.close();
    await srv?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('banner outside the body, danger + partly_checked', { timeout: 120000 }, async (t) => {
    const { driver } = browser;
    const t0 = Date.now();
    await driver.get(srv.messageUrl(HUGE));
    let state = null;
    await driver
      .wait(async () => {
        state = await driver.executeScript(`return (${messageStateInPage.toString()})();`);
        return state.opened && state.checked !== null;
      }, 90000, undefined, 100)
      .catch(() => {
        throw new Error(`no data-vigie-checked: ${JSON.stringify(state && { ...state, links: state.links?.length })}`);
      });
    t.diagnostic(`Firefox: page load → checked ${Date.now() - t0} ms`);
    writeFileSync(join(SHOTS, 'firefox-huge.png'), await driver.takeScreenshot(), 'base64');
    assert.deepEqual(verdictProblems(state, 'danger'), [], describeState(state));
    assert.ok(state.banner.findings.includes('partly_checked'), state.banner.findings.join(' '));
    assert.equal(state.links.length, LINKS);
    assert.equal(state.links.find((l) => l.href === DECEPTIVE)?.mark, 'danger');
  });
});
