'use strict';
// Static checks of the shipped scripts: nothing writes markup from strings (mail-derived text
// only ever goes through textContent), no network API besides the background's fetch of its
// own wasm file, no eval.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { EXT } = require('./support/fake-browser');

const contentFiles = fs.readdirSync(path.join(EXT, 'content')).filter((f) => f.endsWith('.js')).map((f) => `content/${f}`);
const backgroundParts = fs.readdirSync(path.join(EXT, 'background')).filter((f) => f.endsWith('.js')).map((f) => `background/${f}`);
const source = (f) => fs.readFileSync(path.join(EXT, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

test('content scripts never write HTML from strings', () => {
  for (const f of contentFiles) {
    const s = source(f);
    assert.doesNotMatch(s, /\.(innerHTML|outerHTML)\s*\+?=(?!=)/, f);
    assert.doesNotMatch(s, /insertAdjacentHTML|document\.write|createContextualFragment|DOMParser/, f);
    assert.doesNotMatch(s, /setAttribute\(\s*['"](style|on\w+)['"]/, `${f}: styles go through CSSOM`);
  }
});

test('no network: content scripts make no request; the background fetches only its own files', () => {
  for (const f of contentFiles) {
    assert.doesNotMatch(source(f), /\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|new Image\(/, f);
  }
  const bg = source('background.js');
  const fetches = [...bg.matchAll(/\bfetch\(([^)]*)\)/g)].map((m) => m[1].trim());
  assert.ok(fetches.length > 0);
  assert.ok(fetches.every((arg) => arg === 'url'), fetches.join(', '));
  assert.match(bg, /const url = api\.runtime\.getURL\('wasm\/vigie_bg\.wasm'\)/);
  assert.doesNotMatch(bg, /XMLHttpRequest|WebSocket|EventSource|sendBeacon/);
  assert.ok(backgroundParts.length >= 2, backgroundParts.join(', '));
  for (const f of backgroundParts) {
    assert.doesNotMatch(source(f), /\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon/, f);
  }
});

test('no eval or Function constructor anywhere shipped', () => {
  for (const f of [...contentFiles, ...backgroundParts, 'background.js']) assert.doesNotMatch(source(f), /\beval\(|new Function\(|setTimeout\(\s*['"`]/, f);
});
