'use strict';
// background.js loaded as Firefox's event page loads it, with a fake browser API: requests
// and bad input, trap recovery, known correspondents, settings → engine, badge and tab
// status, self-hosted webmail registration. The last tests run the real wasm engine when it
// has been built (make build).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const fixture = require('./fixtures/proximus-report.json');
const { loadBackground, ROOT } = require('./support/fake-browser');

class FakeRuntimeError extends Error {}

/** A stand-in for the wasm-bindgen glue: engines record their config; `plan` can make calls trap. */
function fakeWasm(plan = {}) {
  const made = { glues: 0, engines: [], calls: [] };
  const makeGlue = () => {
    made.glues += 1;
    const glueId = made.glues;
    const glue = async () => {};
    glue.version = () => 'fake 1';
    glue.WasmEngine = class {
      constructor(config) {
        if (plan.trapBuild?.()) throw new FakeRuntimeError('unreachable executed');
        this.config = JSON.parse(JSON.stringify(config));
        this.glueId = glueId;
        made.engines.push(this);
      }
      analyzeMessage(m) {
        made.calls.push({ subject: m.subject, glueId });
        if (plan.trap?.(m)) throw new FakeRuntimeError('unreachable executed');
        if (plan.fail?.(m)) throw 'invalid type: map, expected a string';
        const sender = m.senderAddress ? { address: m.senderAddress, registrable: m.senderAddress.split('@')[1], trusted: false } : undefined;
        return { verdict: 'ok', findings: plan.findings?.(m) ?? [], links: [], sender, partly_checked: false };
      }
      checkLink(href, text, sender) {
        return { index: 0, href, text, sender, destination: href, verdict: 'ok', findings: [] };
      }
      protectedCount() {
        return 42;
      }
      learnCorrespondent(c) {
        if (plan.learnFails) throw new Error('correspondent: expected {domain: string, count: whole number}');
        (this.learnt ??= []).push({ ...c });
        return true;
      }
      free() {}
    };
    return glue;
  };
  const globals = {
    wasm_bindgen: makeGlue(),
    vigieGlue: makeGlue,
    WebAssembly: { RuntimeError: FakeRuntimeError, compileStreaming: async (response) => (await response, {}), compile: async () => ({}) },
  };
  return { made, globals };
}

const snapshot = (over = {}) => ({ webmail: 'gmail', messageId: '#msg-f:1', senderName: 'Anne', senderAddress: 'anne@example.be', subject: 'Hi', bodyHtml: '<p>hi</p>', ...over });

test('analyze answers {ok, report}; checkLink answers {ok, link}; unknown types are not answered', async () => {
  const { globals } = fakeWasm();
  const bg = loadBackground({ globals });
  const a = await bg.dispatch({ type: 'analyze', snapshot: snapshot() });
  assert.equal(a.ok, true);
  assert.equal(a.report.verdict, 'ok');
  const l = await bg.dispatch({ type: 'checkLink', href: 'https://x.example/', text: 'x', senderAddress: 'a@b.be' });
  assert.deepEqual([l.ok, l.link.href, l.link.sender], [true, 'https://x.example/', 'a@b.be']);
  assert.equal(await bg.dispatch({ type: 'somethingElse' }), undefined);
});

test('bad input gives {ok:false, error}, never a throw', async () => {
  const { globals } = fakeWasm({ fail: (m) => m.subject === 'malformed' });
  const bg = loadBackground({ globals });
  for (const [msg, re] of [
    [{ type: 'analyze' }, /snapshot must be an object/],
    [{ type: 'analyze', snapshot: [] }, /snapshot must be an object/],
    [{ type: 'analyze', snapshot: snapshot({ bodyHtml: 42 }) }, /bodyHtml must be a string/],
    [{ type: 'analyze', snapshot: snapshot({ senderAddress: { x: 1 } }) }, /senderAddress must be a string/],
    [{ type: 'analyze', snapshot: snapshot({ bodyHtml: 'x'.repeat(5 * 1024 * 1024 + 1) }) }, /too large .* limit is 5 MB/],
    [{ type: 'analyze', snapshot: snapshot({ subject: 'malformed' }) }, /invalid type/],
    [{ type: 'checkLink', href: '' }, /href/],
    [{ type: 'checkLink', href: 'https://a/'.padEnd(20000, 'x') }, /too long/],
    [{ type: 'trustSender', address: 'not an address' }, /not an e-mail address/],
    [{ type: 'registerHost', origin: 'ftp://x' }, /not a web origin/],
  ]) {
    const r = await bg.dispatch(msg);
    assert.equal(r.ok, false, JSON.stringify(msg).slice(0, 80));
    assert.match(r.error, re);
  }
});

