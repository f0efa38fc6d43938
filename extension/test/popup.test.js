"use strict";
// Popup rendering in jsdom with a fake WebExtension API: webmail recognised, layout
// not recognised, not a webmail, switched off, no status, missing host access.

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { JSDOM } = require("jsdom");

const EXT = path.join(__dirname, "..");
const read = (p) => fs.readFileSync(path.join(EXT, p), "utf8");

function englishMessages() {
  const out = {};
  for (const file of ["messages.json", "popup-options.json"]) {
    const p = path.join(EXT, "_locales", "en", file);
    if (fs.existsSync(p)) Object.assign(out, JSON.parse(fs.readFileSync(p, "utf8")));
  }
  return out;
}

/** chrome.i18n.getMessage semantics: $NAME$ → placeholders[name].content with $1..$9 → subs. */
function getMessageFrom(messages) {
  return (key, subs) => {
    const m = messages[key];
    if (!m) return "";
    const args = subs == null ? [] : (Array.isArray(subs) ? subs : [subs]).map(String);
    const phs = Object.fromEntries(Object.entries(m.placeholders || {}).map(([k, v]) => [k.toLowerCase(), v]));
    const fill = (s) => s.replace(/\$(\d)/g, (_, n) => args[n - 1] ?? "");
    return m.message
      .replace(/\$([A-Za-z0-9_]+)\$/g, (all, name) => (phs[name.toLowerCase()] ? fill(phs[name.toLowerCase()].content) : all))
      .replace(/\$\$/g, "$");
  };
}

/**
 * A fake `chrome`: the active tab is `url`; the background answers tabStatus with
 * `status` (or rejects when status is an Error).
 */
function fakeChrome({ url, status, settings, granted = [], manifest = {} }) {
  const calls = { sent: [], request: [], openOptions: 0 };
  const own = (v) => JSON.parse(JSON.stringify(v));
  const grantedSet = new Set(granted);
  const area = () => {
    const data = {};
    return {
      data,
      async get(key) {
        return key in data ? { [key]: structuredClone(data[key]) } : {};
      },
      async set(items) {
        for (const [k, v] of Object.entries(items)) data[k] = structuredClone(v);
      },
      async remove(key) {
        delete data[key];
      },
    };
  };
  const chrome = {
    storage: { sync: area(), local: area(), onChanged: { addListener() {} } },
    tabs: { query: async () => [{ id: 7, url }] },
    runtime: {
      sendMessage: async (msg) => {
        calls.sent.push(own(msg));
        if (msg.type !== "tabStatus") return { ok: true };
        if (status instanceof Error) throw status;
        return status;
      },
      getManifest: () => ({ manifest_version: 3, ...manifest }),
      openOptionsPage: async () => {
        calls.openOptions++;
      },
    },
    permissions: {
      contains: async (req) => req.origins.every((o) => grantedSet.has(o)),
      request: (req) => {
        calls.request.push(own(req));
        req.origins.forEach((o) => grantedSet.add(o));
        return Promise.resolve(true);
      },
    },
    i18n: { getMessage: getMessageFrom(englishMessages()) },
  };
  if (settings) chrome.storage.sync.data.settings = settings;
  return { chrome, calls };
}

async function openPopup(fake) {
  const dom = new JSDOM(read("popup/popup.html"), {
    runScripts: "outside-only",
    url: "http://extension.invalid/popup/popup.html",
  });
  const { window } = dom;
  window.chrome = fake.chrome;
  window.close = () => {
    window.closed_ = true;
  };
  window.eval(read("shared/settings.js"));
  window.eval(read("popup/popup.js"));
  await window.vigiePopupReady;
  return window;
}

const text = (w, id) => w.document.getElementById(id).textContent;
const visible = (w, id) => !w.document.getElementById(id).hidden;
const GMAIL = "https://mail.google.com/mail/u/0/#inbox";

test("a recognised webmail: its name, the counts and the switch", async () => {
  const fake = fakeChrome({
    url: GMAIL,
    status: { webmail: "gmail", recognised: true, checked: 12, warnings: 2, siteEnabled: true },
  });
  const w = await openPopup(fake);
  assert.deepEqual(fake.calls.sent, [{ type: "tabStatus", tabId: 7 }]);
  assert.equal(w.document.body.dataset.state, "recognised");
  assert.equal(text(w, "state"), "Webmail recognised: Gmail");
  assert.equal(text(w, "site-host"), "mail.google.com");
  assert.equal(visible(w, "counts"), true);
  assert.equal(text(w, "checked"), "Messages checked: 12");
  assert.equal(text(w, "warnings"), "Warnings: 2");
  assert.equal(w.document.getElementById("warnings").classList.contains("has-warnings"), true);
  assert.equal(visible(w, "site-switch"), true);
  assert.equal(w.document.getElementById("site-toggle").checked, true);
  assert.equal(w.document.getElementById("site-toggle").getAttribute("role"), "switch");
  assert.equal(visible(w, "hint"), false);
  assert.equal(visible(w, "access"), false);
  assert.equal(w.document.getElementById("status").getAttribute("aria-busy"), "false");
  assert.equal(text(w, "open-options"), "Settings");
});

test("a webmail whose layout was not recognised: links are still checked", async () => {
  const fake = fakeChrome({
    url: "https://webmail.example.org/?_task=mail",
    status: { webmail: "generic", recognised: false, checked: 3, warnings: 0, siteEnabled: true },
  });
  const w = await openPopup(fake);
  assert.equal(w.document.body.dataset.state, "unrecognised");
  assert.equal(text(w, "state"), "The webmail layout was not recognised; links are still checked.");
  assert.equal(text(w, "checked"), "Messages checked: 3");
  assert.equal(text(w, "warnings"), "Warnings: 0");
  assert.equal(w.document.getElementById("warnings").classList.contains("has-warnings"), false);
  assert.equal(visible(w, "site-switch"), true);
});

