// Vigie on a real webmail: Roundcube 1.6 + Dovecot from Debian, on 127.0.0.1 only.
//
//   make test-roundcube      (= node --test --test-concurrency=1 tests/roundcube/)
//
// 1. Installs the Debian packages if missing (rc-env.sh install), starts Dovecot +
//    Roundcube in a throwaway directory (elastic skin, and larry when installed), and
//    delivers every sample mail (tests/samples, then tests/roundcube/mails) with
//    dovecot-lda.
// 2. In Chromium (playwright-core) and Firefox (selenium-webdriver + geckodriver), with the
//    production build (target/extension/chrome, target/extension/firefox):
//    - adds the Roundcube origins on the extension's options page and grants the
//      permission (see browsers.mjs and NOTES.md for how the grant is made per browser);
//    - logs in through Roundcube's login form, opens every mail from the message list
//      and checks the banner (or its absence), its verdict and finding kinds, against
//      tests/samples/EXPECTED.tsv (+ lib.mjs MUST_FIND);
//    - hovers the deceptive link of fr-proximus-fake-appointment.eml (and two links that
//      Roundcube renders differently) and checks the tooltip.
// 3. Stops every process it started, by PID, and removes its directory, also on failure.
//
// Screenshots: target/test-artifacts/roundcube/.
// Environment:
//   VIGIE_RC_BROWSERS=chromium,firefox  which browsers (default both)
//   VIGIE_RC_SKINS=elastic,larry        which skins (default: every installed one)
//   VIGIE_RC_EXTENSION=none             plain browsers, no extension: only the Roundcube
//                                       flow (login, list, open) is checked
//   VIGIE_RC_EXT_CHROME / VIGIE_RC_EXT_FIREFOX  other unpacked builds to load
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  REPO,
  ARTIFACTS,
  mailList,
  rowId,
  install,
  startEnv,
  availableSkins,
  makeTempDir,
  sweepStale,
  cleanupAll,
  cleanupOnExit,
  ensureDir,
  sleep,
} from './lib.mjs';
import { ChromiumSession, FirefoxSession, pollPage, originPattern } from './browsers.mjs';
import { probe, listRows } from './probe.mjs';

const WITH_EXTENSION = process.env.VIGIE_RC_EXTENSION !== 'none';
const EXT = {
  chromium: process.env.VIGIE_RC_EXT_CHROME || join(REPO, 'target', 'extension', 'chrome'),
  firefox: process.env.VIGIE_RC_EXT_FIREFOX || join(REPO, 'target', 'extension', 'firefox'),
};
const BROWSERS = (process.env.VIGIE_RC_BROWSERS || 'chromium,firefox').split(',').map((s) => s.trim()).filter(Boolean);
const SKINS = process.env.VIGIE_RC_SKINS
  ? process.env.VIGIE_RC_SKINS.split(',').map((s) => s.trim()).filter(Boolean)
  : availableSkins();
const MAIL_TIMEOUT_MS = 20000;

cleanupOnExit();
const mails = mailList();
const byFile = Object.fromEntries(mails.map((m) => [m.file, m]));
const envs = {};
let base;

/** One line per mail and browser, written to ARTIFACTS/summary-*.json at the end. */
const summary = [];

function shot(b, skin, name) {
  return b.screenshot(join(ARTIFACTS, `${b.name}-${skin}-${name}.png`)).catch(() => {});
}

before(
  () => {
    rmSync(ARTIFACTS, { recursive: true, force: true }); // no stale screenshots of an earlier run
    ensureDir(ARTIFACTS);
    if (WITH_EXTENSION) {
      for (const name of BROWSERS) {
        const dir = EXT[name];
        if (!dir || !existsSync(join(dir, 'manifest.json'))) {
          throw new Error(`no built extension at ${dir} (run make build, or VIGIE_RC_EXTENSION=none)`);
        }
      }
    }
    const inst = install();
    console.log(`roundcube: install ${inst.wasPresent ? 'check (already installed)' : 'from packages'}: ${inst.ms} ms`);
    for (const d of sweepStale('vigie-rc-test-')) console.log(`roundcube: removed the leftovers of a killed run: ${d}`);
    base = makeTempDir('vigie-rc-test-');
    for (const skin of SKINS) {
      envs[skin] = startEnv(join(base, `rc-${skin}`), { skin, files: mails.map((m) => m.path) });
      const e = envs[skin];
      console.log(
        `roundcube: ${skin} at ${e.url} (IMAP ${e.imapPort}): start ${e.timings.startMs} ms, ` +
          `deliver ${mails.length} mails ${e.timings.deliverMs} ms`,
      );
    }
  },
  { timeout: 25 * 60 * 1000 },
);