test('a body of exactly 5 MB is accepted (the content script cuts there)', async () => {
  const { globals } = fakeWasm();
  const bg = loadBackground({ globals });
  const r = await bg.dispatch({ type: 'analyze', snapshot: snapshot({ bodyHtml: 'x'.repeat(5 * 1024 * 1024) }) });
  assert.equal(r.ok, true);
});

test('a trap drops the instance: a new glue and engine, the same request retried once', async () => {
  let traps = 1;
  const { made, globals } = fakeWasm({ trap: () => traps-- > 0 });
  const bg = loadBackground({ globals });
  const r = await bg.dispatch({ type: 'analyze', snapshot: snapshot() });
  assert.equal(r.ok, true);
  assert.equal(made.glues, 2, 'a second glue (fresh instance) was made');
  assert.equal(bg.context.vigieBackground.engineState.generation, 2);
  assert.equal(bg.context.vigieBackground.engineState.traps, 1);
});

test('a message that traps every time: {ok:false}, and the next message works', async () => {
  const { made, globals } = fakeWasm({ trap: (m) => m.subject === 'poison' });
  const bg = loadBackground({ globals });
  const bad = await bg.dispatch({ type: 'analyze', snapshot: snapshot({ subject: 'poison' }) });
  assert.equal(bad.ok, false);
  assert.match(bad.error, /crashed/);
  const good = await bg.dispatch({ type: 'analyze', snapshot: snapshot() });
  assert.equal(good.ok, true);
  assert.equal(made.glues, 3);
});

test('two requests wait for one engine and the first traps: the second runs on a new instance', async () => {
  const { made, globals } = fakeWasm({ trap: (m) => m.subject === 'poison' });
  const bg = loadBackground({ globals });
  // Two messages of a thread reach a cold worker together.
  const [bad, good] = await Promise.all([
    bg.dispatch({ type: 'analyze', snapshot: snapshot({ subject: 'poison' }) }),
    bg.dispatch({ type: 'analyze', snapshot: snapshot({ subject: 'fine', messageId: '#msg-f:2' }) }),
  ]);
  assert.equal(bad.ok, false);
  assert.equal(good.ok, true);
  const trapped = made.calls.filter((c) => c.subject === 'poison').map((c) => c.glueId);
  const fine = made.calls.filter((c) => c.subject === 'fine').map((c) => c.glueId);
  assert.equal(fine.length, 1);
  assert.ok(!trapped.includes(fine[0]), `"fine" ran on glue ${fine[0]}, which trapped (${trapped})`);
});

test('a trap while the engine is rebuilt for new settings: a new instance with the new settings', async () => {
  let trapBuild = false;
  const { made, globals } = fakeWasm({ trapBuild: () => trapBuild });
  const bg = loadBackground({ globals });
  assert.equal((await bg.dispatch({ type: 'analyze', snapshot: snapshot() })).ok, true);
  trapBuild = true;
  assert.equal((await bg.dispatch({ type: 'trustSender', address: 'x@example.org' })).ok, true);
  // Building the engine with the new trusted sender traps twice: this request fails soft...
  assert.equal((await bg.dispatch({ type: 'analyze', snapshot: snapshot() })).ok, false);
  trapBuild = false;
  // ...and the next one gets a fresh instance and an engine that knows the trusted sender.
  assert.equal((await bg.dispatch({ type: 'analyze', snapshot: snapshot() })).ok, true);
  const engine = bg.context.vigieBackground.engineState.engine;
  assert.deepEqual(engine.config.trustedSenders, ['x@example.org']);
  assert.equal(engine, made.engines.at(-1));
  assert.ok(bg.context.vigieBackground.engineState.traps >= 1);
});

