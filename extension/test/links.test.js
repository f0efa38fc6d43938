'use strict';
// Links of a checked message: the index mapping (report link i with source "anchor" is the
// i-th `a[href], area[href]` of the body), outlines on deceptive links (hrefs unchanged), and
// the tooltip's content and hook attributes.

const test = require('node:test');
const assert = require('node:assert/strict');
const fixture = require('./fixtures/proximus-report.json');
const { loadContent } = require('./support/fake-browser');

function body(html = fixture.snapshot.bodyHtml) {
  const env = loadContent();
  const div = env.document.createElement('div');
  div.className = 'a3s';
  div.innerHTML = html; // trusted fixture markup
  env.document.body.append(div);
  return { env, div };
}

test('index mapping: anchors with href and areas, in document order; <a name> is not counted', () => {
  const { env, div } = body();
  const map = env.V.links.mapReport(div, fixture.report);
  const anchors = [...div.querySelectorAll('a[href], area[href]')];
  assert.equal(anchors.length, 5);
  assert.equal(map.size, 5);
  for (const [i, a] of anchors.entries()) assert.equal(map.get(a).index, i);
  assert.equal(map.get(anchors[4]).href, 'http://192.168.0.1/');
  assert.equal(anchors[4].tagName, 'AREA');
});

test('a link whose href changed since the analysis is not mapped (it gets its own check)', () => {
  const { env, div } = body();
  div.querySelector('a[href]').setAttribute('href', 'https://other.example/');
  const map = env.V.links.mapReport(div, fixture.report);
  assert.equal(map.size, 4);
  assert.ok(![...map.keys()].includes(div.querySelector('a[href]')));
});

test('text URLs (source "text") are not mapped to anchors', () => {
  const { env, div } = body('<p>see https://evil.example/x</p><a href="https://a.example">a</a>');
  const report = {
    links: [
      { index: 0, source: 'text', href: 'https://evil.example/x', verdict: 'danger', findings: [] },
      { index: 0, source: 'anchor', href: 'https://a.example', verdict: 'ok', findings: [] },
    ],
  };
  const map = env.V.links.mapReport(div, report);
  assert.equal(map.size, 1);
  assert.equal([...map.values()][0].source, 'anchor');
});

test('outline: deceptive links only, with data-vigie-link, href never changed; undone cleanly', () => {
  const { env, div } = body();
  const map = env.V.links.mapReport(div, fixture.report);
  const before = [...div.querySelectorAll('a[href], area[href]')].map((a) => a.getAttribute('href'));
  for (const [a, link] of map) env.V.links.outline(a, link);
  const anchors = [...div.querySelectorAll('a[href], area[href]')];
  assert.deepEqual(anchors.map((a) => a.getAttribute('data-vigie-link')), ['danger', 'danger', 'caution', null, null]);
  assert.match(anchors[0].style.outline, /solid/);
  assert.match(anchors[2].style.outline, /dashed/);
  assert.equal(anchors[3].style.outline, '');
  assert.deepEqual(anchors.map((a) => a.getAttribute('href')), before);
  env.V.links.unoutline(anchors[0]);
  assert.equal(anchors[0].getAttribute('data-vigie-link'), null);
  assert.equal(anchors[0].style.outline, '');
});

test('tooltip content: destination with the registrable domain highlighted, findings in words', () => {
  const { env } = body();
  const link = fixture.report.links[0];
  const box = env.V.tooltip.content(env.document, link, false);
  assert.match(box.textContent, /^Deceptive link/);
  assert.match(box.textContent, /Goes to https:\/\/rdv-conseil\.contactcenter\.be\/x/);
  assert.equal(box.querySelector('b').textContent, 'contactcenter.be');
  assert.match(box.textContent, /The link shows www\.proximus\.be but goes to contactcenter\.be\./);
});

test('tooltip content: punycode form and the trick of a look-alike', () => {
  const { env } = body();
  const box = env.V.tooltip.content(env.document, fixture.report.links[1], false);
  assert.match(box.textContent, /Goes to https:\/\/prοximus\.be\/login/);
  assert.match(box.textContent, /Real form of the name: xn--prximus-9of\.be/);
  assert.match(box.textContent, /xn--prximus-9of\.be imitates proximus\.be\. Trick: letters from another alphabet\./);
});

test('tooltip content: tracked links say the destination is not visible; unwrapped links show the end', () => {
  const { env } = body();
  const tracked = { ...fixture.report.links[3], tracked: true, findings: [] };
  assert.match(env.V.tooltip.content(env.document, tracked, false).textContent, /Tracked link: the destination is not visible\./);
  const late = env.V.tooltip.content(env.document, fixture.lateLink, false).textContent;
  assert.match(late, /Goes to https:\/\/evil\.example\/x/);
  assert.match(late, /Unwrapped Google redirect: the link goes to evil\.example\./);
  const ok = env.V.tooltip.content(env.document, fixture.report.links[3], false).textContent;
  assert.match(ok, /^Where this link goes/);
  assert.doesNotMatch(ok, /safe/i);
});

test('tooltip host: one <vigie-tooltip> on <html>, closed root, hook attributes while shown', () => {
  const { env } = body();
  const { V, document } = env;
  const rect = { left: 10, top: 10, right: 50, bottom: 20 };
  V.tooltip.show(document, rect, fixture.report.links[1], false);
  V.tooltip.show(document, rect, fixture.report.links[1], false);
  const hosts = document.querySelectorAll('vigie-tooltip');
  assert.equal(hosts.length, 1);
  const host = hosts[0];
  assert.equal(host.parentElement, document.documentElement);
  assert.equal(host.shadowRoot, null);
  assert.equal(host.getAttribute('data-vigie-visible'), 'true');
  assert.equal(host.getAttribute('data-vigie-destination'), 'https://xn--prximus-9of.be/login');
  assert.equal(host.getAttribute('data-vigie-registrable'), 'prοximus.be');
  assert.equal(host.getAttribute('data-vigie-findings'), 'lookalike_domain punycode_domain brand_text_mismatch');
  assert.equal(host.getAttribute('data-vigie-tracked'), 'false');
  V.tooltip.show(document, rect, fixture.report.links[2], false);
  assert.equal(host.getAttribute('data-vigie-tracked'), 'true');
  V.tooltip.hide();
  assert.equal(host.getAttribute('data-vigie-visible'), 'false');
});

test('destinationParts: the registrable part only when it ends the host at a label boundary', () => {
  const { env } = body();
  const parts = (l) => ({ ...env.V.tooltip.destinationParts(l) });
  assert.deepEqual(parts({ destination: 'https://a.b.example.com/p?q', host: 'a.b.example.com', registrable: 'example.com' }),
    { before: 'https://a.b.', strong: 'example.com', after: '', rest: '/p?q' });
  assert.deepEqual(parts({ destination: 'https://notexample.com/', host: 'notexample.com', registrable: 'example.com' }).strong, '');
  assert.deepEqual(parts({ destination: 'javascript:alert(1)', host: '', registrable: '' }).rest, 'javascript:alert(1)');
});