test("not a webmail: says so, no counts, no switch, a hint to add the site", async () => {
  const fake = fakeChrome({
    url: "https://www.rtl.be/info",
    status: { webmail: null, recognised: false, checked: 0, warnings: 0, siteEnabled: true },
  });
  const w = await openPopup(fake);
  assert.equal(w.document.body.dataset.state, "none");
  assert.equal(text(w, "state"), "Vigie does not check this page: it is not a webmail it knows.");
  assert.equal(visible(w, "counts"), false);
  assert.equal(visible(w, "site-switch"), false);
  assert.equal(visible(w, "hint"), true);
  assert.match(text(w, "hint"), /Other webmails/);
});

test("a browser page without a web origin: no hint, no switch", async () => {
  const fake = fakeChrome({ url: "chrome://extensions/", status: { webmail: null } });
  const w = await openPopup(fake);
  assert.equal(w.document.body.dataset.state, "none");
  assert.equal(visible(w, "hint"), false);
  assert.equal(visible(w, "site-switch"), false);
  assert.equal(text(w, "site-host"), "");
});

test("switching the site off stores its origin in disabledSites, and back on", async () => {
  const fake = fakeChrome({
    url: GMAIL,
    status: { webmail: "gmail", recognised: true, checked: 1, warnings: 0, siteEnabled: true },
  });
  const w = await openPopup(fake);
  const toggle = w.document.getElementById("site-toggle");
  toggle.click();
  await w.vigiePopupReady;
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(fake.chrome.storage.sync.data.settings.disabledSites, ["https://mail.google.com"]);
  assert.equal(w.document.body.dataset.state, "off");
  assert.equal(text(w, "state"), "Vigie is switched off on mail.google.com.");
  assert.equal(visible(w, "counts"), false);
  assert.equal(text(w, "site-note"), "Reload the page to apply the change.");
  assert.equal(toggle.checked, false);

  toggle.click();
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(fake.chrome.storage.sync.data.settings.disabledSites, []);
  assert.equal(w.document.body.dataset.state, "recognised");
});

test("a site switched off earlier shows the switch off even without a report", async () => {
  const fake = fakeChrome({
    url: "https://outlook.live.com/mail/0/",
    status: { webmail: null, recognised: false, checked: 0, warnings: 0, siteEnabled: false },
    settings: { disabledSites: ["https://outlook.live.com"] },
  });
  const w = await openPopup(fake);
  assert.equal(w.document.body.dataset.state, "off");
  assert.equal(visible(w, "site-switch"), true);
  assert.equal(w.document.getElementById("site-toggle").checked, false);
  assert.equal(visible(w, "hint"), false);
});

test("no answer from the background", async () => {
  const fake = fakeChrome({ url: GMAIL, status: new Error("Could not establish connection") });
  const w = await openPopup(fake);
  assert.equal(w.document.body.dataset.state, "unavailable");
  assert.match(text(w, "state"), /could not get the status/);
  assert.equal(visible(w, "counts"), false);
});

test("an error answer from the background counts as no answer", async () => {
  const fake = fakeChrome({ url: GMAIL, status: { ok: false, error: "tabId must be a number" } });
  const w = await openPopup(fake);
  assert.equal(w.document.body.dataset.state, "unavailable");
});

test("without the tab URL, the host reported by the content script names the site", async () => {
  const fake = fakeChrome({
    url: undefined,
    status: { ok: true, webmail: "gmail", recognised: true, checked: 1, warnings: 0, host: "mail.google.com", siteEnabled: true },
  });
  const w = await openPopup(fake);
  assert.equal(text(w, "site-host"), "mail.google.com");
  assert.equal(visible(w, "site-switch"), true);
});

test("a known webmail without host access offers to allow it", async () => {
  const fake = fakeChrome({
    url: GMAIL,
    status: { webmail: null, recognised: false, checked: 0, warnings: 0, siteEnabled: true },
    manifest: { content_scripts: [{ matches: ["https://mail.google.com/*"], js: ["content/main.js"] }] },
    granted: [],
  });
  const w = await openPopup(fake);
  assert.equal(visible(w, "access"), true);
  assert.equal(visible(w, "hint"), false);
  w.document.getElementById("allow").click();
  assert.deepEqual(fake.calls.request, [{ origins: ["https://mail.google.com/*"] }]);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(visible(w, "access"), false);
  assert.equal(text(w, "site-note"), "Reload the page to apply the change.");
});

test("an added webmail host without access re-registers after allowing", async () => {
  const fake = fakeChrome({
    url: "https://webmail.example.org/",
    status: { webmail: null },
    settings: { webmailHosts: ["https://webmail.example.org"] },
  });
  const w = await openPopup(fake);
  assert.equal(visible(w, "access"), true);
  w.document.getElementById("allow").click();
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(fake.calls.sent.at(-1), { type: "registerHost", origin: "https://webmail.example.org" });
});

test("the settings link opens the options page and closes the popup", async () => {
  const fake = fakeChrome({ url: GMAIL, status: { webmail: "gmail", recognised: true } });
  const w = await openPopup(fake);
  w.document.getElementById("open-options").click();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(fake.calls.openOptions, 1);
  assert.equal(w.closed_, true);
});
