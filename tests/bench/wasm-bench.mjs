#!/usr/bin/env node
// The engine in WebAssembly under Node: the same calls as the criterion benchmarks
// (benches/engine.rs), engine start-up (compile + instantiate + new WasmEngine, each in a fresh
// process, as at a service-worker wake), the size of the wasm and its glue (raw and gzipped),
// and `vigie scan` messages per second on tests/samples. Prints one markdown table; with the
// criterion results (target/criterion, or --criterion DIR) it adds the native figures and the
// wasm/native ratio. Figures only: exits non-zero only when something cannot run.
//
//   node tests/bench/wasm-bench.mjs [--wasm target/wasm] [--criterion target/criterion]
//        [--cli target/release/vigie] [--repeat 50] [--quick] [--out target/bench]
//
// The glue is `wasm-bindgen --target no-modules` output: a classic script that declares a
// global `wasm_bindgen`. It is evaluated in a fresh vm context, then initialised with the
// wasm bytes (or a compiled module).

import { readFileSync, writeFileSync, mkdirSync, existsSync, mkdtempSync, copyFileSync, readdirSync, rmSync } from 'node:fs';
import { join, dirname, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import vm from 'node:vm';
import { MESSAGES, syntheticMessage, configWithCorrespondents } from './synthetic.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function parseArgs(argv) {
  const o = {
    wasm: join(ROOT, 'target/wasm'),
    criterion: join(ROOT, 'target/criterion'),
    cli: join(ROOT, 'target/release/vigie'),
    repeat: 50,
    quick: false,
    out: join(ROOT, 'target/bench'),
    startupChild: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--wasm') o.wasm = resolve(val());
    else if (a === '--criterion') o.criterion = resolve(val());
    else if (a === '--cli') o.cli = resolve(val());
    else if (a === '--repeat') o.repeat = Number(val());
    else if (a === '--out') o.out = resolve(val());
    else if (a === '--quick') o.quick = true;
    else if (a === '--startup-child') o.startupChild = val();
    else if (a === '--help' || a === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 11).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

// ---------------------------------------------------------------------------- loading

/**
 * Evaluate the no-modules glue and return its `wasm_bindgen`. The script is wrapped in a function
 * so that its top-level `let wasm_bindgen` is local: each call gives a fresh, uninitialised copy,
 * in this realm (the glue compares prototypes with this realm's `Object.prototype`).
 */
function loadGlue(glueSource) {
  return vm.runInThisContext(`(function () {\n${glueSource}\n;return wasm_bindgen;\n})()`, { filename: 'vigie.js' });
}

function readWasm(dir) {
  const gluePath = join(dir, 'vigie.js');
  const wasmPath = join(dir, 'vigie_bg.wasm');
  if (!existsSync(gluePath) || !existsSync(wasmPath)) {
    throw new Error(`no wasm build in ${dir} (vigie.js + vigie_bg.wasm): run \`make build\` first`);
  }
  return { gluePath, wasmPath, glue: readFileSync(gluePath, 'utf8'), bytes: readFileSync(wasmPath) };
}

// ---------------------------------------------------------------------------- timing

const now = () => performance.now();

/**
 * Time `fn`: warm up, then samples of `iters` calls each (iters chosen so a sample lasts about
 * `sampleMs`). Returns per-call times in ms: median, mean, min, and the number of calls.
 */
function measure(fn, { sampleMs = 20, samples = 30, warmupMs = 300, maxTotalMs = 8000 } = {}) {
  let iters = 1;
  const warmStart = now();
  let calls = 0;
  while (now() - warmStart < warmupMs || calls < 2) {
    fn();
    calls++;
  }
  const perCall = (now() - warmStart) / calls;
  iters = Math.max(1, Math.round(sampleMs / Math.max(perCall, 1e-6)));
  const times = [];
  const start = now();
  for (let s = 0; s < samples; s++) {
    const t0 = now();
    for (let i = 0; i < iters; i++) fn();
    times.push((now() - t0) / iters);
    if (now() - start > maxTotalMs && times.length >= 5) break;
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { median: times[Math.floor(times.length / 2)], mean, min: times[0], calls: times.length * iters };
}

// ---------------------------------------------------------------------------- start-up (child)

/** One cold start in this process: compile, instantiate, build the engine(s). Prints JSON. */
async function startupChild(dir, which) {
  const { glue, bytes } = readWasm(dir);
  // The glue tests `module_or_path instanceof Request`; Node builds `Request` (its fetch
  // implementation) on first access, ~20 ms that a browser never pays. Touch it first.
  void globalThis.Request;
  const t0 = now();
  const module = await WebAssembly.compile(bytes);
  const t1 = now();
  const wb = loadGlue(glue);
  await wb({ module_or_path: module });
  const t2 = now();
  const config = which === 'correspondents' ? configWithCorrespondents(5000) : undefined;
  const engine = new wb.WasmEngine(config);
  const t3 = now();
  const protectedCount = engine.protectedCount();
  const report = engine.analyzeMessage(syntheticMessage(10, 5 * 1024));
  const t4 = now();
  process.stdout.write(JSON.stringify({
    compile: t1 - t0, instantiate: t2 - t1, engine: t3 - t2, total: t3 - t0, firstMessage: t4 - t3,
    protectedCount, verdict: report.verdict,
  }));
}

function startup(opts, which, runs) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--wasm', opts.wasm, '--startup-child', which], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`start-up child failed: ${r.stderr}`);
    results.push(JSON.parse(r.stdout));
  }
  const med = (k) => {
    const v = results.map((r) => r[k]).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)];
  };
  return {
    compile: med('compile'), instantiate: med('instantiate'), engine: med('engine'), total: med('total'),
    firstMessage: med('firstMessage'), protectedCount: results[0].protectedCount, runs,
  };
}

