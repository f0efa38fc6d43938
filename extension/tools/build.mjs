#!/usr/bin/env node
// Builds the unpacked extensions from the root manifest.json and extension/:
//   node extension/tools/build.mjs --version X --wasm target/wasm --out target/extension [--dist target/dist]
// writes OUT/{chrome,firefox,chrome-test,firefox-test}/ and, with --dist, the store packages
// DIST/vigie-X-chrome.zip and DIST/vigie-X-firefox.xpi (made with the `zip` command).
// Layout and keys: /tmp/contract.md "Build". Nothing here touches the network.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const EXTENSION_DIR = resolve(HERE, '..');
export const ROOT_DIR = resolve(EXTENSION_DIR, '..');

export const GECKO_ID = 'vigie@vigie.invalid';
export const TEST_MATCHES = ['http://127.0.0.1/*', 'http://localhost/*'];
export const TARGETS = {
  chrome: { browser: 'chrome', test: false },
  firefox: { browser: 'firefox', test: false },
  'chrome-test': { browser: 'chrome', test: true },
  'firefox-test': { browser: 'firefox', test: true },
};
// What is shipped from extension/ (dev tools, tests and node_modules are not).
const SHIPPED = ['background.js', 'background', 'content', 'shared', 'popup', 'options', 'icons'];
// What background.js needs loaded first, in order (its importScripts list in Chrome).
export const BACKGROUND_PARTS = ['wasm/vigie.js', 'shared/settings.js', 'background/correspondents.js', 'background/hosts.js', 'background/tabs.js'];
// Glue files made by `wasm-bindgen --target no-modules --out-name vigie`.
const WASM_FILES = ['vigie.js', 'vigie_bg.wasm'];
const GLUE_HEAD = 'let wasm_bindgen = (function(exports) {';

/** Chrome wants 1-4 dot-separated integers; "0.2.0-beta.1" ships as 0.2.0 (+ version_name). */
export function numericVersion(version) {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?/.exec(String(version));
  if (!m) throw new Error(`not a version: ${version}`);
  return m.slice(1).filter((p) => p !== undefined).map((p) => String(Number(p))).join('.');
}

/** The manifest of one target, from the root (Chrome-style) manifest. Pure: tests call it. */
export function manifestFor(base, target, version) {
  const spec = TARGETS[target];
  if (!spec) throw new Error(`unknown target ${target}`);
  const m = structuredClone(base);
  m.version = numericVersion(version);
  if (spec.browser === 'chrome' && m.version !== version) m.version_name = version;

  const contentScripts = m.content_scripts ?? [];
  if (spec.test) {
    // The demo webmail and the browser tests serve pages from 127.0.0.1/localhost; all frames,
    // because the Roundcube preview is a same-origin iframe.
    const js = contentScripts[0]?.js ?? [];
    contentScripts.push({ matches: [...TEST_MATCHES], js: [...js], run_at: 'document_idle', all_frames: true });
    m.host_permissions = [...new Set([...(m.host_permissions ?? []), ...TEST_MATCHES])];
  }
  m.content_scripts = contentScripts;

  if (spec.browser === 'chrome') {
    m.background = { service_worker: 'background.js' };
    delete m.browser_specific_settings;
  } else {
    // Firefox has no extension service worker: an event page loads the glue, the settings
    // module and the background's parts (Chrome's worker importScripts them), then the script.
    m.background = { scripts: [...BACKGROUND_PARTS, 'background.js'] };
    delete m.minimum_chrome_version;
    m.browser_specific_settings = {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    };
  }
  return m;
}

/**
 * The wasm-bindgen glue keeps one instance per evaluation and cannot be evaluated twice
 * (`let wasm_bindgen`). Wrap it, unchanged, in a factory so that the background can make a
 * fresh instance after a trap (`vigieGlue()`); `wasm_bindgen` is still defined as before.
 */
export function wrapGlue(glue) {
  if (!glue.startsWith(GLUE_HEAD)) {
    throw new Error(`unexpected wasm-bindgen glue (expected it to start with "${GLUE_HEAD}")`);
  }
  return [
    '// wasm-bindgen --target no-modules glue, unchanged between the two marker lines; wrapped by',
    '// extension/tools/build.mjs in a factory so the background can re-instantiate after a trap.',
    'function vigieGlue() {',
    '// ---- begin wasm-bindgen glue',
    'return (function(exports) {' + glue.slice(GLUE_HEAD.length),
    '// ---- end wasm-bindgen glue',
    '}',
    'let wasm_bindgen = vigieGlue();',
    '',
  ].join('\n');
}

function copyShipped(dest) {
  for (const name of SHIPPED) {
    const src = join(EXTENSION_DIR, name);
    if (!existsSync(src)) continue;
    cpSync(src, join(dest, name), {
      recursive: true,
      filter: (p) => !/(^|\/)(\.|node_modules$)|\.test\.js$|~$/.test(relative(EXTENSION_DIR, p)),
    });
  }
}

/**
 * Messages of each locale: messages.json plus any other *.json in the same folder (a part kept
 * in its own file, e.g. popup-options.json of the popup and options pages), merged into the one
 * messages.json browsers read. The same key in two files must say the same thing.
 */
