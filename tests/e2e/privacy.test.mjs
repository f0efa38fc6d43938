// Privacy proof (Chromium, production build target/extension/chrome on https://mail.google.com):
// while the extension analyses every mail of tests/samples (and a hover over a link of each),
// and its popup and options pages are open, every request of its contexts is recorded:
// - through Playwright: the pages (webmail tabs, where Chromium reports the content scripts'
//   requests, and the extension's own pages) and the service worker (requests with
//   `request.serviceWorker()`, also those it makes when it starts again after a stop);
// - through Chromium's own network log (`--log-net-log`): every request that reached the
//   network stack, with its initiator, from the browser's start.
// A canary request made from the service worker shows that both recorders see the worker.
// The only requests allowed are the extension's own packaged files (chrome-extension://ID/...,
// files that exist in the build) and the webmail's own URLs, which this test serves.
// Also: the built manifests ask for exactly the permissions the README lists.
//
//   node --test --test-concurrency=1 tests/e2e/
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO, SAMPLES, expectedVerdicts, extensionDir, verdictProblems, describe as describeState } from './lib/browsers.mjs';
import { GMAIL, extensionControl, gmailUrl, waitChecked } from './lib/devtools.mjs';
import { gmailSession } from './lib/session.mjs';

/** The webmail's own URLs (tests/webmail/server.mjs), on the Gmail origin. */
const WEBMAIL_PATHS = [/^\/mail\/u\/0\/$/, /^\/mail\/u\/0\/api\/message\/[^/]+$/, /^\/favicon\.ico$/];
const CANARY = 'https://vigie-canary.invalid/privacy-test';

/** Chromium's net log → the requests that reached the network stack, with their initiator. */
function netlogRequests(file) {
  let text = readFileSync(file, 'utf8');
  let log;
  try {
    log = JSON.parse(text);
  } catch {
    // A log cut short (the browser did not finish writing): close the events array.
    text = text.replace(/,?\s*$/, '');
    log = JSON.parse(`${text}]}`);
  }
  const types = Object.fromEntries(Object.entries(log.constants.logEventTypes).map(([k, v]) => [v, k]));
  const requests = [];
  for (const e of log.events) {
    if (types[e.type] === 'URL_REQUEST_START_JOB' && e.params?.url) {
      requests.push({ url: e.params.url, initiator: e.params.initiator ?? null, method: e.params.method });
    }
  }
  return requests;
}

