'use strict';
// The banner builder: words from _locales with the evidence in bold, text only through
// textContent (mail-derived strings never become markup), the test-hook attributes, the
// roles (alert for danger, status for caution), buttons and the "Why?" disclosure.

const test = require('node:test');
const assert = require('node:assert/strict');
const fixture = require('./fixtures/proximus-report.json');
const { loadContent } = require('./support/fake-browser');

function build(report, extra = {}) {
  const env = loadContent();
  const calls = [];
  const built = env.V.banner.build(env.document, {
    report,
    messageId: '#msg-f:1001',
    dark: false,
    canTrust: true,
    onTrust: () => calls.push('trust'),
    onReport: () => calls.push('report'),
    onDismiss: () => calls.push('dismiss'),
    ...extra,
  });
  env.document.body.append(built.host);
  return { env, built, calls, root: built.root };
}

test('danger banner: title from the top finding, evidence in bold, hooks on the host', () => {
  const { built, root } = build(fixture.report);
  const host = built.host;
  assert.equal(host.tagName, 'VIGIE-BANNER');
  assert.equal(host.shadowRoot, null, 'the shadow root is closed');
  assert.equal(host.getAttribute('data-vigie-verdict'), 'danger');
  assert.equal(host.getAttribute('data-vigie-message'), '#msg-f:1001');
  const kinds = host.getAttribute('data-vigie-findings').split(' ');
  for (const k of ['brand_impersonation', 'link_text_mismatch', 'lookalike_domain', 'secret_request']) assert.ok(kinds.includes(k), k);

  const box = root.querySelector('section');
  assert.equal(box.getAttribute('role'), 'alert');
  const title = root.getElementById('vigie-title');
  assert.equal(title.textContent, 'This mail claims to come from Proximus, but it was sent from contactcenter.be.');
  assert.deepEqual([...title.querySelectorAll('b')].map((b) => b.textContent), ['Proximus', 'contactcenter.be']);
  assert.match(box.textContent, /Proximus's own domain is proximus\.be\./);

  const lines = [...root.querySelectorAll('ul')[0].querySelectorAll('li')].map((li) => li.textContent);
  assert.ok(lines.some((l) => l.startsWith('This mail asks for your PIN code and PUK code.')), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('The link shows www.proximus.be but goes to contactcenter.be.')));
  assert.ok(lines.some((l) => /xn--prximus-9of\.be imitates proximus\.be\. Trick: letters from another alphabet\./.test(l)));
  assert.ok(!lines.some((l) => l.includes('claims to come from')), 'the title is not repeated');
});

test('caution banner uses role=status', () => {
  const report = { verdict: 'caution', findings: [fixture.report.findings.find((f) => f.kind === 'shortener')], links: [] };
  const { built, root } = build(report);
  assert.equal(built.host.getAttribute('data-vigie-verdict'), 'caution');
  assert.equal(root.querySelector('section').getAttribute('role'), 'status');
  assert.equal(root.getElementById('vigie-title').textContent, 'A link hides its destination behind the shortener bit.ly.');
});

test('mail-derived strings stay text: no element is made from them', () => {
  const evil = '<img src=x onerror=alert(1)><b>bank.be</b>';
  const report = {
    verdict: 'danger',
    findings: [{ kind: 'brand_impersonation', severity: 'danger', subject: 'sender', message_key: 'f_brand_impersonation_name', params: [evil, 'x.example'] }],
    sender: { address: 'a@x.example', registrable: 'x.example' },
    links: [],
  };
  const { root } = build(report);
  assert.equal(root.querySelectorAll('img').length, 0);
  const title = root.getElementById('vigie-title');
  assert.equal(title.querySelectorAll('b').length, 2, 'only the two evidence elements');
  assert.equal(title.querySelector('b').textContent, evil);
});

test('buttons: keyboard-reachable <button>s, Why? toggles the advice, actions call back', () => {
  const { root, calls } = build(fixture.report);
  const buttons = [...root.querySelectorAll('button')];
  assert.deepEqual(buttons.map((b) => b.textContent), ['Why?', 'I trust this sender', 'Report', 'Dismiss for this message']);
  assert.ok(buttons.every((b) => b.type === 'button' && b.tabIndex === 0));
  const why = buttons[0];
  const panel = root.getElementById(why.getAttribute('aria-controls'));
  assert.equal(why.getAttribute('aria-expanded'), 'false');
  assert.equal(panel.hidden, true);
  why.click();
  assert.equal(why.getAttribute('aria-expanded'), 'true');
  assert.equal(panel.hidden, false);
  assert.match(panel.textContent, /never ask for your PIN, PUK or password/);
  assert.match(panel.textContent, /sent by ServiceclienteleProximus@contactcenter\.be: what counts is contactcenter\.be/);
  buttons[1].click();
  buttons[2].click();
  buttons[3].click();
  assert.deepEqual(calls, ['trust', 'report', 'dismiss']);
});

test('no "I trust this sender" without an address', () => {
  const { root } = build(fixture.report, { canTrust: false });
  assert.ok(![...root.querySelectorAll('button')].some((b) => b.dataset.action === 'trust'));
});

function mismatches(count) {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'link_text_mismatch', severity: 'danger', subject: `link[${i}]`, message_key: 'f_link_text_mismatch', params: [`site${i}.be`, `evil${i}.example`],
  }));
}

test('many warnings: the list is capped with a count of the rest', () => {
  const { root } = build({ verdict: 'danger', findings: mismatches(12), links: [] });
  const items = [...root.querySelector('ul').children].map((li) => li.textContent);
  assert.equal(items.length, 7);
  assert.equal(items[6], '…and 5 more warnings.');
});

test('one warning over the cap is shown, not counted ("…and 1 more warnings")', () => {
  // The first finding is the banner's title; the list holds the other seven.
  const { root } = build({ verdict: 'danger', findings: mismatches(8), links: [] });
  const items = [...root.querySelector('ul').children].map((li) => li.textContent);
  assert.equal(items.length, 7);
  assert.ok(items.every((text) => !text.includes('more warnings')), items.join(' | '));
  assert.match(items[6], /evil7\.example/);
});

test('a hint after Report names the report address', () => {
  const { env, built, root } = build(fixture.report);
  built.setHint(env.V.findings.messageParts('banner_report_hint', ['suspect@safeonweb.be']));
  const hint = root.querySelector('[aria-live="polite"]');
  assert.equal(hint.hidden, false);
  assert.equal(hint.querySelector('b').textContent, 'suspect@safeonweb.be');
});

test('reportUrl: a mailto: to the report address with the findings, nothing else', () => {
  const env = loadContent();
  const url = env.V.banner.reportUrl('suspect@safeonweb.be', fixture.snapshot, fixture.report);
  assert.ok(url.startsWith('mailto:suspect@safeonweb.be?subject='));
  const params = new URLSearchParams(url.split('?')[1]);
  assert.equal(params.get('subject'), 'Suspicious mail: Rendez-vous');
  const body = params.get('body');
  assert.match(body, /From: Service clientèle Proximus <ServiceclienteleProximus@contactcenter\.be>/);
  assert.match(body, /- This mail claims to come from Proximus, but it was sent from contactcenter\.be\./);
});

test('dark palette on request', () => {
  const light = build(fixture.report).root.querySelector('section').style.background;
  const dark = build(fixture.report, { dark: true }).root.querySelector('section').style.background;
  assert.notEqual(light, dark);
});