export function mergedLocales(localesDir = join(EXTENSION_DIR, '_locales')) {
  const out = {};
  for (const lang of readdirSync(localesDir).sort()) {
    const dir = join(localesDir, lang);
    if (!statSync(dir).isDirectory()) continue;
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort((a, b) => (a === 'messages.json' ? -1 : b === 'messages.json' ? 1 : a.localeCompare(b)));
    const merged = {};
    for (const f of files) {
      let messages;
      try {
        messages = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      } catch (e) {
        throw new Error(`_locales/${lang}/${f}: ${e.message}`);
      }
      for (const [key, value] of Object.entries(messages)) {
        if (key in merged && JSON.stringify(merged[key]) !== JSON.stringify(value)) {
          throw new Error(`_locales/${lang}: "${key}" differs between files`);
        }
        merged[key] = value;
      }
    }
    if (files.length) out[lang] = merged;
  }
  return out;
}

function writeLocales(dest) {
  for (const [lang, messages] of Object.entries(mergedLocales())) {
    mkdirSync(join(dest, '_locales', lang), { recursive: true });
    writeFileSync(join(dest, '_locales', lang, 'messages.json'), JSON.stringify(messages, null, 2) + '\n');
  }
}

function copyWasm(wasmDir, dest) {
  mkdirSync(join(dest, 'wasm'), { recursive: true });
  for (const f of WASM_FILES) {
    const src = join(wasmDir, f);
    if (!existsSync(src)) throw new Error(`missing ${src}: build the wasm first (make build)`);
  }
  writeFileSync(join(dest, 'wasm', 'vigie.js'), wrapGlue(readFileSync(join(wasmDir, 'vigie.js'), 'utf8')));
  cpSync(join(wasmDir, 'vigie_bg.wasm'), join(dest, 'wasm', 'vigie_bg.wasm'));
}

/** Checks that every file the manifest names exists in the build. */
export function missingFiles(dir, manifest) {
  const files = [
    ...Object.values(manifest.icons ?? {}),
    ...Object.values(manifest.action?.default_icon ?? {}),
    manifest.action?.default_popup,
    manifest.options_ui?.page,
    manifest.background?.service_worker,
    ...(manifest.background?.scripts ?? []),
    ...(manifest.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]),
  ].filter(Boolean);
  return [...new Set(files)].filter((f) => !existsSync(join(dir, f)));
}

export function buildTarget({ target, version, wasmDir, outDir, base }) {
  const dest = join(outDir, target);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  copyShipped(dest);
  writeLocales(dest);
  copyWasm(wasmDir, dest);
  const manifest = manifestFor(base, target, version);
  writeFileSync(join(dest, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const missing = missingFiles(dest, manifest);
  if (missing.length) console.warn(`build ${target}: files named by the manifest are missing: ${missing.join(', ')}`);
  return dest;
}

function listFiles(dir, prefix = '') {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const rel = prefix ? `${prefix}/${name}` : name;
      return statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name), rel) : [rel];
    });
}

/** A store package: files in sorted order, no directory entries, no extra attributes. */
export function zipDir(dir, file) {
  rmSync(file, { force: true });
  mkdirSync(dirname(file), { recursive: true });
  // Sorted as whole paths (`background.js` before `background/hosts.js`), not folder by folder.
  const files = listFiles(dir).sort();
  execFileSync('zip', ['-q', '-X', '-D', '-9', resolve(file), ...files], { cwd: dir, stdio: 'inherit' });
  return file;
}

function parseArgs(argv) {
  const args = { targets: Object.keys(TARGETS) };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${key} needs a value`);
      return argv[++i];
    };
    if (key === '--version') args.version = value();
    else if (key === '--wasm') args.wasm = value();
    else if (key === '--out') args.out = value();
    else if (key === '--dist') args.dist = value();
    else if (key === '--targets') args.targets = value().split(',');
    else throw new Error(`unknown argument ${key}`);
  }
  for (const k of ['version', 'wasm', 'out']) if (!args[k]) throw new Error(`--${k} is required`);
  for (const t of args.targets) if (!TARGETS[t]) throw new Error(`unknown target ${t}`);
  return args;
}

export function main(argv) {
  const args = parseArgs(argv);
  const base = JSON.parse(readFileSync(join(ROOT_DIR, 'manifest.json'), 'utf8'));
  for (const target of args.targets) {
    const dest = buildTarget({ target, version: args.version, wasmDir: args.wasm, outDir: args.out, base });
    console.log(`built ${relative(process.cwd(), dest) || dest}`);
  }
  if (args.dist) {
    for (const [target, ext] of [['chrome', 'zip'], ['firefox', 'xpi']]) {
      const dir = join(args.out, target);
      if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`--dist needs the ${target} build`);
      const file = zipDir(dir, join(args.dist, `vigie-${args.version}-${target}.${ext}`));
      console.log(`packed ${relative(process.cwd(), file) || file}`);
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`build.mjs: ${e.message}`);
    process.exit(1);
  }
}
