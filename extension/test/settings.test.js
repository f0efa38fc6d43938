"use strict";
// Unit tests of extension/shared/settings.js: normalisers, validation, storage
// fallback (sync → local) and import/export.

const test = require("node:test");
const assert = require("node:assert/strict");
const S = require("../shared/settings.js");

/** In-memory storage.{sync,local} with the promise API of MV3. */
function fakeStorage({ syncFails = false, noSync = false } = {}) {
  const changes = [];
  const area = (name, fails) => {
    const data = {};
    return {
      data,
      async get(key) {
        if (fails) throw new Error("sync is disabled");
        return key in data ? { [key]: structuredClone(data[key]) } : {};
      },
      async set(items) {
        if (fails) throw new Error("QUOTA_BYTES_PER_ITEM quota exceeded");
        for (const [k, v] of Object.entries(items)) data[k] = structuredClone(v);
        changes.push([name, "set", ...Object.keys(items)]);
      },
      async remove(key) {
        if (fails) throw new Error("sync is disabled");
        delete data[key];
        changes.push([name, "remove", key]);
      },
    };
  };
  const storage = { local: area("local", false) };
  if (!noSync) storage.sync = area("sync", syncFails);
  return { storage, changes };
}

test("defaults", () => {
  const d = S.withDefaults(undefined);
  assert.deepEqual(d, {
    trustedSenders: [],
    trustedDomains: [],
    protectedDomains: [],
    webmailHosts: [],
    reportAddress: "suspect@safeonweb.be",
    disabledSites: [],
  });
  assert.deepEqual(S.KEYS, Object.keys(d));
});

test("normalizeDomain accepts what people type and returns the ASCII host", () => {
  assert.equal(S.normalizeDomain(" KBC.be "), "kbc.be");
  assert.equal(S.normalizeDomain("@proximus.be"), "proximus.be");
  assert.equal(S.normalizeDomain("*.belfius.be"), "belfius.be");
  assert.equal(S.normalizeDomain("https://www.ing.be/fr/login"), "www.ing.be");
  assert.equal(S.normalizeDomain("bücher.de"), "xn--bcher-kva.de");
  assert.equal(S.normalizeDomain("kbc.be."), "kbc.be");
  for (const bad of ["", "kbc", "1.2.3.4", "-kbc.be", "k bc.be", "a..be", "http://u:p@kbc.be", 42, null]) {
    assert.equal(S.normalizeDomain(bad), null, String(bad));
  }
});

test("normalizeAddress", () => {
  assert.equal(S.normalizeAddress("Jean <Jean.Dupont@KBC.be>"), "jean.dupont@kbc.be");
  assert.equal(S.normalizeAddress("mailto:info@proximus.be"), "info@proximus.be");
  assert.equal(S.normalizeAddress("x@bücher.de"), "x@xn--bcher-kva.de");
  for (const bad of ["", "proximus.be", "@proximus.be", "a b@c.be", "a@b", "a@b.be/x", "a..b@c.be", 7]) {
    assert.equal(S.normalizeAddress(bad), null, String(bad));
  }
});

test("normalizeOrigin and originPattern", () => {
  assert.equal(S.normalizeOrigin("webmail.example.org"), "https://webmail.example.org");
  assert.equal(
    S.normalizeOrigin("https://Webmail.Example.org/roundcube/?_task=mail"),
    "https://webmail.example.org",
  );
  assert.equal(S.normalizeOrigin("http://192.168.1.10:8080/"), "http://192.168.1.10:8080");
  assert.equal(S.normalizeOrigin("https://localhost:8443"), "https://localhost:8443");
  for (const bad of ["", "ftp://files.example.org", "javascript:alert(1)", "https://a b.org", "https://u:p@x.org"]) {
    assert.equal(S.normalizeOrigin(bad), null, bad);
  }
  assert.equal(S.originPattern("https://webmail.example.org"), "https://webmail.example.org/*");
  // Firefox rejects ports in match patterns; Chrome matches every port without one.
  assert.equal(S.originPattern("http://192.168.1.10:8080"), "http://192.168.1.10/*");
});

