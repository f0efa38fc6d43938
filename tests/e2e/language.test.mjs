// The banner speaks the browser's language (Chromium, production build on the Gmail URL).
//
// How the text is read: the banner lives in a closed shadow root, and its host attributes
// (data-vigie-verdict, data-vigie-findings) are language-neutral on purpose. So the test reads
// the shadow root's text through CDP `DOM.getDocument({depth: -1, pierce: true})`, which returns
// closed roots, and compares it with the extension's own _locales/<lang>/messages.json.
//
// How the language is set: `--lang=<lang>` (chrome.i18n follows it) plus the page locale.
// Debian's chromium ships only the en-US UI pack (chromium-l10n adds the others): without it
// chrome.i18n.getMessage still answers in <lang>, but chrome.i18n.getUILanguage() stays "en-US".
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startServer } from '../webmail/server.mjs';
import {
  SAMPLES,
  artifactDir,
  closedShadowText,
  describe as describeState,
  extensionDir,
  extensionMessages,
  launchChromium,
  openAndCheck,
  routeGmail,
  verdictProblems,
} from './lib/browsers.mjs';

const SHOTS = artifactDir('language');
const LANGS = [
  ['fr', 'fr-BE'],
  ['nl', 'nl-BE'],
  ['de', 'de-DE'],
];

/** Spaces as the DOM text has them after CDP collection (NBSP and narrow NBSP are spaces). */
const norm = (s) => s.replace(/\s+/g, ' ').trim();

/**
 * English pieces of text in a translated banner: the literal parts (between placeholders) of
 * every English message that the translation does not share, 12 characters or longer.
 */
function englishLeaks(text, en, local) {
  const leaks = [];
  for (const [key, m] of Object.entries(en)) {
    if (key.startsWith('@@') || !m?.message || local[key]?.message === m.message) continue;
    for (const piece of m.message.split(/\$[A-Za-z0-9_]+\$|\$\d/)) {
      const p = norm(piece);
      if (p.length >= 12 && text.includes(p) && !norm(local[key]?.message ?? '').includes(p)) leaks.push(`${key}: "${p}"`);
    }
  }
  return leaks;
}

describe('banner language follows the browser (Chromium --lang)', () => {
  for (const [lang, locale] of LANGS) {
    test(`--lang=${lang}: the banner is in ${lang}`, { timeout: 90000 }, async (t) => {
      const ext = extensionDir('chrome');
      const local = extensionMessages('chrome', lang);
      const en = extensionMessages('chrome', 'en');
      for (const key of ['banner_kicker_danger', 'banner_why', 'banner_dismiss']) {
        assert.ok(local[key]?.message, `_locales/${lang}/messages.json has no ${key}`);
      }
      const srv = await startServer({ sources: [SAMPLES] });
      t.after(() => srv.close());
      const browser = await launchChromium({ extension: ext, lang, locale });
      t.after(() => browser.close());
      await routeGmail(browser.context, srv);

      let page;
      try {
        const r = await openAndCheck(browser.context, 'https://mail.google.com/mail/u/0/#inbox/fr-proximus-fake-appointment');
        page = r.page;
        assert.deepEqual(verdictProblems(r.state, 'danger'), [], describeState(r.state));
        const shadow = await closedShadowText(page, 'vigie-banner');
        assert.ok(shadow, 'no vigie-banner in the CDP document');
        assert.equal(shadow.mode, 'closed', 'the banner uses a closed shadow root');
        t.diagnostic(`banner text (${lang}): ${shadow.text}`);
        const text = norm(shadow.text);
        for (const key of ['banner_kicker_danger', 'banner_why', 'banner_dismiss']) {
          assert.ok(text.includes(norm(local[key].message)), `${key} in ${lang} ("${local[key].message}") not in the banner: ${shadow.text}`);
        }
        const leaks = englishLeaks(text, en, local);
        assert.deepEqual(leaks, [], `English text in the ${lang} banner: ${shadow.text}`);
      } catch (e) {
        page ??= e.page;
        throw e;
      } finally {
        if (page) await page.screenshot({ path: join(SHOTS, `fr-proximus-fake-appointment.${lang}.png`) }).catch(() => {});
      }
    });
  }
});