test('our own save of the correspondents, reported back late, does not drop a domain counted since', async () => {
  const { globals } = fakeWasm();
  const bg = loadBackground({ globals });
  // Browsers deliver storage.onChanged asynchronously, after the save.
  const fire = bg.chrome.storage.onChanged.fire;
  bg.chrome.storage.onChanged.fire = (...args) => setTimeout(() => fire(...args), 20);
  await bg.dispatch({ type: 'analyze', snapshot: snapshot({ messageId: '#msg-f:one', senderAddress: 'a@one.example' }) });
  await new Promise((r) => setTimeout(r, 305)); // the debounced save runs
  await bg.dispatch({ type: 'analyze', snapshot: snapshot({ messageId: '#msg-f:two', senderAddress: 'b@two.example' }) });
  await new Promise((r) => setTimeout(r, 400));
  const stored = bg.chrome.storage.local.data.correspondents;
  assert.ok('one.example' in stored && 'two.example' in stored, JSON.stringify(stored));
});

test('known correspondents: counted once per message, clean senders only, capped at 5,000', async () => {
  const { made, globals } = fakeWasm({ findings: (m) => (m.senderAddress.endsWith('@evil.example') ? [{ kind: 'lookalike_domain', severity: 'danger', subject: 'sender' }] : []) });
  const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`d${i}.example`, 3]));
  many['old-rare.example'] = 1;
  const bg = loadBackground({ globals, storage: { local: { correspondents: many } } });
  await bg.dispatch({ type: 'analyze', snapshot: snapshot() });
  await bg.dispatch({ type: 'analyze', snapshot: snapshot() }); // the same message again
  await bg.dispatch({ type: 'analyze', snapshot: snapshot({ messageId: '#msg-f:2' }) });
  await bg.dispatch({ type: 'analyze', snapshot: snapshot({ messageId: '#msg-f:3', senderAddress: 'x@evil.example' }) });
  await bg.flush();
  const saved = bg.chrome.storage.local.data.correspondents;
  assert.equal(saved['example.be'], 2);
  assert.equal(saved['evil.example'], undefined, 'a suspect sender is not learnt');
  assert.equal(Object.keys(saved).length, 5000);
  assert.equal(saved['old-rare.example'], undefined, 'the rarest, oldest domain made room');
  // The live engine learnt the new correspondent and then its new count, without a rebuild.
  assert.equal(made.engines.length, 1);
  assert.deepEqual(made.engines[0].learnt, [
    { domain: 'example.be', count: 1 },
    { domain: 'example.be', count: 2 },
  ]);
  // The next wake builds the engine from the store, with it.
  const woken = loadBackground({ globals: fakeWasm().globals, storage: { local: { correspondents: saved } } });
  await woken.dispatch({ type: 'analyze', snapshot: snapshot({ messageId: '#msg-f:4', senderAddress: 'y@other.example' }) });
  const built = woken.context.vigieBackground.engineState.engine.config.correspondents;
  assert.ok(built.some((c) => c.domain === 'example.be' && c.count === 2));
});

test('a correspondent the engine cannot learn makes the next message rebuild it', async () => {
  const { made, globals } = fakeWasm({ learnFails: true });
  const bg = loadBackground({ globals });
  await bg.dispatch({ type: 'analyze', snapshot: snapshot() });
  assert.equal(made.engines.length, 1);
  await bg.dispatch({ type: 'analyze', snapshot: snapshot({ messageId: '#msg-f:2', senderAddress: 'b@other.example' }) });
  assert.equal(made.engines.length, 2);
  assert.ok(made.engines[1].config.correspondents.some((c) => c.domain === 'example.be'));
});

test('settings are the engine config; a change rebuilds the engine', async () => {
  const { made, globals } = fakeWasm();
  const bg = loadBackground({ globals, storage: { sync: { settings: { protectedDomains: ['mybank.be'], trustedDomains: ['partner.be'] } } } });
  await bg.dispatch({ type: 'analyze', snapshot: snapshot() });
  assert.deepEqual(made.engines[0].config.protectedDomains, ['mybank.be']);
  assert.deepEqual(made.engines[0].config.trustedDomains, ['partner.be']);
  await bg.chrome.storage.sync.set({ settings: { protectedDomains: ['mybank.be', 'employer.be'] } });
  await bg.dispatch({ type: 'analyze', snapshot: snapshot({ messageId: '#2' }) });
  assert.deepEqual(made.engines.at(-1).config.protectedDomains, ['mybank.be', 'employer.be']);
  const before = made.engines.length;
  await bg.dispatch({ type: 'analyze', snapshot: snapshot({ messageId: '#2' }) });
  assert.equal(made.engines.length, before, 'no rebuild without a change');
});