// ---------------------------------------------------------------------------- native figures

/** Median per-iteration time (ms) of a criterion benchmark, or null. */
function criterionMs(dir, id) {
  const f = join(dir, ...id.split('/'), 'new', 'estimates.json');
  if (!existsSync(f)) return null;
  const e = JSON.parse(readFileSync(f, 'utf8'));
  const ns = (e.median ?? e.mean).point_estimate;
  return ns / 1e6;
}

// ---------------------------------------------------------------------------- CLI throughput

function cliThroughput(opts) {
  if (!existsSync(opts.cli)) return { skipped: `no ${opts.cli} (cargo build --release --bin vigie)` };
  const samplesDir = join(ROOT, 'tests/samples');
  const files = readdirSync(samplesDir).filter((f) => f.endsWith('.eml')).sort();
  const tmp = mkdtempSync(join(tmpdir(), 'vigie-bench-'));
  try {
    const paths = [];
    for (let r = 0; r < opts.repeat; r++) {
      for (const f of files) {
        const p = join(tmp, `${r}-${f}`);
        copyFileSync(join(samplesDir, f), p);
        paths.push(p);
      }
    }
    const run = (args) => {
      const t0 = now();
      const r = spawnSync(opts.cli, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
      const ms = now() - t0;
      if (r.status !== 0) throw new Error(`vigie ${args[0]} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
      return ms;
    };
    run(['scan', '--json', paths[0]]); // warm the page cache
    const one = Math.min(...[0, 1, 2].map(() => run(['scan', '--json', paths[0]])));
    const all = Math.min(...[0, 1, 2].map(() => run(['scan', '--json', ...paths])));
    return {
      files: files.length,
      messages: paths.length,
      oneMs: one,
      allMs: all,
      perSecond: paths.length / (all / 1000),
      perSecondNoStartup: (paths.length - 1) / (Math.max(all - one, 1e-3) / 1000),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------- main

const fmtMs = (ms) => {
  if (ms == null) return '–';
  if (ms < 0.001) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
};
const fmtKB = (n) => `${(n / 1024).toFixed(1)} KB`;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.startupChild) return startupChild(opts.wasm, opts.startupChild);

  const { glue, bytes, wasmPath, gluePath } = readWasm(opts.wasm);
  const haveNative = existsSync(opts.criterion);
  const rows = [];
  const row = (what, id, wasmMs, budget = '', note = '') => {
    const nativeMs = haveNative && id ? criterionMs(opts.criterion, id) : null;
    rows.push({ what, id, nativeMs, wasmMs, ratio: nativeMs && wasmMs ? wasmMs / nativeMs : null, budget, note });
    const r = rows[rows.length - 1];
    console.error(`  ${what}: native ${fmtMs(r.nativeMs)}, wasm ${fmtMs(wasmMs)}${r.ratio ? `, x${r.ratio.toFixed(2)}` : ''}`);
  };

  // Sizes.
  const sizes = {
    wasm: bytes.length,
    wasmGz: gzipSync(bytes, { level: 9 }).length,
    glue: Buffer.byteLength(glue),
    glueGz: gzipSync(Buffer.from(glue), { level: 9 }).length,
  };
  console.error(`sizes: ${basename(wasmPath)} ${sizes.wasm} B (${sizes.wasmGz} gz), ${basename(gluePath)} ${sizes.glue} B (${sizes.glueGz} gz)`);

  // Start-up, each in a fresh process.
  const runs = opts.quick ? 3 : 9;
  console.error(`engine start-up in wasm (${runs} fresh processes each)...`);
  const cold = startup(opts, 'default', runs);
  const coldCorr = startup(opts, 'correspondents', runs);

  // Warm calls, in this process.
  const wb = loadGlue(glue);
  await wb({ module_or_path: bytes });
  const engine = new wb.WasmEngine(undefined);
  const m = opts.quick ? { samples: 10, warmupMs: 100, maxTotalMs: 2000 } : {};

  console.error('timing calls (native figures from criterion where available):');
  row('engine start (compile + instantiate + Engine::new), default', 'engine_new/default', cold.total, '≤ 15 ms',
    `wasm: compile ${fmtMs(cold.compile)} + instantiate ${fmtMs(cold.instantiate)} + engine ${fmtMs(cold.engine)}; native: Engine::new only`);
  row('engine start, 5,000 correspondents', 'engine_new/5000_correspondents', coldCorr.total, '',
    `wasm engine part ${fmtMs(coldCorr.engine)}`);
  const corrConfig = configWithCorrespondents(5000);
  const newDefault = measure(() => new wb.WasmEngine(undefined).free(), m);
  row('Engine::new only (warm module), default', 'engine_new/default', newDefault.median);
  const newCorr = measure(() => new wb.WasmEngine(corrConfig).free(), { ...m, sampleMs: 50 });
  row('Engine::new only (warm module), 5,000 correspondents', 'engine_new/5000_correspondents', newCorr.median);

  row('check_domain hit (proxirnus.be)', 'check_domain/hit', measure(() => engine.checkDomain('proxirnus.be'), m).median, '≤ 5 µs native');
  row('check_domain miss (wikipedia.org)', 'check_domain/miss', measure(() => engine.checkDomain('wikipedia.org'), m).median, '≤ 5 µs native');
  row('check_link, text/destination mismatch', 'check_link/mismatch', measure(() => engine.checkLink(
    'https://rdv-conseil.contactcenter.be/confirm?id=88412', 'www.proximus.be', 'ServiceclienteleProximus@contactcenter.be'), m).median);
  row('check_link, Safe Links wrapped', 'check_link/safelinks', measure(() => engine.checkLink(
    'https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Faccount-check.co%2Flogin&data=05',
    'https://login.microsoftonline.com', undefined), m).median);
  row('check_sender, impersonation', 'check_sender/impersonation', measure(() => engine.checkSender(
    '"Service clientèle Proximus" <ServiceclienteleProximus@contactcenter.be>'), m).median);

  for (const [id, links, size] of MESSAGES) {
    const msg = syntheticMessage(links, size);
    const report = engine.analyzeMessage(msg);
    console.error(`  analyze_message/${id}: ${msg.bodyHtml.length} bytes of HTML, ${report.links.length} link reports, ` +
      `verdict ${report.verdict}, partly checked ${report.partlyChecked ?? report.partly_checked}`);
    const big = size >= 1024 * 1024;
    const t = measure(() => engine.analyzeMessage(msg), big ? { ...m, sampleMs: 0, samples: opts.quick ? 3 : 10, warmupMs: 0 } : m);
    const budget = id === '100_links_50KB' ? '≤ 0.3 ms native / ≤ 1.5 ms wasm' : id.startsWith('10000') ? 'bounded, partly checked' : '';
    row(`analyze_message ${id.replaceAll('_', ' ')}`, `analyze_message/${id}`, t.median, budget,
      `${fmtKB(msg.bodyHtml.length)} HTML; wasm includes JS↔wasm conversion of message and report`);
  }

  console.error('vigie scan throughput...');
  const cli = cliThroughput(opts);

  // ------------------------------------------------------------------ the table
  const lines = [];
  lines.push('| benchmark | native | wasm (Node ' + process.versions.node + ') | wasm / native | budget |');
  lines.push('|---|---:|---:|---:|---|');
  for (const r of rows) {
    lines.push(`| ${r.what} | ${fmtMs(r.nativeMs)} | ${fmtMs(r.wasmMs)} | ${r.ratio ? `×${r.ratio.toFixed(2)}` : '–'} | ${r.budget} |`);
  }
  const total = sizes.wasmGz + sizes.glueGz;
  lines.push(`| size: vigie_bg.wasm | | ${fmtKB(sizes.wasm)} raw, ${fmtKB(sizes.wasmGz)} gzip | | |`);
  lines.push(`| size: vigie.js (glue) | | ${fmtKB(sizes.glue)} raw, ${fmtKB(sizes.glueGz)} gzip | | |`);
  lines.push(`| size: wasm + glue, gzip | | ${fmtKB(total)} | | ≤ 400 KB${total > 400 * 1024 ? ' (over)' : ''} |`);
  if (cli.skipped) {
    lines.push(`| vigie scan, messages per second | skipped: ${cli.skipped} | | | |`);
  } else {
    lines.push(`| vigie scan --json, ${cli.messages} messages (tests/samples × ${opts.repeat}), one process | ` +
      `${Math.round(cli.perSecond)} msg/s (${fmtMs(cli.allMs)} in all) | | | |`);
    lines.push(`| vigie scan, process start-up + one message | ${fmtMs(cli.oneMs)} | | | |`);
  }
  const notes = [
    '',
    `Native: criterion medians from ${haveNative ? opts.criterion : '(no criterion results: run `cargo bench --bench engine` first)'}.`,
    `Wasm: ${wasmPath}, median per call in Node ${process.versions.node} (V8 ${process.versions.v8}); engine start is the median of ${runs} fresh processes ` +
      `(compile ${fmtMs(cold.compile)}, instantiate ${fmtMs(cold.instantiate)}, Engine::new ${fmtMs(cold.engine)}; ${cold.protectedCount} protected names).`,
  ];
  const table = lines.concat(notes).join('\n');
  console.log(table);

  mkdirSync(opts.out, { recursive: true });
  writeFileSync(join(opts.out, 'summary.md'), `${table}\n`);
  writeFileSync(join(opts.out, 'summary.json'), `${JSON.stringify({ rows, sizes, startup: { default: cold, correspondents: coldCorr }, cli }, null, 2)}\n`);
  console.error(`written: ${join(opts.out, 'summary.md')}, summary.json`);
}

main().catch((e) => {
  console.error(`wasm-bench: ${e.stack || e}`);
  process.exit(1);
});