after(() => {
  writeFileSync(join(ARTIFACTS, 'summary.json'), JSON.stringify(summary, null, 2));
  const problems = cleanupAll();
  assert.deepEqual(problems, [], 'every process stopped and every directory removed');
});

async function launch(name, logs) {
  const extDir = WITH_EXTENSION ? EXT[name] : null;
  if (name === 'chromium') return ChromiumSession.launch({ extDir, profileDir: join(base, 'chromium-profile'), logs });
  if (name === 'firefox') return FirefoxSession.launch({ extDir, baseDir: base, logs });
  throw new Error(`unknown browser ${name}`);
}

/** Waits until the preview frame shows `uid` (and Vigie marked it, with the extension). */
async function waitForMessage(b, uid, timeoutMs) {
  return pollPage(
    b,
    probe,
    null,
    (p) => {
      if (!p.frameUrl || p.frameReady !== 'complete' || !p.frame?.messagebody) return false;
      let shownUid;
      try {
        shownUid = new URL(p.frameUrl).searchParams.get('_uid');
      } catch {
        return false;
      }
      if (shownUid !== String(uid)) return false;
      if (!WITH_EXTENSION) return true;
      return [...p.frame.marked, ...p.top.marked].length > 0;
    },
    timeoutMs,
  );
}

function describeProbe(p) {
  if (!p) return 'nothing read from the page';
  const f = p.frame;
  return JSON.stringify(
    {
      frameUrl: p.frameUrl,
      frameReady: p.frameReady,
      messagebody: f?.messagebody,
      marked: { frame: f?.marked, top: p.top?.marked },
      banners: { frame: f?.banners, top: p.top?.banners },
      links: f?.links,
      sender: f?.sender,
      body: f?.bodyText?.slice(0, 120),
    },
    null,
    1,
  );
}