test("validate keeps known keys, normalises them and lists dropped keys", () => {
  const r = S.validate({
    format: "vigie-settings",
    version: 1,
    trustedSenders: ["Alice <ALICE@example.be>", "alice@example.be"],
    protectedDomains: ["MyBank.be"],
    webmailHosts: ["webmail.example.org"],
    reportAddress: "report@example.be",
    theme: "dark",
    __proto__x: 1,
  });
  assert.equal(r.ok, true);
  assert.deepEqual(r.values, {
    trustedSenders: ["alice@example.be"],
    protectedDomains: ["mybank.be"],
    webmailHosts: ["https://webmail.example.org"],
    reportAddress: "report@example.be",
  });
  assert.deepEqual(r.dropped, ["theme", "__proto__x"]);
});

test("validate rejects wrong types with a message key naming the setting", () => {
  const cases = [
    [null, "settings_err_not_settings", []],
    [[], "settings_err_not_settings", []],
    ["x", "settings_err_not_settings", []],
    [{ format: "other-app" }, "settings_err_not_settings", []],
    [{ trustedDomains: "kbc.be" }, "settings_err_not_list", ["trustedDomains"]],
    [{ trustedDomains: [1] }, "settings_err_not_text_entry", ["trustedDomains"]],
    [{ reportAddress: ["a@b.be"] }, "settings_err_not_text", ["reportAddress"]],
    [{ trustedSenders: ["nobody"] }, "settings_err_bad_address", ["trustedSenders", "nobody"]],
    [{ protectedDomains: ["not a domain"] }, "settings_err_bad_domain", ["protectedDomains", "not a domain"]],
    [{ webmailHosts: ["ftp://x.org"] }, "settings_err_bad_origin", ["webmailHosts", "ftp://x.org"]],
    [{ disabledSites: new Array(S.MAX_ENTRIES + 1).fill("https://a.be") }, "settings_err_too_many", ["disabledSites", String(S.MAX_ENTRIES)]],
  ];
  for (const [input, key, params] of cases) {
    const r = S.validate(input);
    assert.equal(r.ok, false, JSON.stringify(input)?.slice(0, 60));
    assert.deepEqual(r.error, { key, params });
  }
});

test("an empty report address means the default one", () => {
  assert.deepEqual(S.validate({ reportAddress: "  " }).values, { reportAddress: "suspect@safeonweb.be" });
});

test("withDefaults is lenient: bad entries are skipped, the rest is kept", () => {
  const s = S.withDefaults({
    trustedDomains: ["kbc.be", 3, "not a domain", "KBC.be"],
    webmailHosts: "https://x.org",
    reportAddress: 12,
    unknown: true,
  });
  assert.deepEqual(s.trustedDomains, ["kbc.be"]);
  assert.deepEqual(s.webmailHosts, []);
  assert.equal(s.reportAddress, "suspect@safeonweb.be");
  assert.equal("unknown" in s, false);
});

test("export then import gives the same settings back", () => {
  const settings = S.withDefaults({
    trustedSenders: ["a@example.be"],
    trustedDomains: ["example.org"],
    protectedDomains: ["mybank.be"],
    webmailHosts: ["https://webmail.example.org"],
    reportAddress: "suspect@safeonweb.be",
    disabledSites: ["https://outlook.live.com"],
  });
  const text = S.exportText(settings);
  const parsed = JSON.parse(text);
  assert.equal(parsed.format, "vigie-settings");
  assert.equal(parsed.version, 1);
  const back = S.parseImport(text);
  assert.equal(back.ok, true);
  assert.deepEqual(back.dropped, []);
  assert.deepEqual(back.values, settings);
});

test("parseImport: not JSON, byte-order mark, too large", () => {
  assert.deepEqual(S.parseImport("{nope").error, { key: "settings_err_not_json", params: [] });
  assert.deepEqual(S.parseImport(undefined).error, { key: "settings_err_not_json", params: [] });
  assert.equal(S.parseImport('\uFEFF{"trustedDomains":["kbc.be"]}').ok, true);
  assert.deepEqual(S.parseImport(" ".repeat(1024 * 1024 + 1)).error, { key: "settings_err_too_large", params: [] });
});

test("save writes sync and clears the local copy; load reads it", async () => {
  const { storage } = fakeStorage();
  storage.local.data.settings = S.withDefaults({ trustedDomains: ["old.be"] });
  const where = await S.save({ trustedDomains: ["kbc.be"] }, { storage });
  assert.equal(where, "sync");
  assert.deepEqual(storage.sync.data.settings.trustedDomains, ["kbc.be"]);
  assert.equal("settings" in storage.local.data, false);
  assert.deepEqual((await S.load({ storage })).trustedDomains, ["kbc.be"]);
});

