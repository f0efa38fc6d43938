// Shared by roundcube.test.mjs and demo.mjs: the Roundcube + Dovecot environment
// (rc-env.sh), the sample mails and what Vigie must say about each, and process
// bookkeeping so that everything started here is stopped by PID.
//
// Not a test file itself (node --test only runs *.test.mjs here).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '..', '..');
export const RC_ENV = join(HERE, 'rc-env.sh');
/** The sample mails and EXPECTED.tsv: the repository's copy of shared/samples. */
export const SAMPLES_DIR = resolve(process.env.VIGIE_SAMPLES_DIR || join(REPO, 'tests', 'samples'));
/** Extra mails of this suite: how Roundcube renders encodings, images, multipart. */
export const EXTRA_DIR = join(HERE, 'mails');
export const ARTIFACTS = join(REPO, 'target', 'test-artifacts', 'roundcube');

const now = () => performance.now();
export const ms = (t0) => Math.round(now() - t0);

// ------------------------------------------------------------------ expectations

/**
 * Finding kinds each sample's banner must carry (a subset: more may be there). From
 * EXPECTED.tsv's third column and tests/golden.rs, which checks the same mails in Rust.
 */
export const MUST_FIND = {
  'fr-proximus-fake-appointment.eml': ['brand_impersonation', 'link_text_mismatch'],
  'fr-proximus-breach-pin-request.eml': ['lookalike_domain', 'link_text_mismatch', 'embedded_domain', 'secret_request'],
  'fr-proximus-homoglyph.eml': ['lookalike_domain'],
  'nl-kbc-card-request.eml': ['brand_impersonation', 'brand_text_mismatch', 'secret_request'],
  'en-paypal-ip-and-userinfo.eml': ['lookalike_domain', 'ip_host', 'userinfo', 'link_text_mismatch', 'secret_request'],
  'fr-display-name-address-spoof.eml': ['display_name_address'],
  'de-belfius-freemail.eml': ['freemail_brand', 'secret_request'],
  'en-dhl-shortener.eml': ['lookalike_domain', 'shortener'],
  'en-safelinks-wrapped-phish.eml': ['link_text_mismatch', 'brand_impersonation'],
  'fr-plaintext-embedded-brand.eml': ['embedded_domain', 'secret_request'],
  // extra mails of this suite (tests/roundcube/mails/, see README there)
  'rc-qp-remote-image.eml': ['brand_impersonation', 'link_text_mismatch'],
  'rc-multipart-base64-pin.eml': ['lookalike_domain', 'secret_request'],
};

/** Verdicts of the extra mails (the samples' are in EXPECTED.tsv). */
const EXTRA_EXPECTED = {
  'rc-qp-remote-image.eml': 'danger',
  'rc-multipart-base64-pin.eml': 'danger',
  'rc-qp-legit-latin1.eml': 'ok',
};

/** EXPECTED.tsv → [{file, verdict, what}] */
export function readExpected(dir = SAMPLES_DIR) {
  const text = readFileSync(join(dir, 'EXPECTED.tsv'), 'utf8');
  const rows = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line.trim()) continue;
    const [file, verdict, what] = line.split('\t');
    if (!['ok', 'caution', 'danger'].includes(verdict)) throw new Error(`EXPECTED.tsv: bad verdict in ${line}`);
    rows.push({ file, verdict, what: what ?? '' });
  }
  return rows;
}

/** RFC 2047 encoded words (=?charset?Q|B?...?=), enough for the mails here. */
export function decodeWords(s) {
  return s
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset, enc, text) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (__, h) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            );
      try {
        return new TextDecoder(charset.toLowerCase()).decode(bytes);
      } catch {
        return bytes.toString('latin1');
      }
    });
}

/** The first Subject: header of an .eml, unfolded and decoded. */
export function subjectOf(path) {
  const head = readFileSync(path, 'latin1').split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const m = /^Subject:[ \t]*(.*)$/im.exec(head);
  if (!m) return '';
  // 8-bit headers are UTF-8 in the samples
  return decodeWords(Buffer.from(m[1].trim(), 'latin1').toString('utf8'));
}

/**
 * Every mail delivered, in delivery order (= IMAP UID order, starting at 1): the samples
 * sorted by name, then this suite's extra mails sorted by name.
 */
