#!/usr/bin/env node
// make demo-roundcube: a real Roundcube webmail with the sample mails, left running on
// 127.0.0.1 so that a person can try the extension on it.
//
//   node tests/roundcube/demo.mjs [--skin elastic|larry] [--port N]   start (or show the running one)
//   node tests/roundcube/demo.mjs --stop                               stop it
//
// Installs the Debian packages if missing (root), starts Dovecot + Roundcube in a
// throwaway directory, delivers tests/samples/*.eml and tests/roundcube/mails/*.eml, prints
// the URL and the login, then exits: the two servers keep running in the background until
// --stop (or `tests/roundcube/rc-env.sh stop DIR`). The state is kept in
// target/roundcube-demo.json. Also: VIGIE_RC_SKIN, VIGIE_RC_PORT.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO, RC_ENV, install, startEnv, mailList, availableSkins } from './lib.mjs';

const STATE = join(REPO, 'target', 'roundcube-demo.json');
const rel = (p) => relative(process.cwd(), p) || '.';

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function readState() {
  if (!existsSync(STATE)) return null;
  try {
    return JSON.parse(readFileSync(STATE, 'utf8'));
  } catch {
    return null;
  }
}

function stop() {
  const st = readState();
  if (!st) {
    console.log('demo-roundcube: nothing to stop (no target/roundcube-demo.json)');
    return 0;
  }
  const r = spawnSync(RC_ENV, ['stop', st.dir], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`demo-roundcube: rc-env.sh stop ${st.dir} failed; state kept in ${rel(STATE)}`);
    return 1;
  }
  rmSync(STATE, { force: true });
  if (st.parent) rmSync(st.parent, { recursive: true, force: true });
  console.log(`demo-roundcube: stopped (Dovecot pid ${st.pids[0]}, php -S pid ${st.pids[1]}) and removed ${st.dir}`);
  return 0;
}

function show(st, mails, fresh) {
  const stopCmd = 'node tests/roundcube/demo.mjs --stop';
  const lines = [
    '',
    `Roundcube ${st.skin} ${fresh ? 'is running' : 'is already running'} with ${st.count} mails:`,
    '',
    `  URL:       ${st.url}`,
    `  login:     ${st.user}`,
    `  password:  ${st.pass}`,
    '',
    'Try Vigie on it:',
    '  1. make build, then load the unpacked extension: target/extension/chrome (chrome://extensions,',
    '     Developer mode, Load unpacked) or target/extension/firefox (about:debugging, Load Temporary Add-on).',
    `  2. Open Vigie's settings, under "Added webmails" enter ${st.origin} and click Add; allow the access.`,
    '  3. Open the URL above, log in, and open the mails. Expected (tests/samples/EXPECTED.tsv):',
    ...mails.map((m) => `       ${m.verdict === 'ok' ? 'no banner' : `${m.verdict} `.padEnd(9)}  ${m.subject}`),
    '',
    `Only 127.0.0.1 listens. From another machine: ssh -L ${st.port}:127.0.0.1:${st.port} this-host`,
    `Stop it:  ${stopCmd}   (or: tests/roundcube/rc-env.sh stop ${st.dir})`,
    '',
  ];
  console.log(lines.join('\n'));
}

function main() {
  if (process.argv.includes('--stop') || process.argv.includes('stop')) return stop();
  const mails = mailList();
  const running = readState();
  if (running && running.pids.every(alive)) {
    show(running, mails, false);
    return 0;
  }
  if (running) {
    console.log('demo-roundcube: the previous demo is gone; cleaning up after it');
    stop();
  }
  const skin = arg('--skin', process.env.VIGIE_RC_SKIN || 'elastic');
  const port = arg('--port', process.env.VIGIE_RC_PORT || '');
  const t0 = performance.now();
  const inst = install();
  if (!availableSkins().includes(skin)) throw new Error(`no Roundcube skin "${skin}" here (${availableSkins().join(', ')})`);
  const parent = mkdtempSync(join(tmpdir(), 'vigie-rc-demo-'));
  let env;
  try {
    env = startEnv(join(parent, 'env'), { skin, port, files: mails.map((m) => m.path), keep: true });
  } catch (e) {
    rmSync(parent, { recursive: true, force: true });
    throw e;
  }
  const st = {
    dir: env.dir,
    parent,
    url: env.url,
    origin: env.origin,
    port: env.port,
    user: env.user,
    pass: env.pass,
    skin,
    pids: env.pids,
    count: mails.length,
    started: new Date().toISOString(),
  };
  mkdirSync(join(REPO, 'target'), { recursive: true });
  writeFileSync(STATE, JSON.stringify(st, null, 2) + '\n');
  console.log(
    `demo-roundcube: ready in ${Math.round(performance.now() - t0)} ms ` +
      `(install ${inst.wasPresent ? 'check' : ''} ${inst.ms} ms, start ${env.timings.startMs} ms, deliver ${env.timings.deliverMs} ms)`,
  );
  show(st, mails, true);
  return 0;
}

process.exitCode = main();
