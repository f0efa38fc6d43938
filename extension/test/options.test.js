"use strict";
// Options page behaviour in jsdom with a fake WebExtension API, plus checks of the
// locale files the page and the popup use.

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { JSDOM } = require("jsdom");

const EXT = path.join(__dirname, "..");
const read = (p) => fs.readFileSync(path.join(EXT, p), "utf8");

function messagesOf(locale) {
  const out = {};
  for (const file of ["messages.json", "popup-options.json"]) {
    const p = path.join(EXT, "_locales", locale, file);
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

/** A fake `chrome` namespace: storage (sync/local, onChanged), permissions, runtime, i18n. */
function fakeChrome({ granted = [], grant = true, reply = { ok: true } } = {}) {
  const listeners = { changed: [], added: [], removed: [] };
  const calls = { request: [], remove: [], contains: [], sent: [] };
  const grantedSet = new Set(granted);
  // Copies into this realm, so deepStrictEqual does not trip on the page's prototypes.
  const own = (v) => JSON.parse(JSON.stringify(v));
  const emit = (changes, area) => setTimeout(() => listeners.changed.forEach((fn) => fn(changes, area)), 0);
  const area = (name) => {
    const data = {};
    return {
      data,
      async get(key) {
        return key in data ? { [key]: structuredClone(data[key]) } : {};
      },
      async set(items) {
        const changes = {};
        for (const [k, v] of Object.entries(items)) {
          changes[k] = { oldValue: data[k], newValue: v };
          data[k] = structuredClone(v);
        }
        emit(changes, name);
      },
      async remove(key) {
        const had = key in data;
        const oldValue = data[key];
        delete data[key];
        if (had) emit({ [key]: { oldValue } }, name);
      },
    };
  };
  const chrome = {
    storage: {
      sync: area("sync"),
      local: area("local"),
      onChanged: { addListener: (fn) => listeners.changed.push(fn) },
    },
    permissions: {
      request: (req) => {
        calls.request.push(own(req));
        if (grant) req.origins.forEach((o) => grantedSet.add(o));
        return Promise.resolve(grant);
      },
      remove: async (req) => {
        calls.remove.push(own(req));
        req.origins.forEach((o) => grantedSet.delete(o));
        return true;
      },
      contains: async (req) => {
        calls.contains.push(own(req));
        return req.origins.every((o) => grantedSet.has(o));
      },
      onAdded: { addListener: (fn) => listeners.added.push(fn) },
      onRemoved: { addListener: (fn) => listeners.removed.push(fn) },
    },
    runtime: {
      sendMessage: async (msg) => {
        calls.sent.push(own(msg));
        return reply;
      },
      getManifest: () => ({ manifest_version: 3 }),
    },
    i18n: { getMessage: getMessageFrom(messagesOf("en")), getUILanguage: () => "en" },
  };
  return { chrome, calls, grantedSet, listeners };
}

async function openOptions(fake, { settings, correspondents } = {}) {
  if (settings) fake.chrome.storage.sync.data.settings = settings;
  if (correspondents) fake.chrome.storage.local.data.correspondents = correspondents;
  const dom = new JSDOM(read("options/options.html"), {
    runScripts: "outside-only",
    url: "http://extension.invalid/options/options.html",
  });
  const { window } = dom;
  window.chrome = fake.chrome;
  window.eval(read("shared/settings.js"));
  window.eval(read("options/hosts.js"));
  window.eval(read("options/options.js"));
  await window.vigieOptions.ready;
  await settle(window);
  return window;
}

/** Waits for the page's actions and the storage events they cause. */
async function settle(window) {
  for (let i = 0; i < 3; i++) {
    await window.vigieOptions.idle();
    await new Promise((r) => setTimeout(r, 5));
  }
  await window.vigieOptions.idle();
}

function submit(window, sectionId, value) {
  const form = window.document.querySelector(`#${sectionId} form`);
  form.elements.value.value = value;
  form.requestSubmit();
}

const entries = (window, id) =>
  Array.from(window.document.querySelectorAll(`#${id} .entries li`)).map((li) => li.dataset.value);
const statusText = (window, id) => window.document.getElementById(id).textContent;
const stored = (fake) => fake.chrome.storage.sync.data.settings;

test("the page is localized and lists what storage holds", async () => {
  const fake = fakeChrome();
  const w = await openOptions(fake, {
    settings: { trustedSenders: ["alice@example.be"], trustedDomains: ["kbc.be"] },
  });
  assert.equal(w.document.title, "Vigie settings");
  assert.equal(w.document.documentElement.lang, "en");
  assert.equal(w.document.querySelector("#trustedSenders h2").textContent, "Trusted senders");
  assert.deepEqual(entries(w, "trustedSenders"), ["alice@example.be"]);
  assert.deepEqual(entries(w, "trustedDomains"), ["kbc.be"]);
  assert.equal(w.document.querySelector("#trustedDomains .empty").hidden, true);
  assert.equal(w.document.querySelector("#protectedDomains .empty").hidden, false);
  assert.equal(w.document.getElementById("report-input").value, "suspect@safeonweb.be");
  const remove = w.document.querySelector("#trustedSenders .entries .remove");
  assert.equal(remove.getAttribute("aria-label"), "Remove alice@example.be");
  // Every data-i18n element got its text.
  for (const el of w.document.querySelectorAll("[data-i18n]")) assert.notEqual(el.textContent.trim(), "", el.dataset.i18n);
});

test("adding a trusted domain saves it", async () => {
  const fake = fakeChrome();
  const w = await openOptions(fake);
  submit(w, "trustedDomains", "  KBC.be ");
  await settle(w);
  assert.deepEqual(stored(fake).trustedDomains, ["kbc.be"]);
  assert.deepEqual(entries(w, "trustedDomains"), ["kbc.be"]);
  assert.equal(statusText(w, "trustedDomains-status"), "kbc.be added.");
  assert.equal(w.document.getElementById("trustedDomains-input").value, "");

  submit(w, "trustedDomains", "kbc.be");
  await settle(w);
  assert.equal(statusText(w, "trustedDomains-status"), "kbc.be is already in the list.");
  assert.deepEqual(stored(fake).trustedDomains, ["kbc.be"]);
});

test("an invalid entry is refused with a message and nothing is saved", async () => {
  const fake = fakeChrome();
  const w = await openOptions(fake);
  submit(w, "protectedDomains", "my bank");
  await settle(w);
  const input = w.document.getElementById("protectedDomains-input");
  assert.equal(input.getAttribute("aria-invalid"), "true");
  assert.equal(w.document.activeElement, input);
  assert.match(statusText(w, "protectedDomains-status"), /“my bank” is not a valid domain name/);
  assert.equal(w.document.getElementById("protectedDomains-status").classList.contains("error"), true);
  assert.equal(stored(fake), undefined);

  submit(w, "trustedSenders", "proximus.be");
  await settle(w);
  assert.match(statusText(w, "trustedSenders-status"), /not a valid e-mail address/);
});

test("removing a trusted sender undoes “I trust this sender” and moves focus", async () => {
  const fake = fakeChrome();
  const w = await openOptions(fake, {
    settings: { trustedSenders: ["a@example.be", "b@example.be", "c@example.be"] },
  });
  w.document.querySelector('#trustedSenders li[data-value="a@example.be"] .remove').click();
  await settle(w);
  assert.deepEqual(stored(fake).trustedSenders, ["b@example.be", "c@example.be"]);
  assert.deepEqual(entries(w, "trustedSenders"), ["b@example.be", "c@example.be"]);
  assert.equal(statusText(w, "trustedSenders-status"), "a@example.be removed.");
  assert.equal(w.document.activeElement.closest("li").dataset.value, "b@example.be");

  for (const v of ["b@example.be", "c@example.be"]) {
    w.document.querySelector(`#trustedSenders li[data-value="${v}"] .remove`).click();
    await settle(w);
  }
  assert.deepEqual(stored(fake).trustedSenders, []);
  assert.equal(w.document.querySelector("#trustedSenders .empty").hidden, false);
  assert.equal(w.document.activeElement.id, "trustedSenders-input");
});

test("adding a webmail host asks for the permission, then registers the host", async () => {
  const fake = fakeChrome();
  const w = await openOptions(fake);
  submit(w, "webmailHosts", "https://webmail.example.org/roundcube/");
  // The request is made synchronously, inside the user's gesture.
  assert.deepEqual(fake.calls.request, [{ origins: ["https://webmail.example.org/*"] }]);
  await settle(w);
  assert.deepEqual(stored(fake).webmailHosts, ["https://webmail.example.org"]);
  assert.deepEqual(fake.calls.sent, [{ type: "registerHost", origin: "https://webmail.example.org" }]);
  assert.deepEqual(entries(w, "webmailHosts"), ["https://webmail.example.org"]);
  assert.equal(w.document.querySelector("#webmailHosts .badge"), null);
  assert.match(statusText(w, "webmailHosts-status"), /webmail\.example\.org added/);
});

test("a refused permission adds nothing", async () => {
  const fake = fakeChrome({ grant: false });
  const w = await openOptions(fake);
  submit(w, "webmailHosts", "webmail.example.org");
  await settle(w);
  assert.equal(fake.calls.request.length, 1);
  assert.equal(stored(fake), undefined);
  assert.deepEqual(fake.calls.sent, []);
  assert.match(statusText(w, "webmailHosts-status"), /was not allowed/);
});

test("an invalid host address asks for nothing", async () => {
  const fake = fakeChrome();
  const w = await openOptions(fake);
  submit(w, "webmailHosts", "ftp://files.example.org");
  await settle(w);
  assert.deepEqual(fake.calls.request, []);
  assert.match(statusText(w, "webmailHosts-status"), /not a valid web address/);
});

test("removing a webmail host removes its permission", async () => {
  const fake = fakeChrome({ granted: ["https://webmail.example.org/*", "https://ox.example.net/*"] });
  const w = await openOptions(fake, {
    settings: { webmailHosts: ["https://webmail.example.org", "https://ox.example.net"] },
  });
  w.document.querySelector('#webmailHosts li[data-value="https://webmail.example.org"] .remove').click();
  await settle(w);
  assert.deepEqual(stored(fake).webmailHosts, ["https://ox.example.net"]);
  assert.deepEqual(fake.calls.remove, [{ origins: ["https://webmail.example.org/*"] }]);
});

test("a host whose permission is missing offers an Allow button", async () => {
  const fake = fakeChrome({ granted: [] });
  const w = await openOptions(fake, { settings: { webmailHosts: ["https://webmail.example.org"] } });
  const li = w.document.querySelector('#webmailHosts li[data-value="https://webmail.example.org"]');
  assert.equal(li.querySelector(".badge").textContent, "Vigie is not allowed on this site yet.");
  const allow = li.querySelector(".allow");
  assert.equal(allow.getAttribute("aria-label"), "Allow Vigie on webmail.example.org");
  allow.click();
  assert.deepEqual(fake.calls.request, [{ origins: ["https://webmail.example.org/*"] }]);
  await settle(w);
  assert.deepEqual(fake.calls.sent, [{ type: "registerHost", origin: "https://webmail.example.org" }]);
  assert.equal(w.document.querySelector("#webmailHosts .badge"), null);
});

test("sites switched off in the popup can be switched back on", async () => {
  const fake = fakeChrome();
  const w = await openOptions(fake, { settings: { disabledSites: ["https://outlook.live.com"] } });
  assert.equal(w.document.querySelector("#disabledSites form"), null);
  w.document.querySelector("#disabledSites .remove").click();
  await settle(w);
  assert.deepEqual(stored(fake).disabledSites, []);
  assert.equal(w.document.activeElement.id, "disabledSites-title");
});

test("report address: saved when valid, refused when not, reset to the default", async () => {
  const fake = fakeChrome();
  const w = await openOptions(fake);
  const input = w.document.getElementById("report-input");
  const form = w.document.getElementById("report-form");
  input.value = "phishing@Example.BE";
  form.requestSubmit();
  await settle(w);
  assert.equal(stored(fake).reportAddress, "phishing@example.be");
  input.value = "nope";
  form.requestSubmit();
  await settle(w);
  assert.equal(stored(fake).reportAddress, "phishing@example.be");
  assert.match(statusText(w, "report-status"), /not a valid e-mail address/);
  w.document.getElementById("report-reset").click();
  await settle(w);
  assert.equal(stored(fake).reportAddress, "suspect@safeonweb.be");
  assert.equal(input.value, "suspect@safeonweb.be");
});

test("forget known correspondents shows the count and clears them", async () => {
  const fake = fakeChrome();
  const w = await openOptions(fake, { correspondents: { "kbc.be": 4, "proximus.be": 12, "example.org": 1 } });
  assert.equal(w.document.getElementById("corr-count").textContent, "Known correspondent domains: 3");
  w.document.getElementById("corr-forget").click();
  await settle(w);
  assert.equal("correspondents" in fake.chrome.storage.local.data, false);
  assert.equal(w.document.getElementById("corr-count").textContent, "Known correspondent domains: 0");
  assert.equal(w.document.getElementById("corr-forget").disabled, true);
  assert.equal(statusText(w, "corr-status"), "Known correspondents forgotten.");
});

function importFile(w, text) {
  const input = w.document.getElementById("import-file");
  const file = { size: Buffer.byteLength(text), text: async () => text, name: "vigie-settings.json" };
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  input.dispatchEvent(new w.Event("change"));
}

test("import replaces the settings found in the file and reports ignored keys", async () => {
  const fake = fakeChrome();
  const w = await openOptions(fake, { settings: { trustedDomains: ["old.be"], protectedDomains: ["keep.be"] } });
  importFile(w, JSON.stringify({ trustedDomains: ["New.be"], webmailHosts: ["webmail.example.org"], colour: "red" }));
  await settle(w);
  assert.deepEqual(stored(fake).trustedDomains, ["new.be"]);
  assert.deepEqual(stored(fake).protectedDomains, ["keep.be"]);
  assert.deepEqual(stored(fake).webmailHosts, ["https://webmail.example.org"]);
  const text = statusText(w, "backup-status");
  assert.match(text, /^Settings imported\. Unknown entries were ignored: colour/);
  assert.match(text, /still need your permission/);
  assert.ok(w.document.querySelector('#webmailHosts li[data-value="https://webmail.example.org"] .allow'));
});

test("an import with a wrong type is refused with a clear message", async () => {
  const fake = fakeChrome();
  const w = await openOptions(fake, { settings: { trustedDomains: ["old.be"] } });
  importFile(w, JSON.stringify({ trustedDomains: "new.be" }));
  await settle(w);
  assert.deepEqual(stored(fake).trustedDomains, ["old.be"]);
  assert.equal(statusText(w, "backup-status"), "Nothing was imported. “trustedDomains” must be a list.");
  assert.equal(w.document.getElementById("backup-status").classList.contains("error"), true);

  importFile(w, "this is not json");
  await settle(w);
  assert.equal(statusText(w, "backup-status"), "Nothing was imported. The file is not in JSON format.");
});

test("export writes the current settings to a JSON file", async () => {
  const fake = fakeChrome();
  const w = await openOptions(fake, { settings: { trustedSenders: ["a@example.be"] } });
  let blob;
  w.URL.createObjectURL = (b) => {
    blob = b;
    return "blob:vigie";
  };
  w.URL.revokeObjectURL = () => {};
  let download;
  w.HTMLAnchorElement.prototype.click = function () {
    download = this.download;
  };
  w.document.getElementById("export").click();
  await settle(w);
  assert.equal(download, "vigie-settings.json");
  const text = await new Promise((resolve) => {
    const reader = new w.FileReader();
    reader.onload = () => resolve(reader.result);
    reader.readAsText(blob);
  });
  const data = JSON.parse(text);
  assert.equal(data.format, "vigie-settings");
  assert.deepEqual(data.trustedSenders, ["a@example.be"]);
});

test("a change made elsewhere (banner, popup) shows up without reloading", async () => {
  const fake = fakeChrome();
  const w = await openOptions(fake);
  const s = { ...(await fake.chrome.storage.sync.get("settings")).settings, trustedSenders: ["new@example.be"] };
  await fake.chrome.storage.sync.set({ settings: s });
  await settle(w);
  assert.deepEqual(entries(w, "trustedSenders"), ["new@example.be"]);
});

test("pages never use innerHTML or inline scripts", () => {
  for (const file of ["options/options.js", "options/hosts.js", "popup/popup.js", "shared/settings.js"]) {
    assert.doesNotMatch(read(file), /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, file);
  }
  for (const file of ["options/options.html", "popup/popup.html"]) {
    const html = read(file);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, file);
    assert.doesNotMatch(html, /\son[a-z]+=/i, file);
  }
});