export function mailList() {
  const expected = new Map(readExpected().map((r) => [r.file, r]));
  const samples = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.eml')).sort();
  const missing = [...expected.keys()].filter((f) => !samples.includes(f));
  if (missing.length) throw new Error(`EXPECTED.tsv names mails not in ${SAMPLES_DIR}: ${missing.join(', ')}`);
  const extras = existsSync(EXTRA_DIR) ? readdirSync(EXTRA_DIR).filter((f) => f.endsWith('.eml')).sort() : [];
  const list = [];
  for (const f of samples) {
    const e = expected.get(f);
    if (!e) throw new Error(`${f} has no line in EXPECTED.tsv`);
    list.push({ file: f, path: join(SAMPLES_DIR, f), verdict: e.verdict, what: e.what, extra: false });
  }
  for (const f of extras) {
    if (!EXTRA_EXPECTED[f]) throw new Error(`tests/roundcube/mails/${f}: no expected verdict in lib.mjs`);
    list.push({ file: f, path: join(EXTRA_DIR, f), verdict: EXTRA_EXPECTED[f], what: 'extra mail', extra: true });
  }
  list.forEach((m, i) => {
    m.uid = i + 1;
    m.subject = subjectOf(m.path);
    m.mustFind = MUST_FIND[m.file] ?? [];
  });
  return list;
}

/** Roundcube's list row id for a UID: "rcmrow" + base64url(uid) without padding. */
export function rowId(uid) {
  return 'rcmrow' + Buffer.from(String(uid)).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

// ------------------------------------------------------------------ processes

/** Every PID this process started (directly) that may still run, with what it is. */
const started = new Map();
/** Directories to remove at exit. */
const dirs = new Set();
/** rc-env directories to stop at exit. */
const envs = new Set();

export function trackPid(pid, what) {
  if (pid) started.set(pid, what);
}
export function untrackPid(pid) {
  started.delete(pid);
}

function procAlive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** PIDs (not ours) whose command line mentions `marker` (a unique temporary directory). */
export function pidsMentioning(marker) {
  const found = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    let cmd;
    try {
      cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmd.includes(marker) && procAlive(d)) found.push(Number(d));
  }
  return found;
}

function sleepSync(msTime) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, msTime);
}

/** TERM, then KILL after `graceMs`, each PID that is alive. Synchronous (usable at exit). */
export function killPids(pids, graceMs = 3000) {
  const live = pids.filter(procAlive);
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  const deadline = Date.now() + graceMs;
  while (live.some(procAlive) && Date.now() < deadline) sleepSync(50);
  for (const pid of live.filter(procAlive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  const until = Date.now() + 2000;
  while (live.some(procAlive) && Date.now() < until) sleepSync(50);
  return live.filter(procAlive);
}

/** A fresh directory under the system temp dir, removed by cleanupAll(). Records our PID. */
export function makeTempDir(prefix) {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(d);
  writeFileSync(join(d, 'owner.pid'), `${process.pid}\n`);
  return d;
}

/**
 * Leftovers of an earlier run that was killed (SIGKILL: no exit handler ran): directories
 * `prefix*` whose owner.pid is dead. Their rc-env environments are stopped (by the PIDs
 * they recorded), any process naming the directory is stopped by PID, the directory removed.
 * Returns the directories swept.
 */
export function sweepStale(prefix) {
  const swept = [];
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(prefix)) continue;
    const d = join(tmpdir(), name);
    let owner;
    try {
      owner = Number(readFileSync(join(d, 'owner.pid'), 'utf8').trim());
    } catch {
      continue; // not made by makeTempDir: leave it alone
    }
    if (owner && procAlive(owner)) continue;
    for (const sub of readdirSync(d)) {
      if (existsSync(join(d, sub, 'env')) && existsSync(join(d, sub, 'dovecot'))) {
        spawnSync(RC_ENV, ['stop', join(d, sub)], { encoding: 'utf8', timeout: 30000 });
      }
    }
    killPids(pidsMentioning(d));
    rmSync(d, { recursive: true, force: true });
    swept.push(d);
  }
  return swept;
}

/**
 * Stops everything this process started and removes its directories: rc-env
 * environments (rc-env.sh stop: by PID/PGID), tracked child PIDs, then any process
 * whose command line still names one of our directories (browser helpers, orphans of
 * a driver that died), by PID. Synchronous and idempotent: safe from 'exit' handlers.
 */
