// The demo webmail itself, in Chromium without the extension: the message is built after load
// under the strict CSP and Trusted Types without errors, mail header strings stay text, and
// active content of a mail body never runs (with the CSP, and without it: the page's own
// clean-up is enough). Screenshots: target/test-artifacts/webmail/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startServer } from '../webmail/server.mjs';
import { E2E_FIXTURES, SAMPLES, artifactDir, chromiumPath, devModule } from './lib/browsers.mjs';

const SHOTS = artifactDir('webmail');

async function withPage(t, csp, fn) {
  const { chromium } = devModule('playwright-core');
  const srv = await startServer({ sources: [SAMPLES, join(E2E_FIXTURES, 'webmail-escaping.eml')], csp });
  t.after(() => srv.close());
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return fn(page, srv, problems);
}

function probe() {
  const c = document.querySelector('div.adn[data-message-id]');
  const body = c.querySelector(':scope > div.gs > div.ii.gt > div.a3s');
  const sender = c.querySelector('.gD[email]');
  return {
    pwned: window.__pwned ?? null,
    subject: document.querySelector('h2.hP').textContent,
    senderName: sender.getAttribute('name'),
    senderText: sender.textContent,
    senderEmail: sender.getAttribute('email'),
    recipient: c.querySelector('.hb .g2[email]').getAttribute('name'),
    active: Array.from(body.querySelectorAll('script, iframe, object, embed, base'), (e) => e.localName),
    handlers: Array.from(body.querySelectorAll('*')).flatMap((e) => Array.from(e.attributes, (a) => a.name).filter((n) => n.startsWith('on'))),
    link: (({ href, target, dataset }) => ({ href, target, safe: dataset.saferedirecturl }))(body.querySelector('a[href]')),
    text: body.textContent.replace(/\s+/g, ' ').trim(),
    baseURI: document.baseURI,
  };
}

describe('demo webmail in Chromium (no extension)', () => {
  for (const csp of [true, false]) {
    test(`mail strings stay text, mail scripts never run (${csp ? 'strict CSP' : 'no CSP'})`, { timeout: 60000 }, (t) =>
      withPage(t, csp, async (page, srv, problems) => {
        await page.goto(srv.messageUrl('webmail-escaping'));
        await page.waitForSelector('div.adn[data-message-id] div.a3s', { state: 'attached' });
        await page.hover('div.a3s a[href]');
        await page.waitForTimeout(200);
        const p = await page.evaluate(probe);
        await page.screenshot({ path: join(SHOTS, `escaping-${csp ? 'csp' : 'nocsp'}.png`) });
        assert.equal(p.pwned, null, 'no mail script or handler ran');
        assert.equal(p.subject, `<script>window.__pwned=2</script> & "quotes" 'too'`);
        assert.equal(p.senderName, '<img src=x onerror="window.__pwned=1"> Evil & Co');
        assert.equal(p.senderText, p.senderName);
        assert.equal(p.senderEmail, 'evil@example.com');
        assert.equal(p.recipient, '<b>you</b>');
        assert.deepEqual(p.active, []);
        assert.deepEqual(p.handlers, []);
        assert.equal(p.link.href, 'https://example.com/page');
        assert.equal(p.link.target, '_blank');
        assert.equal(new URL(p.link.safe).searchParams.get('q'), 'https://example.com/page');
        assert.match(p.text, /Hi a link Last line <not a tag>/);
        assert.ok(p.baseURI.startsWith(srv.origin), `the mail's <base> is ignored: ${p.baseURI}`);
        // Chromium checks the CSP when the inert parser meets an on* attribute or a <base>, before
        // the page script drops them: those reports are the CSP doing its job, nothing ran.
        const blocked = /violates the following Content Security Policy directive.*(inline event handler|base-uri)|(inline event handler|base URI).*violates the following Content Security Policy/;
        assert.deepEqual(problems.filter((m) => !(csp && blocked.test(m))), []);
      }));
  }

  test('the inbox opens every sample after load under the strict CSP, without errors', { timeout: 90000 }, (t) =>
    withPage(t, true, async (page, srv, problems) => {
      await page.goto(srv.url);
      const initial = await page.evaluate(() => document.querySelectorAll('div.adn').length);
      assert.equal(initial, 0, 'no message before one is opened');
      for (const m of srv.messages.filter((x) => x.id !== 'webmail-escaping')) {
        await page.click(`tr.zA[data-demo-id="${m.id}"] a.demo-open`);
        await page.waitForFunction((id) => document.body.getAttribute('data-demo-opened') === id, m.id);
        const seen = await page.evaluate(() => {
          const c = document.querySelector('div.adn[data-message-id]');
          return {
            id: c.getAttribute('data-message-id'),
            email: c.querySelector('.gD[email]').getAttribute('email'),
            subject: document.querySelector('h2.hP').textContent,
            links: c.querySelectorAll(':scope > div.gs > div.ii.gt > div.a3s a[href]').length,
          };
        });
        assert.equal(seen.id, m.messageId);
        assert.equal(seen.email, m.from.address);
        assert.equal(seen.subject, m.subject);
        assert.ok(seen.links >= 1, `${m.id}: the body has its links`);
      }
      assert.deepEqual(problems, []);
    }));
});