test('trustSender stores the normalised address in settings.trustedSenders', async () => {
  const { made, globals } = fakeWasm();
  const bg = loadBackground({ globals });
  const r = await bg.dispatch({ type: 'trustSender', address: 'ServiceClient@Example.BE' });
  assert.equal(r.ok, true);
  assert.deepEqual(bg.chrome.storage.sync.data.settings.trustedSenders, ['serviceclient@example.be']);
  await bg.dispatch({ type: 'trustSender', address: 'serviceclient@example.be' });
  assert.deepEqual(bg.chrome.storage.sync.data.settings.trustedSenders, ['serviceclient@example.be']);
  await bg.dispatch({ type: 'analyze', snapshot: snapshot() });
  assert.deepEqual(made.engines.at(-1).config.trustedSenders, ['serviceclient@example.be']);
});

test('status sets the badge to the number of warnings; tabStatus sums the frames', async () => {
  const { globals } = fakeWasm();
  const bg = loadBackground({ globals });
  const top = { tab: { id: 5 }, frameId: 0 };
  await bg.dispatch({ type: 'status', webmail: 'roundcube', recognised: false, checked: 0, warnings: 0, origin: 'https://mail.example.org', fresh: true }, top);
  await bg.dispatch({ type: 'status', webmail: 'roundcube', recognised: true, checked: 1, warnings: 1, danger: 1 }, { tab: { id: 5 }, frameId: 3 });
  await bg.dispatch({ type: 'status', webmail: 'gmail', recognised: true, checked: 2, warnings: 1, danger: 0 }, { tab: { id: 6 }, frameId: 0 });
  assert.deepEqual(bg.chrome.badge[5], { text: '1', color: '#c5221f' });
  assert.deepEqual(bg.chrome.badge[6], { text: '1', color: '#b45309' });
  const s = await bg.dispatch({ type: 'tabStatus', tabId: 5 }, {});
  assert.deepEqual([s.webmail, s.recognised, s.checked, s.warnings, s.siteEnabled], ['roundcube', true, 1, 1, true]);
  await bg.dispatch({ type: 'status', webmail: 'roundcube', recognised: true, checked: 1, warnings: 0, danger: 0 }, { tab: { id: 5 }, frameId: 3 });
  assert.equal(bg.chrome.badge[5].text, '');
  await bg.chrome.storage.sync.set({ settings: { disabledSites: ['https://mail.example.org'] } });
  assert.equal((await bg.dispatch({ type: 'tabStatus', tabId: 5 }, {})).siteEnabled, false);
});

test('tabStatus forgets a tab whose content script is gone', async () => {
  const { globals } = fakeWasm();
  const bg = loadBackground({ globals });
  await bg.dispatch({ type: 'status', webmail: 'gmail', recognised: true, checked: 3, warnings: 1, fresh: true, origin: 'https://mail.google.com' }, { tab: { id: 9 }, frameId: 0 });
  bg.chrome.tabs.sendMessage = async () => {
    throw new Error('Could not establish connection. Receiving end does not exist.');
  };
  const s = await bg.dispatch({ type: 'tabStatus', tabId: 9 }, {});
  assert.deepEqual([s.webmail, s.recognised, s.checked, s.warnings], [null, false, 0, 0]);
});

test('registerHost: needs the permission, registers the scripts in all frames, remembers the origin', async () => {
  const { globals } = fakeWasm();
  let granted = false;
  const bg = loadBackground({ globals, permissions: () => granted });
  const refused = await bg.dispatch({ type: 'registerHost', origin: 'https://webmail.example.org' });
  assert.equal(refused.ok, false);
  assert.match(refused.error, /no permission/);
  granted = true;
  const r = await bg.dispatch({ type: 'registerHost', origin: 'https://webmail.example.org:8443/roundcube/' });
  assert.equal(r.ok, true);
  const [script] = bg.chrome.registered;
  assert.deepEqual(structuredClone([script.id, script.matches, script.allFrames, script.runAt]), ['vigie-host-https-webmail.example.org', ['https://webmail.example.org/*'], true, 'document_idle']);
  assert.ok(script.js.includes('content/main.js'));
  assert.deepEqual(structuredClone(bg.chrome.storage.sync.data.settings.webmailHosts), ['https://webmail.example.org:8443']);
  assert.equal((await bg.dispatch({ type: 'registerHost', origin: 'https://webmail.example.org:8443' })).ok, true, 'twice is fine');
  assert.equal(bg.chrome.registered.length, 1);
});