describe('privacy: the extension makes no request except for its own files (Chromium)', () => {
  let session;
  let srv;
  let browser;
  let profileTmp;
  let netlog;

  before(async () => {
    profileTmp = mkdtempSync(join(tmpdir(), 'vigie-netlog-'));
    netlog = join(profileTmp, 'netlog.json');
    session = await gmailSession({ sources: [SAMPLES], launch: { args: [`--log-net-log=${netlog}`, '--net-log-capture-mode=Default'] } });
    ({ srv, browser } = session);
    await browser.context.route(`${CANARY}**`, (route) => route.fulfill({ status: 204, body: '' }));
  });
  after(async () => {
    await session?.close();
    if (profileTmp) rmSync(profileTmp, { recursive: true, force: true });
  });

  test('every sample analysed, popup and options opened: only the extension’s files and the webmail’s own URLs', { timeout: 120000 }, async (t) => {
    const { context, extensionId } = browser;
    const EXT = `chrome-extension://${extensionId}/`;
    const buildDir = extensionDir('chrome');
    const seen = [];
    context.on('request', (r) => {
      let frame = null;
      try {
        frame = r.frame()?.url() ?? null;
      } catch {
        /* a service worker request has no frame */
      }
      seen.push({ url: r.url(), worker: Boolean(r.serviceWorker()), frame, type: r.resourceType(), method: r.method() });
    });

    // Restart the worker so its start-up requests (the wasm file) are recorded too.
    const control = await extensionControl(context, extensionId);
    await control.stopWorker();
    const info = await control.engineInfo();
    assert.equal(info.ok, true);

    const samples = expectedVerdicts();
    for (const { id, verdict } of samples) {
      const page = await context.newPage();
      try {
        await page.goto(gmailUrl(id));
        const state = await waitChecked(page);
        assert.deepEqual(verdictProblems(state, verdict), [], `${id}: ${describeState(state)}`);
        // Hover the first http(s) link: the tooltip asks the background about it.
        const box = await page.evaluate(() => {
          const body = document.querySelector('div.adn[data-message-id] > div.gs > div.ii.gt > div.a3s');
          const a = Array.from(body.querySelectorAll('a[href]')).find((x) => /^\s*https?:/i.test(x.getAttribute('href')));
          if (!a) return null;
          a.scrollIntoView({ block: 'center' });
          const r = a.getClientRects()[0] ?? a.getBoundingClientRect();
          return { x: r.left + Math.min(r.width / 2, 8), y: r.top + r.height / 2 };
        });
        if (box) {
          await page.mouse.move(box.x, box.y, { steps: 2 });
          await page
            .waitForFunction(() => document.querySelector('vigie-tooltip')?.getAttribute('data-vigie-visible') === 'true', null, { timeout: 5000 })
            .catch(() => t.diagnostic(`${id}: no tooltip on hover (not asserted here)`));
        }
      } finally {
        await page.close();
      }
    }

    // The extension's own pages.
    for (const path of ['popup/popup.html', 'options/options.html']) {
      const page = await context.newPage();
      await page.goto(`${EXT}${path}`);
      await page.waitForLoadState('load');
      if (path.startsWith('options')) await page.evaluate(() => globalThis.vigieOptions?.idle());
      else await page.waitForTimeout(300);
      await page.close();
    }

    // Canaries from the worker: one answered by the route (Playwright must report it), one to
    // the webmail server itself over the real network stack (the net log must show it).
    const worker = await control.worker();
    const canary1 = await worker.evaluate((u) => fetch(u).then((r) => r.status, (e) => String(e)), CANARY);
    const netCanary = `${srv.origin}/vigie-netlog-canary`;
    const canary2 = await worker.evaluate((u) => fetch(u).then((r) => r.status, (e) => String(e)), netCanary);
    t.diagnostic(`canaries: ${canary1}, ${canary2}`);
    await control.close();
    await new Promise((r) => setTimeout(r, 300));

    assert.ok(seen.some((r) => r.worker && r.url === CANARY), 'the recorder sees requests of the service worker (canary)');
    // With request interception on (the Gmail route), Playwright reports the worker's http(s)
    // requests (paused by the Fetch domain) but not its chrome-extension:// ones; without a
    // route it reports both. The net log covers the network stack from the browser's start.
    t.diagnostic(`the worker's wasm fetch after its restart ${seen.some((r) => r.worker && r.url === `${EXT}wasm/vigie_bg.wasm`) ? 'was' : 'was not'} reported by Playwright`);
    assert.ok(seen.some((r) => r.url.startsWith(`${GMAIL}/mail/u/0/api/message/`)), 'the webmail pages’ requests were recorded');

    const problems = [];
    const extensionFiles = new Set();
    for (const r of seen) {
      if (r.url === CANARY || r.url === netCanary) continue;
      const fromExtensionPage = r.frame?.startsWith(EXT);
      if (r.url.startsWith(EXT)) {
        const file = decodeURIComponent(new URL(r.url).pathname).replace(/^\//, '');
        extensionFiles.add(file);
        if (!existsSync(join(buildDir, file))) problems.push(`${r.url}: not a file of the build`);
        continue;
      }
      if (r.worker) {
        problems.push(`service worker → ${r.url}`);
        continue;
      }
      if (fromExtensionPage) {
        problems.push(`extension page ${r.frame} → ${r.url}`);
        continue;
      }
      if (r.url.startsWith(`${GMAIL}/`) && WEBMAIL_PATHS.some((re) => re.test(new URL(r.url).pathname))) continue;
      if (r.url.startsWith('data:') && r.frame?.startsWith(`${GMAIL}/`)) continue; // the mail's own inline images
      problems.push(`${r.frame ?? '?'} (${r.type}) → ${r.url}`);
    }
    t.diagnostic(`${seen.length} requests recorded; extension files loaded: ${[...extensionFiles].sort().join(' ')}`);
    assert.deepEqual(problems, [], 'requests other than the extension’s files and the webmail’s own URLs');

    // Chromium's network log, written when the browser exits.
    await browser.close();
    browser = null;
    const requests = netlogRequests(netlog);
    const ours = requests.filter((r) => r.initiator && (r.initiator.startsWith('chrome-extension://') || r.initiator.startsWith(GMAIL)));
    assert.ok(ours.some((r) => r.url === netCanary && r.initiator === EXT.replace(/\/$/, '')), `the net log shows the worker's canary request (${requests.length} requests in the log)`);
    const leaks = ours.filter((r) => r.url !== netCanary).map((r) => `${r.initiator} → ${r.method} ${r.url}`);
    const others = [...new Set(requests.filter((r) => !ours.includes(r)).map((r) => `${r.initiator ?? '-'} → ${new URL(r.url).host}`))];
    t.diagnostic(`net log: ${requests.length} requests; not from the extension or the webmail (the browser's own): ${others.join(', ') || 'none'}`);
    assert.deepEqual(leaks, [], 'requests of the extension or the webmail pages that reached the network');
  });
});

describe('permissions: the built manifests ask for what the README lists, nothing more', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

  /** README "### Permissions, and why": first column of the table. */
  function readmePermissionRows() {
    const section = readme.split(/^### Permissions, and why\s*$/m)[1];
    assert.ok(section, 'README.md has a "### Permissions, and why" section');
    const rows = section.split(/^#{2,3} /m)[0].split('\n').filter((l) => /^\|/.test(l));
    return rows.slice(2).map((l) => l.split('|')[1].trim());
  }

  for (const build of ['chrome', 'firefox']) {
    test(`${build}: permissions, optional host permissions, content-script hosts`, () => {
      const manifest = JSON.parse(readFileSync(join(extensionDir(build), 'manifest.json'), 'utf8'));
      const rows = readmePermissionRows();
      const named = rows.flatMap((r) => [...r.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
      assert.deepEqual([...manifest.permissions].sort(), [...named].sort(), `manifest permissions vs README rows ${JSON.stringify(rows)}`);
      assert.deepEqual([...manifest.permissions].sort(), ['scripting', 'storage']);

      assert.ok(rows.some((r) => /^optional host permissions$/i.test(r)), 'the README lists optional host permissions');
      assert.deepEqual([...(manifest.optional_host_permissions ?? [])].sort(), ['http://*/*', 'https://*/*'], 'optional host permissions (asked for one self-hosted webmail at a time)');
      assert.equal(manifest.host_permissions, undefined, 'no host permission granted at install');
      assert.equal(manifest.optional_permissions, undefined, 'no optional API permission');
      assert.equal(manifest.web_accessible_resources, undefined, 'no file exposed to web pages');
      assert.equal(manifest.externally_connectable, undefined, 'no page or extension may message it');

      const six = rows.find((r) => /content scripts on the (\w+) webmail hosts/i.test(r));
      assert.ok(six, 'the README lists the content-script hosts');
      const hosts = manifest.content_scripts.flatMap((c) => c.matches);
      assert.equal(manifest.content_scripts.length, 1);
      assert.equal(hosts.length, 6, `six webmail hosts: ${hosts.join(' ')}`);
      for (const h of hosts) assert.match(h, /^https:\/\/[a-z0-9.-]+\/\*$/, `an https host pattern: ${h}`);
      for (const named of ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com']) {
        assert.ok(hosts.includes(`https://${named}/*`), `${named} (named in the README) is a content-script host`);
      }
      const csp = manifest.content_security_policy?.extension_pages ?? '';
      assert.doesNotMatch(csp, /https?:|\*|connect-src/, `the extension pages' CSP allows no remote source: ${csp}`);
      if (build === 'firefox') {
        assert.deepEqual(manifest.browser_specific_settings?.gecko?.data_collection_permissions, { required: ['none'] }, 'Firefox: collects no data');
      }
    });
  }
});
