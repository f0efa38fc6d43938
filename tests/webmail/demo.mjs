// `make demo`: the extension on the bundled demo webmail.
//
// Starts the demo webmail on 127.0.0.1 (Gmail's markup and a Gmail-like strict CSP), starts
// Chromium with target/extension/chrome-test (headed when $DISPLAY is set, headless otherwise),
// opens every mail of tests/samples from the inbox, waits for Vigie's verdict, saves one
// screenshot per mail under target/demo/ and prints what Vigie showed next to what
// tests/samples/EXPECTED.tsv expects. Exits non-zero if any mail did not get its expected
// verdict. Headed, the browser stays open on the webmail until Ctrl-C.
//
//   node tests/webmail/demo.mjs [--headless | --headed] [--port N] [--no-csp]

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  REPO,
  expectedVerdicts,
  extensionDir,
  launchChromium,
  messageStateInPage,
  verdictProblems,
} from '../e2e/lib/browsers.mjs';
import { startServer } from './server.mjs';

const OUT = join(REPO, 'target', 'demo');
const WAIT_MS = 20000;

function parseArgs(argv) {
  const o = { headless: !process.env.DISPLAY, port: 0, csp: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--headless') o.headless = true;
    else if (a === '--headed') o.headless = false;
    else if (a === '--no-csp') o.csp = false;
    else if (a === '--port') o.port = Number(argv[++i]);
    else if (a === '-h' || a === '--help') {
      console.log('usage: node tests/webmail/demo.mjs [--headless | --headed] [--port N] [--no-csp]');
      process.exit(0);
    } else {
      console.error(`demo: unknown argument ${a}`);
      process.exit(2);
    }
  }
  return o;
}

function table(rows) {
  const head = ['mail', 'expected', 'banner shown', 'findings', 'time', 'result'];
  const cells = rows.map((r) => [r.file, r.expected, r.shown, r.findings, r.time, r.ok ? 'ok' : 'MISMATCH']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
  const line = (c) => c.map((v, i) => String(v).padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Opens one message by clicking its inbox row, as a person would; returns its row of the table. */
async function showMessage(page, { file, id, verdict }) {
  const started = Date.now();
  await page.click(`tr.zA[data-demo-id="${id}"] a.demo-open`);
  let state = null;
  let error = null;
  try {
    await page.waitForFunction(
      (id) => {
        if (document.body.getAttribute('data-demo-opened') !== id) return false;
        const c = document.querySelector('div.adn[data-message-id]');
        const b = c && c.querySelector(':scope > div.gs > div.ii.gt > div.a3s');
        return Boolean(b && b.hasAttribute('data-vigie-checked'));
      },
      id,
      { timeout: WAIT_MS, polling: 25 },
    );
  } catch {
    error = `no verdict after ${WAIT_MS / 1000} s`;
  }
  const elapsed = Date.now() - started;
  state = await page.evaluate(messageStateInPage).catch(() => null);
  await page.evaluate(() => document.getElementById('thread-pane').scrollTo(0, 0)).catch(() => {});
  await page.screenshot({ path: join(OUT, `${id}.png`) }).catch(() => {});
  const problems = error ? [error] : verdictProblems(state, verdict);
  let shown;
  if (error) shown = `- (${error})`;
  else if (state?.banner) shown = state.banner.verdict;
  else shown = `none (checked ${state?.checked})`;
  return {
    file,
    expected: verdict,
    shown,
    findings: state?.banner?.findings.join(' ') || '-',
    time: error ? '-' : `${elapsed} ms`,
    ok: problems.length === 0,
    problems,
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const extension = extensionDir('chrome-test');
  mkdirSync(OUT, { recursive: true });
  const expected = expectedVerdicts();

  const srv = await startServer({ port: opts.port, csp: opts.csp });
  let browser;
  let exitCode = 1;
  let cleaned = null;
  const cleanup = () => {
    cleaned ??= (async () => {
      await browser?.close();
      await srv.close();
    })();
    return cleaned;
  };
  // Ctrl-C while the mails are being opened: close the browser and the server, then exit.
  let running = true;
  let interrupted = false;
  const interrupt = () => {
    if (!running) return;
    interrupted = true;
    console.log('\ninterrupted');
    cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    browser = await launchChromium({ extension, headless: opts.headless, viewport: { width: 1280, height: 860 }, handleSignals: false });
    console.log(`Demo webmail: ${srv.url} (${opts.csp ? 'strict CSP' : 'no CSP'}), Chromium ${opts.headless ? 'headless' : 'headed'} with ${relative(REPO, extension)}`);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(srv.url);
    await page.waitForSelector('tr.zA');

    const rows = [];
    for (const e of expected) {
      if (!srv.messages.some((m) => m.id === e.id)) {
        rows.push({ file: e.file, expected: e.verdict, shown: '- (not in the inbox)', findings: '-', time: '-', ok: false, problems: ['missing'] });
        continue;
      }
      rows.push(await showMessage(page, e));
    }
    console.log(`\n${table(rows)}\n`);
    writeFileSync(
      join(OUT, 'summary.tsv'),
      `mail\texpected\tshown\tfindings\ttime\tok\n${rows.map((r) => [r.file, r.expected, r.shown, r.findings, r.time, r.ok].join('\t')).join('\n')}\n`,
    );
    const bad = rows.filter((r) => !r.ok);
    for (const r of bad) console.log(`MISMATCH ${r.file}: ${r.problems.join('; ')}`);
    if (pageErrors.length) console.log(`page errors: ${pageErrors.join(' | ')}`);
    console.log(`Screenshots: ${relative(process.cwd(), OUT) || '.'}/*.png`);
    console.log(bad.length ? `${bad.length} of ${rows.length} mails did not get their expected verdict.` : `All ${rows.length} mails got their expected verdict.`);
    exitCode = bad.length || pageErrors.length ? 1 : 0;

    if (!opts.headless) {
      await page.click('tr.zA[data-demo-id="fr-proximus-fake-appointment"] a.demo-open').catch(() => {});
      console.log('\nThe browser stays open: hover the links, open other mails. Ctrl-C to quit.');
      running = false; // from now on Ctrl-C (or closing the browser) ends the demo normally
      await new Promise((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
        browser.context.once('close', resolve);
      });
    }
  } catch (e) {
    if (interrupted) await new Promise(() => {}); // the interrupt handler exits
    console.error(`demo: ${e.message}`);
    exitCode = 1;
  } finally {
    await cleanup();
  }
  process.exit(exitCode);
}

await main();