for (const browserName of BROWSERS) {
  describe(browserName, { timeout: 15 * 60 * 1000 }, () => {
    let b;
    const logs = [];
    let hostsAdded = !WITH_EXTENSION;
    /** skin → whether Vigie answered at all in that skin (fail fast when it never does) */
    const alive = {};

    before(async () => {
      b = await launch(browserName, logs);
      console.log(`roundcube: ${browserName} ${b.version} launched${WITH_EXTENSION ? ` with ${EXT[browserName]}` : ' (no extension)'}`);
    });

    after(async () => {
      await b?.close();
      if (logs.length) writeFileSync(join(ARTIFACTS, `${browserName}-console.log`), logs.join('\n') + '\n');
    });

    if (WITH_EXTENSION) {
      test('adds the Roundcube origins on the options page, permission granted', async (t) => {
        for (const skin of SKINS) {
          const origin = envs[skin].origin;
          const r = await b.addHost(origin);
          t.diagnostic(`${skin} ${origin}: status "${r.status}", prompt ${JSON.stringify(r.prompt)}`);
          await shot(b, skin, '00-options');
          assert.ok(!r.timedOut, `options page did not finish adding ${origin}: ${JSON.stringify(r)}`);
          assert.ok(r.hasEntry, `${origin} listed under Added webmails: ${JSON.stringify(r.entries)}`);
          assert.ok(
            !r.statusError,
            `options page reports an error: "${r.status}"; the background answers registerHost with ${r.registerReply}`,
          );
          assert.ok(!r.noAccess.includes(origin), `${origin} still marked "no access"`);
        }
        const granted = await b.grantedOrigins();
        assert.ok(granted.includes(originPattern(envs[SKINS[0]].origin)), `granted origins: ${JSON.stringify(granted)}`);
        hostsAdded = true;
      });
    }

    for (const skin of SKINS) {
      test(`${skin}: logs in through Roundcube's login form and lists every mail`, async () => {
        const env = envs[skin];
        await b.goto(env.url);
        const login = await pollPage(b, probe, null, (p) => p.loginForm, 15000);
        assert.ok(login.ok, `no login form at ${env.url}`);
        await b.fill('#rcmloginuser', env.user);
        await b.fill('#rcmloginpwd', env.pass);
        await b.click('#rcmloginsubmit');
        const listed = await pollPage(b, probe, null, (p) => p.rows >= mails.length, 20000);
        assert.ok(listed.ok, `message list not shown after login: ${JSON.stringify(listed.value?.url)} rows=${listed.value?.rows}`);
        const rows = await b.eval(listRows);
        for (const m of mails) {
          const row = rows.find((r) => r.id === rowId(m.uid));
          assert.ok(row, `no list row for uid ${m.uid} (${m.file})`);
          assert.equal(row.subject, m.subject, `subject of uid ${m.uid} (${m.file})`);
        }
        assert.equal(listed.value.top.banners.length, 0, 'no Vigie banner on the message list page');
        await shot(b, skin, '00-list');
      });

      test(`${skin}: every mail gets the banner of EXPECTED.tsv, or none`, async (t) => {
        assert.ok(hostsAdded, 'the Roundcube host was not added (see the options-page test)');
        alive[skin] = null;
        for (const m of mails) {
          await t.test(`uid ${m.uid} ${m.file} → ${m.verdict}`, async (st) => {
            await b.click(`#${rowId(m.uid)} td.subject`);
            const timeout = alive[skin] === false ? 4000 : MAIL_TIMEOUT_MS;
            const got = await waitForMessage(b, m.uid, timeout);
            let p = got.value;
            const name = `${String(m.uid).padStart(2, '0')}-${m.file.replace(/\.eml$/, '')}`;
            if (got.ok && WITH_EXTENSION && m.verdict === 'ok') {
              await sleep(600); // a late banner would show up now
              p = await b.eval(probe);
            }
            await shot(b, skin, name);
            const line = { browser: browserName, skin, uid: m.uid, file: m.file, expected: m.verdict };
            summary.push(line);
            if (!got.ok) {
              line.result = 'timeout';
              if (WITH_EXTENSION && !p?.frame?.marked?.length) alive[skin] = alive[skin] ?? false;
              assert.fail(
                `uid ${m.uid} not ${WITH_EXTENSION ? 'marked by Vigie' : 'shown'} within ${timeout} ms` +
                  `${got.error ? ` (${got.error.message})` : ''}:\n${describeProbe(p)}`,
              );
            }
            alive[skin] = true;
            const f = p.frame;
            assert.ok(f.messagebody, 'preview frame has #messagebody');
            const banners = [...f.banners, ...p.top.banners];
            if (!WITH_EXTENSION) {
              assert.equal(banners.length, 0);
              line.result = 'shown';
              return;
            }
            const marks = [...f.marked, ...p.top.marked];
            line.marked = marks.map((x) => `${x.el}=${x.value}`);
            line.banners = banners.map((x) => ({ verdict: x.verdict, findings: x.findings, before: x.next, message: x.message }));
            line.linkMarks = f.links;
            st.diagnostic(`marked ${line.marked.join(', ')}; banners ${JSON.stringify(line.banners)}`);
            assert.ok(
              marks.every((x) => x.value === m.verdict),
              `data-vigie-checked should be "${m.verdict}": ${JSON.stringify(marks)}`,
            );
            if (m.verdict === 'ok') {
              assert.equal(banners.length, 0, `no banner expected: ${JSON.stringify(banners)}`);
              line.result = 'pass';
              return;
            }
            assert.equal(banners.length, 1, `exactly one banner expected:\n${describeProbe(p)}`);
            const banner = banners[0];
            assert.ok(banner.nextChecked !== null, `the banner sits right before the marked body (before ${banner.next})`);
            assert.ok(!banner.insideMarked, 'the banner is outside the message body');
            assert.equal(banner.verdict, m.verdict, 'banner verdict');
            const missing = m.mustFind.filter((k) => !banner.findings.includes(k));
            assert.deepEqual(missing, [], `finding kinds missing from the banner (has ${banner.findings.join(' ')})`);
            assert.ok(banner.visible, `banner visible (${JSON.stringify(banner.rect)})`);
            assert.ok(banner.message, 'banner carries data-vigie-message');
            if (m.file === 'fr-proximus-homoglyph.eml') {
              assert.ok(f.roundcubeWarning, "Roundcube's own 'suspicious email addresses' warning is shown too");
            }
            if (m.file === 'rc-qp-remote-image.eml') {
              assert.ok(f.remoteBlocked, "Roundcube's 'remote resources have been blocked' notice is shown");
            }
            if (m.file === 'fr-proximus-fake-appointment.eml') {
              const mark = f.links.find((l) => l.href === 'https://rdv-conseil.contactcenter.be/confirm?id=88412');
              assert.ok(mark && ['danger', 'caution'].includes(mark.mark), `deceptive link marked, href unchanged: ${JSON.stringify(f.links)}`);
            }
            line.result = 'pass';
          });
        }
      });

      if (WITH_EXTENSION) {
        test(`${skin}: a mail opened full page (double click, _action=show) gets its banner too`, async () => {
          assert.ok(hostsAdded, 'the Roundcube host was not added (see the options-page test)');
          const m = byFile['fr-proximus-fake-appointment.eml'];
          await b.dblclick(`#${rowId(m.uid)} td.subject`);
          const got = await pollPage(
            b,
            probe,
            null,
            (p) => /[?&]_action=show\b/.test(p.url) && p.top.messagebody && p.top.marked.length > 0,
            MAIL_TIMEOUT_MS,
          );
          await shot(b, skin, 'show-fr-proximus-fake-appointment');
          assert.ok(got.ok, `full-page view not marked by Vigie: ${JSON.stringify({ url: got.value?.url, top: got.value?.top })}`);
          const p = got.value;
          assert.deepEqual(p.top.marked.map((x) => x.value), ['danger']);
          assert.equal(p.top.banners.length, 1, JSON.stringify(p.top.banners));
          const banner = p.top.banners[0];
          assert.equal(banner.verdict, 'danger');
          assert.ok(banner.nextChecked !== null && !banner.insideMarked, `banner right before the body: ${banner.next}`);
          for (const k of m.mustFind) assert.ok(banner.findings.includes(k), `${k} in ${banner.findings.join(' ')}`);
          // back to the list for the next tests
          await b.goto(`${envs[skin].url}?_task=mail&_mbox=INBOX`);
          const listed = await pollPage(b, probe, null, (q) => q.rows >= mails.length, 20000);
          assert.ok(listed.ok, 'back to the message list');
        });

        const HOVERS = [
          {
            file: 'fr-proximus-fake-appointment.eml',
            link: 'a[href^="https://rdv-conseil.contactcenter.be/confirm"]',
            destination: 'https://rdv-conseil.contactcenter.be/confirm?id=88412',
            registrable: 'contactcenter.be',
            findings: ['link_text_mismatch'],
          },
          {
            // plain text: the link is Roundcube's (linkified), the real destination is shown
            file: 'fr-plaintext-embedded-brand.eml',
            link: 'a[href^="https://proximus.be.remboursement-client.com/"]',
            destination: 'https://proximus.be.remboursement-client.com/iban',
            registrable: 'remboursement-client.com',
            findings: [],
          },
          {
            // quoted-printable with soft line breaks inside the href
            file: 'rc-qp-remote-image.eml',
            link: 'a[href^="https://rdv-conseil.contactcenter.be/confirm"]',
            destination: 'https://rdv-conseil.contactcenter.be/confirm?id=88412&utm_source=mail',
            registrable: 'contactcenter.be',
            findings: ['link_text_mismatch'],
          },
        ].filter((h) => byFile[h.file]);

        test(`${skin}: hovering a deceptive link shows its real destination`, async (t) => {
          assert.ok(hostsAdded, 'the Roundcube host was not added (see the options-page test)');
          for (const h of HOVERS) {
            const m = byFile[h.file];
            await t.test(h.file, async (st) => {
              await b.click(`#${rowId(m.uid)} td.subject`);
              const got = await waitForMessage(b, m.uid, MAIL_TIMEOUT_MS);
              assert.ok(got.ok, `uid ${m.uid} not marked by Vigie:\n${describeProbe(got.value)}`);
              await b.mouseAway();
              await b.hoverInFrame('#messagecontframe', h.link);
              const shown = await pollPage(
                b,
                probe,
                null,
                (p) => [...(p.frame?.tooltips ?? []), ...p.top.tooltips].some((x) => x['data-vigie-visible'] === 'true'),
                8000,
              );
              await shot(b, skin, `tooltip-${h.file.replace(/\.eml$/, '')}`);
              const tips = [...(shown.value?.frame?.tooltips ?? []), ...(shown.value?.top?.tooltips ?? [])];
              assert.ok(shown.ok, `no visible vigie-tooltip after hovering ${h.link}: ${JSON.stringify(tips)}`);
              const tip = tips.find((x) => x['data-vigie-visible'] === 'true');
              st.diagnostic(JSON.stringify(tip));
              summary.push({ browser: browserName, skin, file: h.file, tooltip: tip });
              assert.ok(
                (tip['data-vigie-destination'] ?? '').startsWith(h.destination),
                `destination ${tip['data-vigie-destination']} should start with ${h.destination}`,
              );
              assert.equal(tip['data-vigie-registrable'], h.registrable);
              const kinds = (tip['data-vigie-findings'] ?? '').split(/\s+/).filter(Boolean);
              for (const k of h.findings) assert.ok(kinds.includes(k), `tooltip findings ${kinds.join(' ')} lack ${k}`);
              assert.ok(tip.visible, 'tooltip has a size on screen');
              await b.mouseAway();
            });
          }
        });
      }
    }
  });
}