test('on start, registered scripts follow settings.webmailHosts and the granted permissions', async () => {
  const { globals } = fakeWasm();
  const bg = loadBackground({ globals, storage: { sync: { settings: { webmailHosts: ['https://rc.example.org'] } } } });
  bg.chrome.registered.push({ id: 'vigie-host-https-stale.example.org', matches: ['https://stale.example.org/*'], js: [] });
  bg.chrome.runtime.onStartup.fire();
  await bg.flush();
  assert.deepEqual(bg.chrome.registered.map((s) => s.id), ['vigie-host-https-rc.example.org']);
});

// ---------------------------------------------------------------------------- the real engine

const GLUE = path.join(ROOT, 'target', 'extension', 'firefox', 'wasm', 'vigie.js');
const WASM = path.join(ROOT, 'target', 'extension', 'firefox', 'wasm', 'vigie_bg.wasm');
const built = fs.existsSync(GLUE) && fs.existsSync(WASM);

test('real wasm: the Proximus mail is danger, and a real trap is recovered', { skip: !built && 'run make build first' }, async () => {
  const bg = loadBackground({ glue: fs.readFileSync(GLUE, 'utf8'), wasmPath: WASM });
  const r = await bg.dispatch({ type: 'analyze', snapshot: fixture.snapshot });
  assert.equal(r.ok, true, r.error);
  assert.equal(r.report.verdict, 'danger');
  assert.ok(r.report.findings.some((f) => f.kind === 'brand_impersonation'));
  const state = bg.context.vigieBackground.engineState;
  const first = state.glue;
  assert.equal(first, vm.runInContext('wasm_bindgen', bg.context), 'the first instance is the global glue');

  // Make the next engine call hit the core's deliberate trap (a real `unreachable`).
  const engine = state.engine;
  engine.analyzeMessage = () => first.testTrap();
  const again = await bg.dispatch({ type: 'analyze', snapshot: fixture.snapshot });
  assert.equal(again.ok, true, again.error);
  assert.equal(again.report.verdict, 'danger');
  assert.equal(state.generation, 2);
  assert.notEqual(state.glue, first, 'a fresh instance answered');

  const info = await bg.dispatch({ type: 'engineInfo' });
  assert.equal(info.ok, true);
  assert.match(info.version, /public suffix list/);
  assert.ok(info.protectedCount > 10);
});

test('real wasm: a correspondent learnt by the live engine makes a first contact of its lookalike', { skip: !built && 'run make build first' }, async () => {
  const bg = loadBackground({ glue: fs.readFileSync(GLUE, 'utf8'), wasmPath: WASM });
  const from = (address, messageId) => ({ ...snapshot({ messageId, senderAddress: address, senderName: 'Étude Dupont' }) });
  const firstContact = (r) => r.report.findings.find((f) => f.kind === 'first_contact');
  assert.equal((await bg.dispatch({ type: 'engineInfo' })).ok, true);
  const state = bg.context.vigieBackground.engineState;
  const engine = state.engine;
  const stranger = engine.checkSender('Étude Dupont <etude@dupont-notaire.be>');
  assert.ok(!stranger.findings.some((f) => f.kind === 'first_contact'));
  for (const id of ['#1', '#2', '#3']) await bg.dispatch({ type: 'analyze', snapshot: from('etude@dupont-notaires.be', id) });
  // A new sender one letter away: a first contact that names the known domain and its count.
  const after = await bg.dispatch({ type: 'analyze', snapshot: from('etude@dupont-notaire.be', '#4') });
  assert.equal(state.engine, engine, 'learnt without a rebuild');
  const f = firstContact(after);
  assert.ok(f, JSON.stringify(after.report.findings));
  assert.deepEqual(Array.from(f.params), ['dupont-notaire.be', 'dupont-notaires.be', '3']);
  assert.throws(() => engine.learnCorrespondent({ domain: 'x.be', count: 1.5 }), /whole number/);
});

test('real wasm: a 5 MB body finishes and says it was partly checked', { skip: !built && 'run make build first' }, async () => {
  const bg = loadBackground({ glue: fs.readFileSync(GLUE, 'utf8'), wasmPath: WASM });
  const link = '<p><a href="https://example.com/a">example.com</a> filler text for the size of it</p>';
  const html = link.repeat(Math.floor((5 * 1024 * 1024) / link.length));
  const r = await bg.dispatch({ type: 'analyze', snapshot: { ...fixture.snapshot, bodyHtml: html } });
  assert.equal(r.ok, true, r.error);
  assert.equal(r.report.partly_checked, true);
});
