#!/usr/bin/env node
// The extension in Chromium (production build target/extension/chrome, pages served under
// https://mail.google.com with the demo webmail's strict CSP): a generated inbox of 500 mails,
// 20 of them 200-link newsletters (tests/bench/synthetic.mjs, the same links as the wasm and
// criterion benchmarks). Prints one markdown table next to the budgets of the design
// (/work/shared/design.md "Budgets"); figures only, it asserts nothing and exits non-zero only
// when something cannot run.
//
//   node tests/bench/browser-bench.mjs [--warm 10] [--cold 5] [--rows 500] [--links 200]
//        [--scroll-steps 100] [--out target/bench]
//
// Measured:
// - message inserted → data-vigie-checked set on its body (the banner is drawn in the same
//   task), by a MutationObserver of the page's main world (performance.now()): warm worker
//   (hash navigation between different newsletters, median of --warm) and right after the
//   service worker was stopped through CDP ServiceWorker.stopAllWorkers (median of --cold);
// - engine start-up in the worker (the engineInfo message: compile, instantiate, new engine),
//   after each cold start;
// - the background's own analysis of the newsletter (report.elapsedMs, {type:"analyze"} sent
//   from an extension page);
// - scrolling the 500-row inbox while the list is re-rendered like Gmail's (25 rows moved per
//   animation frame = one mutation batch): long tasks (PerformanceObserver 'longtask') and, in a
//   second pass, the content script's own script time from the V8 sampling profiler (CDP
//   Profiler; samples attributed to the nearest chrome-extension:// frame), per mutation batch;
//   with no message open and with a newsletter open; the same scrolls in Chromium without the
//   extension for comparison.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../webmail/server.mjs';
import { chromiumPath, devModule, extensionDir, launchChromium, routeGmail } from '../e2e/lib/browsers.mjs';
import { PAGE_PROBE, extensionControl, fmt, gmailUrl, median, profileScripts, waitChecked } from '../e2e/lib/devtools.mjs';
import { syntheticHtml } from './synthetic.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function parseArgs(argv) {
  const o = { warm: 10, cold: 5, rows: 500, links: 200, scrollSteps: 100, out: join(ROOT, 'target/bench') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      return v;
    };
    if (a === '--warm') o.warm = num();
    else if (a === '--cold') o.cold = num();
    else if (a === '--rows') o.rows = num();
    else if (a === '--links') o.links = num();
    else if (a === '--scroll-steps') o.scrollSteps = num();
    else if (a === '--out') o.out = resolve(argv[++i]);
    else if (a === '--help' || a === '-h') {
      console.log('usage: node tests/bench/browser-bench.mjs [--warm N] [--cold N] [--rows N] [--links N] [--scroll-steps N] [--out DIR]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

// ------------------------------------------------------------------------------ the inbox

const FIRST = ['Marie', 'Luc', 'Sofie', 'Jan', 'Anne', 'Pieter', 'Claire', 'Ahmed', 'Eva', 'Tom'];
const LAST = ['Dupont', 'Peeters', 'Janssens', 'Maes', 'Lambert', 'Dubois', 'Willems', 'Claes'];
const DOMAINS = ['gmail.com', 'telenet.be', 'skynet.be', 'example-firma.be', 'proximus.be', 'kbc.be', 'outlook.com'];

function eml({ from, subject, id, html, day }) {
  return [
    `From: ${from}`,
    'To: lecteur@example.be',
    `Subject: ${subject}`,
    `Date: ${new Date(Date.UTC(2025, 2, 1 + (day % 28), 8, day % 60)).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${id}@bench.vigie.invalid>`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    html,
  ].join('\r\n');
}

/** Writes `rows` mails into dir: newsletter-00..19 (links each) and short personal mails. */
function writeInbox(dir, rows, links) {
  const newsletters = [];
  const html = syntheticHtml(links, links * 500);
  for (let i = 0; i < rows; i++) {
    if (i < 20) {
      const id = `newsletter-${String(i).padStart(2, '0')}`;
      newsletters.push(id);
      writeFileSync(
        join(dir, `${id}.eml`),
        eml({ from: '"Service clientele Proximus" <ServiceclienteleProximus@contactcenter.be>', subject: `Votre facture ${i} est disponible`, id, html, day: i }),
      );
      continue;
    }
    const name = `${FIRST[i % FIRST.length]} ${LAST[i % LAST.length]}`;
    const domain = DOMAINS[i % DOMAINS.length];
    const body = `<p>Bonjour,</p><p>Message ${i} : voici les nouvelles de la semaine, rien d'urgent.</p><p>À bientôt,<br>${name}</p>`;
    writeFileSync(
      join(dir, `mail-${String(i).padStart(3, '0')}.eml`),
      eml({ from: `"${name}" <${name.toLowerCase().replace(' ', '.')}@${domain}>`, subject: `Nouvelles ${i}`, id: `mail-${i}`, html: `<html><body>${body}</body></html>`, day: i }),
    );
  }
  return { newsletters, bodyBytes: Buffer.byteLength(html) };
}

// ------------------------------------------------------------------------------ measures

/** Opens `id` in `page` by hash navigation; resolves to ms from insertion to data-vigie-checked. */
async function openByHash(page, id) {
  const before = await page.evaluate(() => window.__vigieProbe.checked.length);
  await page.evaluate((h) => {
    location.hash = h;
  }, `#inbox/${encodeURIComponent(id)}`);
  await page.waitForFunction((n) => window.__vigieProbe.checked.length > n, before, { timeout: 30000, polling: 20 });
  return page.evaluate(() => {
    const p = window.__vigieProbe;
    const c = p.checked.at(-1);
    const ins = p.inserted.filter((i) => i.id === c.id && i.at <= c.at).at(-1);
    return { ms: ins ? c.at - ins.at : null, value: c.value };
  });
}

/** In the page: scrolls the inbox pane for `steps` frames, moving 25 rows per frame (one mutation batch). */
async function scrollSteps(steps) {
  const pane = document.querySelector('.AO');
  const tbody = document.querySelector('table.F tbody');
  const t0 = performance.now();
  let frames = 0;
  for (let i = 0; i < steps; i++) {
    // Gmail-like virtual list: rows leave the top and come back at the bottom.
    const moved = Array.from(tbody.children).slice(0, 25);
    tbody.append(...moved);
    pane.scrollTop = (pane.scrollTop + 120) % Math.max(1, pane.scrollHeight - pane.clientHeight);
    await new Promise((r) => requestAnimationFrame(() => r()));
    frames += 1;
  }
  await new Promise((r) => setTimeout(r, 300)); // let a pending scan run
  return { frames, ms: performance.now() - t0 };
}

/**
 * Two passes of `steps` frames: one plain (long tasks, wall time), one under the sampling
 * profiler (the content script's own script time; the profiler slows the page down, so its
 * pass is not used for long tasks). `extensionOrigin` null: no profiled pass.
 */
async function scrollInbox(page, extensionOrigin, steps) {
  const start = await page.evaluate(() => performance.now());
  const plain = await page.evaluate(scrollSteps, steps);
  const longtasks = await page.evaluate((from) => window.__vigieProbe.longtasks.filter((l) => l.start >= from), start);
  const out = {
    batches: plain.frames,
    wallMs: plain.ms,
    longtasks: longtasks.length,
    longestMs: longtasks.length ? Math.max(...longtasks.map((l) => l.duration)) : 0,
  };
  if (extensionOrigin) {
    const prof = await profileScripts(page, extensionOrigin, () => page.evaluate(scrollSteps, steps));
    out.extensionMs = prof.extensionMs;
    out.perBatchMs = prof.extensionMs / prof.result.frames;
  }
  return out;
}

/**
 * The same scrolls in Chromium without the extension (same page, same flags): how many of the
 * long tasks are the page's own (layout of a big message, style recalculation).
 */
async function baselineScroll(srv, newsletter, steps) {
  const { chromium } = devModule('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await routeGmail(context, srv);
    const page = await context.newPage();
    await page.addInitScript(PAGE_PROBE);
    await page.goto(gmailUrl(newsletter));
    await page.waitForFunction(() => document.querySelector('div.adn[data-message-id]'));
    const withMessage = await scrollInbox(page, null, steps);
    await page.evaluate(() => {
      location.hash = '#inbox';
    });
    await page.waitForFunction(() => !document.querySelector('div.adn[data-message-id]'));
    const noMessage = await scrollInbox(page, null, steps);
    return { withMessage, noMessage };
  } finally {
    await browser.close();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'vigie-browser-bench-'));
  let srv;
  let browser;
  try {
    const inbox = writeInbox(dir, opts.rows, opts.links);
    const needed = Math.min(inbox.newsletters.length, opts.warm + opts.cold + 1);
    if (needed < opts.warm + opts.cold + 1) console.error(`note: ${inbox.newsletters.length} newsletters; some are opened twice (cached in the page)`);
    srv = await startServer({ sources: [dir], openDelayMs: 300 });
    browser = await launchChromium({ extension: extensionDir('chrome') });
    await routeGmail(browser.context, srv);
    const { context, extensionId } = browser;
    const origin = `chrome-extension://${extensionId}/`;
    const control = await extensionControl(context, extensionId);
    const first = await control.engineInfo();

    const page = await context.newPage();
    await page.addInitScript(PAGE_PROBE);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(gmailUrl(inbox.newsletters[0]));
    const firstState = await waitChecked(page, { timeout: 30000 });
    let next = 1;
    const nextId = () => inbox.newsletters[next++ % inbox.newsletters.length];

    // Warm worker: different newsletters one after the other in the same page.
    const warm = [];
    for (let i = 0; i < opts.warm; i++) warm.push((await openByHash(page, nextId())).ms);

    // Cold worker: stopped through CDP just before the message is opened.
    const cold = [];
    const startups = [];
    for (let i = 0; i < opts.cold; i++) {
      await control.stopWorker();
      cold.push((await openByHash(page, nextId())).ms);
      startups.push((await control.engineInfo()).timings);
    }

    // The background's own analysis of one newsletter (wasm, report.elapsedMs).
    const snapshot = await page.evaluate(() => {
      const c = document.querySelector('div.adn[data-message-id]');
      const s = c.querySelector('span.gD[email]');
      return {
        webmail: 'gmail',
        messageId: `${c.getAttribute('data-message-id')}-bench`,
        senderName: s.getAttribute('name'),
        senderAddress: s.getAttribute('email'),
        subject: document.querySelector('h2.hP').textContent,
        bodyHtml: c.querySelector(':scope > div.gs > div.ii.gt > div.a3s').innerHTML,
      };
    });
    const analyses = [];
    for (let i = 0; i < 10; i++) {
      const a = await control.send({ type: 'analyze', snapshot });
      if (a?.ok) analyses.push(a.report.elapsedMs);
    }

    // Scrolling the inbox: with a newsletter open, then with no message open.
    const withMessage = await scrollInbox(page, origin, opts.scrollSteps);
    await page.evaluate(() => {
      location.hash = '#inbox';
    });
    await page.waitForFunction(() => !document.querySelector('div.adn[data-message-id]'));
    const noMessage = await scrollInbox(page, origin, opts.scrollSteps);
    const rowsInPage = await page.evaluate(() => document.querySelectorAll('table.F tr.zA').length);
    await control.close();
    const base = await baselineScroll(srv, inbox.newsletters[0], opts.scrollSteps);

    const med = (key) => median(startups.map((s) => s[key]));
    const startTotal = median(startups.map((s) => s.compileMs + s.instantiateMs + s.engineMs));
    const rows = [
      [
        `engine start in the worker (compile + instantiate + new engine), cold, median of ${startups.length}`,
        `${fmt(startTotal)} ms (compile ${fmt(med('compileMs'))}, instantiate ${fmt(med('instantiateMs'))}, engine ${fmt(med('engineMs'))})`,
        '≤ 15 ms',
      ],
      [
        'engine start at browser launch (engineInfo)',
        `${fmt(first.timings.compileMs + first.timings.instantiateMs + first.timings.engineMs)} ms (compile ${fmt(first.timings.compileMs)}, instantiate ${fmt(first.timings.instantiateMs)}, engine ${fmt(first.timings.engineMs)})`,
        '≤ 15 ms',
      ],
      [`background analyze, ${opts.links}-link newsletter (${(inbox.bodyBytes / 1024).toFixed(0)} KB mail HTML), report.elapsedMs median of ${analyses.length}`, `${fmt(median(analyses))} ms`, '≤ 1.5 ms wasm for 100 links + 50 KB'],
      [`message inserted → banner drawn, ${opts.links}-link newsletter, warm worker, median of ${warm.length}`, `${fmt(median(warm))} ms (min ${fmt(Math.min(...warm))}, max ${fmt(Math.max(...warm))})`, '≤ 50 ms'],
      [`message inserted → banner drawn, cold worker (stopped just before), median of ${cold.length}`, `${fmt(median(cold))} ms (min ${fmt(Math.min(...cold))}, max ${fmt(Math.max(...cold))})`, '≤ 150 ms'],
      [
        `content script per mutation batch, ${rowsInPage}-row inbox scrolled, no message open (${noMessage.batches} batches)`,
        `${fmt(noMessage.perBatchMs)} ms (${fmt(noMessage.extensionMs)} ms in all)`,
        'no work per mutation outside message containers',
      ],
      [
        `long tasks while scrolling, no message open`,
        `${noMessage.longtasks} (longest ${fmt(noMessage.longestMs)} ms); without the extension ${base.noMessage.longtasks} (longest ${fmt(base.noMessage.longestMs)} ms)`,
        'no long task',
      ],
      [
        `content script per mutation batch, same scroll, newsletter open (${withMessage.batches} batches)`,
        `${fmt(withMessage.perBatchMs)} ms (${fmt(withMessage.extensionMs)} ms in all)`,
        '',
      ],
      [
        `long tasks while scrolling, newsletter open`,
        `${withMessage.longtasks} (longest ${fmt(withMessage.longestMs)} ms); without the extension ${base.withMessage.longtasks} (longest ${fmt(base.withMessage.longestMs)} ms)`,
        '',
      ],
    ];
    const lines = ['| browser benchmark (Chromium ' + browser.context.browser().version() + ') | measured | budget |', '|---|---:|---|'];
    for (const [what, value, budget] of rows) lines.push(`| ${what} | ${value} | ${budget} |`);
    lines.push('');
    lines.push(
      `First message (page load included): checked "${firstState.checked}". Warm runs: ${warm.map(fmt).join(', ')} ms. Cold runs: ${cold.map(fmt).join(', ')} ms. ` +
        `Scrolls (${opts.scrollSteps} frames): ${fmt(noMessage.wallMs)} ms with no message open, ${fmt(withMessage.wallMs)} ms with the newsletter open; ` +
        `without the extension ${fmt(base.noMessage.wallMs)} and ${fmt(base.withMessage.wallMs)} ms.` +
        (errors.length ? ` Page errors: ${errors.join(' | ')}` : ''),
    );
    const table = lines.join('\n');
    console.log(table);
    mkdirSync(opts.out, { recursive: true });
    writeFileSync(join(opts.out, 'browser.md'), `${table}\n`);
    writeFileSync(
      join(opts.out, 'browser.json'),
      `${JSON.stringify({ chromium: browser.context.browser().version(), opts, warm, cold, startups, firstStart: first.timings, analyses, scroll: { noMessage, withMessage, withoutExtension: base } }, null, 2)}\n`,
    );
    console.error(`written: ${join(opts.out, 'browser.md')}, browser.json`);
  } finally {
    await browser?.close();
    await srv?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`browser-bench: ${e.stack ?? e}`);
  process.exit(1);
});
