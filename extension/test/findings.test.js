'use strict';
// Findings → words: a look-alike domain written with letters of another alphabet must not be
// shown in a form identical to the real one.

const test = require('node:test');
const assert = require('node:assert/strict');
const { loadContent } = require('./support/fake-browser');

const homoglyph = {
  kind: 'brand_impersonation',
  severity: 'danger',
  subject: 'sender',
  message_key: 'f_brand_impersonation_name',
  params: ['Proximus', 'pr\u03bfximus.be'],
  brand: 'Proximus',
  evidence: { punycode: 'xn--prximus-9of.be' },
};

test('a homoglyph domain is shown in its ASCII form, in the sentence and only once', () => {
  const { V } = loadContent();
  const sentence = V.findings.plain(V.findings.sentenceParts(homoglyph));
  assert.match(sentence, /xn--prximus-9of\.be/);
  assert.doesNotMatch(sentence, /\u03bf/);
  const details = V.findings.detailParts(homoglyph).map(V.findings.plain).join(' ');
  assert.doesNotMatch(details, /xn--prximus-9of\.be/, 'no second line repeating the punycode');
});

test('ASCII domains, names and the punycode finding are left as they are', () => {
  const { V } = loadContent();
  assert.equal(V.findings.revealDomain('contactcenter.be'), 'contactcenter.be');
  assert.equal(V.findings.revealDomain('Service clientèle'), 'Service clientèle');
  const puny = { ...homoglyph, kind: 'punycode_domain', message_key: 'f_punycode_domain', params: ['pr\u03bfximus.be', 'xn--prximus-9of.be'] };
  assert.match(V.findings.plain(V.findings.sentenceParts(puny)), /\u03bf/);
});

test('a disguised sender name shows its look-alike letters by code point', () => {
  const { V } = loadContent();
  const disguised = {
    kind: 'disguised_name',
    severity: 'caution',
    subject: 'sender',
    message_key: 'f_disguised_name_script',
    params: ['Harb\u03bfur Lines'],
    evidence: { how: 'mixed_script', letters: '\u03bf U+03BF' },
  };
  const details = V.findings.detailParts(disguised).map(V.findings.plain).join(' ');
  assert.match(details, /U\+03BF/);
  // Other findings carry no such line.
  assert.doesNotMatch(V.findings.detailParts(homoglyph).map(V.findings.plain).join(' '), /U\+/);
});