test("save falls back to local when sync refuses, and load follows", async () => {
  const { storage, changes } = fakeStorage({ syncFails: true });
  const where = await S.save({ protectedDomains: ["mybank.be"] }, { storage });
  assert.equal(where, "local");
  assert.deepEqual(storage.local.data.settings.protectedDomains, ["mybank.be"]);
  assert.deepEqual(changes, [["local", "set", "settings"]]);
  assert.deepEqual((await S.load({ storage })).protectedDomains, ["mybank.be"]);
});

test("settings too big for one sync item go to local and leave sync empty", async () => {
  const { storage, changes } = fakeStorage();
  storage.sync.data.settings = S.withDefaults({});
  const many = Array.from({ length: 400 }, (_, i) => `sender${i}@example.be`);
  assert.equal(await S.save({ trustedSenders: many }, { storage }), "local");
  assert.equal("settings" in storage.sync.data, false);
  // The local write comes before the sync removal, so a reader never sees nothing.
  assert.deepEqual(changes, [["local", "set", "settings"], ["sync", "remove", "settings"]]);
  assert.equal((await S.load({ storage })).trustedSenders.length, 400);
});

test("without storage.sync everything lives in local", async () => {
  const { storage } = fakeStorage({ noSync: true });
  assert.equal(await S.save({ trustedDomains: ["kbc.be"] }, { storage }), "local");
  assert.deepEqual((await S.load({ storage })).trustedDomains, ["kbc.be"]);
});

test("update reads the latest value before writing", async () => {
  const { storage } = fakeStorage();
  await S.save({ trustedSenders: ["a@example.be"] }, { storage });
  // Another page changes the settings meanwhile.
  storage.sync.data.settings.trustedSenders.push("b@example.be");
  const next = await S.update((s) => {
    s.trustedDomains.push("kbc.be");
  }, { storage });
  assert.deepEqual(next.trustedSenders, ["a@example.be", "b@example.be"]);
  assert.deepEqual(storage.sync.data.settings.trustedDomains, ["kbc.be"]);
});

test("save stamps updatedAt; load takes the newer copy, as the background does", async () => {
  const { storage } = fakeStorage();
  const before = Date.now();
  await S.save({ trustedDomains: ["kbc.be"] }, { storage });
  assert.ok(storage.sync.data.settings.updatedAt >= before);
  // The background fell back to local after a failed sync write: local is newer.
  storage.local.data.settings = { ...S.withDefaults({ trustedDomains: ["newer.be"] }), updatedAt: Date.now() + 1000 };
  assert.deepEqual((await S.load({ storage })).trustedDomains, ["newer.be"]);
  // An older local copy loses.
  storage.local.data.settings.updatedAt = 1;
  assert.deepEqual((await S.load({ storage })).trustedDomains, ["kbc.be"]);
});

test("update keeps stored keys it does not know", async () => {
  const { storage } = fakeStorage();
  storage.sync.data.settings = { trustedDomains: ["kbc.be"], futureSetting: { on: true }, updatedAt: 5 };
  await S.update((s) => {
    s.protectedDomains.push("mybank.be");
  }, { storage });
  const saved = storage.sync.data.settings;
  assert.deepEqual(saved.futureSetting, { on: true });
  assert.deepEqual(saved.protectedDomains, ["mybank.be"]);
  assert.ok(saved.updatedAt > 5);
  // ...but an export carries only the settings.
  assert.equal("futureSetting" in JSON.parse(S.exportText(await S.load({ storage }))), false);
  assert.equal("updatedAt" in JSON.parse(S.exportText(saved)), false);
});

test("a stored hostname in disabledSites reads as its https origin", () => {
  assert.deepEqual(S.withDefaults({ disabledSites: ["mail.google.com"] }).disabledSites, ["https://mail.google.com"]);
});

test("isSettingsChange", () => {
  assert.equal(S.isSettingsChange({ settings: {} }, "sync"), true);
  assert.equal(S.isSettingsChange({ settings: {} }, "local"), true);
  assert.equal(S.isSettingsChange({ correspondents: {} }, "local"), false);
  assert.equal(S.isSettingsChange({ settings: {} }, "session"), false);
});
