'use strict';
// tools/build.mjs: the manifest of each target (service worker vs event page, gecko settings,
// the test builds' extra matches), version stamping, the glue factory, the locale merge, and a
// whole build with store packages from a stand-in wasm.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { manifest } = require('./support/fake-browser');

const build = () => import('../tools/build.mjs');
const WEBMAILS = [
  'https://mail.google.com/*',
  'https://outlook.live.com/*',
  'https://outlook.office.com/*',
  'https://outlook.office365.com/*',
  'https://mail.yahoo.com/*',
  'https://mail.proton.me/*',
];

test('root manifest: MV3, localized, the permissions it uses and no more', () => {
  const m = manifest();
  assert.equal(m.manifest_version, 3);
  assert.equal(m.name, '__MSG_extName__');
  assert.equal(m.default_locale, 'en');
  assert.deepEqual(m.permissions.sort(), ['scripting', 'storage']);
  assert.equal(m.host_permissions, undefined);
  assert.equal(m.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.deepEqual(m.content_scripts.flatMap((c) => c.matches), WEBMAILS);
  assert.equal(m.action.default_popup, 'popup/popup.html');
  assert.equal(m.options_ui.page, 'options/options.html');
  assert.deepEqual(Object.keys(m.icons), ['16', '32', '48', '128']);
  assert.equal(m.web_accessible_resources, undefined, 'nothing is exposed to pages');
});

test('chrome: a service worker, no Firefox keys, version stamped', async () => {
  const { manifestFor } = await build();
  const m = manifestFor(manifest(), 'chrome', '1.2.3');
  assert.deepEqual(m.background, { service_worker: 'background.js' });
  assert.equal(m.browser_specific_settings, undefined);
  assert.equal(m.version, '1.2.3');
  assert.equal(m.version_name, undefined);
  assert.deepEqual(m.content_scripts.flatMap((c) => c.matches), WEBMAILS);
});

test('firefox: an event page with the glue first, gecko settings, no Chrome-only keys', async () => {
  const { manifestFor } = await build();
  const m = manifestFor(manifest(), 'firefox', '1.2.3');
  assert.deepEqual(m.background, {
    scripts: ['wasm/vigie.js', 'shared/settings.js', 'background/correspondents.js', 'background/hosts.js', 'background/tabs.js', 'background.js'],
  });
  assert.deepEqual(m.browser_specific_settings, {
    gecko: { id: 'vigie@vigie.invalid', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
    gecko_android: { strict_min_version: '142.0' },
  });
  assert.equal(m.minimum_chrome_version, undefined);
});

test('test builds: content scripts and host permissions for 127.0.0.1 and localhost, in all frames', async () => {
  const { manifestFor } = await build();
  for (const target of ['chrome-test', 'firefox-test']) {
    const m = manifestFor(manifest(), target, '0.1.0');
    const extra = m.content_scripts.find((c) => c.matches.includes('http://127.0.0.1/*'));
    assert.deepEqual(extra.matches, ['http://127.0.0.1/*', 'http://localhost/*']);
    assert.equal(extra.all_frames, true);
    assert.deepEqual(extra.js, manifest().content_scripts[0].js);
    assert.deepEqual(m.host_permissions, ['http://127.0.0.1/*', 'http://localhost/*']);
    assert.deepEqual(m.content_scripts[0].matches, WEBMAILS);
  }
  assert.equal(manifestFor(manifest(), 'chrome-test', '0.1.0').background.service_worker, 'background.js');
  assert.equal(manifestFor(manifest(), 'firefox-test', '0.1.0').background.scripts[0], 'wasm/vigie.js');
  for (const target of ['chrome', 'firefox']) {
    const m = manifestFor(manifest(), target, '0.1.0');
    assert.ok(!m.content_scripts.some((c) => c.matches.includes('http://127.0.0.1/*')));
    assert.equal(m.host_permissions, undefined);
  }
});

test('versions: Chrome gets numbers (and the full name), Firefox numbers only', async () => {
  const { manifestFor, numericVersion } = await build();
  assert.equal(numericVersion('0.2.0-beta.1'), '0.2.0');
  assert.equal(numericVersion('01.2'), '1.2');
  assert.throws(() => numericVersion('beta'));
  const c = manifestFor(manifest(), 'chrome', '0.2.0-beta.1');
  assert.deepEqual([c.version, c.version_name], ['0.2.0', '0.2.0-beta.1']);
  const f = manifestFor(manifest(), 'firefox', '0.2.0-beta.1');
  assert.deepEqual([f.version, f.version_name], ['0.2.0', undefined]);
});

test('the glue is wrapped unchanged in a factory; an unknown glue is refused', async () => {
  const { wrapGlue } = await build();
  const glue = 'let wasm_bindgen = (function(exports) {\n  return exports;\n})({ __proto__: null });\n';
  const wrapped = wrapGlue(glue);
  assert.ok(wrapped.includes('return (function(exports) {\n  return exports;\n})({ __proto__: null });'));
  const vm = require('node:vm');
  const ctx = vm.createContext({});
  vm.runInContext(wrapped, ctx);
  assert.equal(vm.runInContext('typeof vigieGlue', ctx), 'function');
  assert.equal(vm.runInContext('typeof wasm_bindgen', ctx), 'object');
  assert.equal(vm.runInContext('vigieGlue() !== vigieGlue()', ctx), true, 'a new glue object each time');
  assert.throws(() => wrapGlue('export default function init() {}'), /unexpected wasm-bindgen glue/);
});

test('locale parts are merged; the same key saying two things is an error', async () => {
  const { mergedLocales } = await build();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-locales-'));
  fs.mkdirSync(path.join(dir, 'en'));
  fs.writeFileSync(path.join(dir, 'en', 'messages.json'), JSON.stringify({ a: { message: 'A' } }));
  fs.writeFileSync(path.join(dir, 'en', 'popup-options.json'), JSON.stringify({ b: { message: 'B' }, a: { message: 'A' } }));
  assert.deepEqual(Object.keys(mergedLocales(dir).en).sort(), ['a', 'b']);
  fs.writeFileSync(path.join(dir, 'en', 'popup-options.json'), JSON.stringify({ a: { message: 'other' } }));
  assert.throws(() => mergedLocales(dir), /"a" differs/);
  fs.rmSync(dir, { recursive: true });
});

test('a whole build and the store packages, from a stand-in wasm', async () => {
  const { main } = await build();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-build-'));
  const wasm = path.join(tmp, 'wasm');
  fs.mkdirSync(wasm);
  fs.writeFileSync(path.join(wasm, 'vigie.js'), 'let wasm_bindgen = (function(exports) {\n})({ __proto__: null });\n');
  fs.writeFileSync(path.join(wasm, 'vigie_bg.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  const out = path.join(tmp, 'out');
  const dist = path.join(tmp, 'dist');
  const log = console.log;
  console.log = () => {};
  try {
    main(['--version', '9.8.7', '--wasm', wasm, '--out', out, '--dist', dist]);
  } finally {
    console.log = log;
  }
  for (const target of ['chrome', 'firefox', 'chrome-test', 'firefox-test']) {
    const dir = path.join(out, target);
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    assert.equal(m.version, '9.8.7');
    for (const f of ['background.js', 'background/correspondents.js', 'background/hosts.js', 'background/tabs.js', 'wasm/vigie.js', 'wasm/vigie_bg.wasm', 'shared/settings.js', 'content/main.js', 'icons/icon-128.png', '_locales/en/messages.json']) {
      assert.ok(fs.existsSync(path.join(dir, f)), `${target}/${f}`);
    }
    for (const f of ['test', 'tools', 'node_modules', 'package.json', '_locales/en/popup-options.json']) {
      assert.ok(!fs.existsSync(path.join(dir, f)), `${target}/${f} must not ship`);
    }
    assert.match(fs.readFileSync(path.join(dir, 'wasm/vigie.js'), 'utf8'), /function vigieGlue\(\)/);
  }
  const en = JSON.parse(fs.readFileSync(path.join(out, 'chrome', '_locales', 'en', 'messages.json'), 'utf8'));
  assert.ok('extName' in en && 'banner_trust' in en);
  const listing = (f) => execFileSync('unzip', ['-Z1', f], { encoding: 'utf8' }).trim().split('\n');
  const zip = listing(path.join(dist, 'vigie-9.8.7-chrome.zip'));
  const xpi = listing(path.join(dist, 'vigie-9.8.7-firefox.xpi'));
  assert.ok(zip.includes('manifest.json') && zip.includes('wasm/vigie_bg.wasm'));
  assert.ok(xpi.includes('manifest.json') && !xpi.some((f) => f.endsWith('/')), 'files at the root, no directory entries');
  assert.deepEqual(xpi, [...xpi].sort());
  fs.rmSync(tmp, { recursive: true });
});