export function cleanupAll() {
  const problems = [];
  for (const env of [...envs]) {
    const r = spawnSync(RC_ENV, ['stop', env.dir], { encoding: 'utf8', timeout: 30000 });
    if (r.status !== 0) problems.push(`rc-env stop ${env.dir}: ${r.stderr || r.error}`);
    envs.delete(env);
  }
  const left = killPids([...started.keys()]);
  started.clear();
  if (left.length) problems.push(`still alive: ${left.join(' ')}`);
  for (const d of [...dirs]) {
    const orphans = killPids(pidsMentioning(d));
    if (orphans.length) problems.push(`still alive (${d}): ${orphans.join(' ')}`);
    try {
      rmSync(d, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      problems.push(`rm ${d}: ${e.message}`);
    }
    dirs.delete(d);
  }
  return problems;
}

let handlersInstalled = false;
/** Stop everything when the process ends, also on Ctrl-C / SIGTERM from the test runner. */
export function cleanupOnExit() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    const problems = cleanupAll();
    for (const p of problems) process.stderr.write(`roundcube cleanup: ${p}\n`);
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      process.stderr.write(`roundcube: ${sig}, stopping what was started\n`);
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
}

// ------------------------------------------------------------------ rc-env

/** Runs rc-env.sh synchronously; throws with its output on failure. */
function rcEnv(args, { env = {}, timeout = 60000, inherit = false } = {}) {
  const r = spawnSync(RC_ENV, args, {
    encoding: 'utf8',
    timeout,
    env: { ...process.env, ...env },
    stdio: inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) {
    throw new Error(`rc-env.sh ${args[0]} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  }
  return r;
}

/**
 * Installs the Debian packages if any is missing (root; apt-get). Returns the time taken
 * and whether anything was installed.
 */
export function install() {
  const t0 = now();
  const check = spawnSync('dpkg-query', ['-W', '-f=${db:Status-Abbrev}\n', 'roundcube-core', 'dovecot-imapd', 'php8.2-cgi'], {
    encoding: 'utf8',
  });
  const wasPresent = check.status === 0 && check.stdout.split('\n').filter((l) => l.startsWith('ii')).length === 3;
  // 15 min: apt waits for the dpkg lock when another install runs (DPkg::Lock::Timeout=900 in rc-env.sh)
  rcEnv(['install'], { timeout: 20 * 60 * 1000, inherit: true });
  return { ms: ms(t0), wasPresent };
}

/**
 * Starts Dovecot + Roundcube in `dir` (must not exist yet) with `skin`, and delivers `files`.
 * Returns {url, origin, port, user, pass, imapPort, dir, skin, pids, timings}.
 */
export function startEnv(dir, { skin = 'elastic', files = [], port = '', keep = false } = {}) {
  const env = { dir, skin };
  envs.add(env); // stop even if start fails half-way (rc-env.sh also cleans up after itself)
  const t0 = now();
  rcEnv(['start', dir], { env: { RC_SKIN: skin, RC_HTTP_PORT: port ? String(port) : '' } });
  const tStart = ms(t0);
  const vars = Object.fromEntries(
    readFileSync(join(dir, 'env'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  Object.assign(env, {
    url: vars.RC_URL,
    origin: new URL(vars.RC_URL).origin,
    port: Number(vars.RC_PORT),
    user: vars.RC_USER,
    pass: vars.RC_PASS,
    imapPort: Number(vars.IMAP_PORT),
    pids: [Number(vars.DOVECOT_PID), Number(vars.PHP_PID)],
  });
  const t1 = now();
  if (files.length) rcEnv(['deliver', dir, ...files], { timeout: 120000 });
  env.timings = { startMs: tStart, deliverMs: ms(t1) };
  if (keep) envs.delete(env); // the caller (demo) leaves it running on purpose
  return env;
}

/** Stops one environment now (rc-env.sh stop: by PID, removes its directory). */
export function stopEnv(env) {
  if (!env || !envs.has(env)) return;
  envs.delete(env);
  rcEnv(['stop', env.dir], { timeout: 30000 });
}

/** Skins Roundcube can use here: elastic always, larry if its package is installed. */
export function availableSkins() {
  const skins = ['elastic'];
  if (existsSync('/usr/share/roundcube/skins/larry/templates/mail.html') || existsSync('/var/lib/roundcube/skins/larry')) {
    skins.push('larry');
  }
  return skins;
}

// ------------------------------------------------------------------ misc

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** Spawns a long-running helper (geckodriver) detached in its own group; tracked by PID. */
export function spawnTracked(cmd, args, { env } = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  trackPid(child.pid, `${basename(cmd)} ${args.join(' ')}`);
  child.on('exit', () => untrackPid(child.pid));
  let out = '';
  const keep = (b) => {
    out = (out + b.toString()).slice(-20000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.output = () => out;
  return child;
}

export function ensureDir(d) {
  mkdirSync(d, { recursive: true });
  return d;
}

export function findExecutable(name, extra = []) {
  for (const dir of [...(process.env.PATH ?? '').split(':'), ...extra]) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

export const sleep = (t) => new Promise((r) => setTimeout(r, t));
