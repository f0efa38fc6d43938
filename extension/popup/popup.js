/*
 * Toolbar popup: what Vigie does on the current tab.
 *
 * Asks the background {type:"tabStatus", tabId} → {webmail, recognised, checked,
 * warnings, siteEnabled, host?} and shows one of four states: webmail recognised, webmail
 * whose layout was not recognised (links are still checked), not a webmail, or
 * switched off on this site. The on/off switch edits settings.disabledSites
 * (origins) through VigieSettings. All text comes from _locales; nothing from the
 * page or the background is ever parsed as HTML.
 */
(function () {
  "use strict";

  const S = globalThis.VigieSettings;
  const api = S.ext();

  /** Display names of the adapters the content script reports (brand names, not translated). */
  const WEBMAIL_NAMES = Object.freeze({
    gmail: "Gmail",
    outlook: "Outlook",
    yahoo: "Yahoo Mail",
    proton: "Proton Mail",
    roundcube: "Roundcube",
    ox: "Open-Xchange",
    openxchange: "Open-Xchange",
    fastmail: "Fastmail",
    zimbra: "Zimbra",
  });
  /** Adapter ids that mean "some webmail, layout not known". */
  const GENERIC_IDS = new Set(["generic", "unknown"]);

  const $ = (id) => document.getElementById(id);

  function t(key, subs) {
    try {
      return api.i18n.getMessage(key, subs) || "";
    } catch {
      return "";
    }
  }

  function localize() {
    document.documentElement.lang = t("uiLang") || "en";
    for (const el of document.querySelectorAll("[data-i18n]")) {
      const text = t(el.dataset.i18n);
      if (text) el.textContent = text;
    }
  }

  function webmailName(id) {
    if (typeof id !== "string" || id === "") return "";
    return WEBMAIL_NAMES[id.toLowerCase()] ?? id;
  }

  function count(n) {
    const v = Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
    return v.toLocaleString(document.documentElement.lang || undefined);
  }

  function httpOrigin(url) {
    try {
      const u = new URL(url);
      return u.protocol === "https:" || u.protocol === "http:" ? u.origin : null;
    } catch {
      return null;
    }
  }

  /** Chrome/Firefox match pattern test, enough for host_permissions and content_scripts matches. */
  function patternMatches(pattern, url) {
    if (pattern === "<all_urls>") return /^(https?|wss?|ftp|file):/.test(url.protocol);
    const m = /^(\*|https?|wss?):\/\/(\*|\*\.[^/*]+|[^/*]+)(\/.*)$/.exec(pattern);
    if (!m) return false;
    const [, scheme, host] = m;
    const proto = url.protocol.slice(0, -1);
    if (scheme === "*" ? proto !== "http" && proto !== "https" : scheme !== proto) return false;
    const hostname = url.hostname;
    const patternHost = host.replace(/:\d+$/, "");
    if (patternHost === "*") return true;
    if (patternHost.startsWith("*.")) {
      const base = patternHost.slice(2);
      return hostname === base || hostname.endsWith("." + base);
    }
    return hostname === patternHost;
  }

  /** True when the tab is a site Vigie is meant to run on but its host permission is missing. */
  async function accessMissing(origin, settings) {
    if (!origin || !api.permissions?.contains) return false;
    const url = new URL(origin);
    let expected = settings.webmailHosts.includes(origin);
    if (!expected && api.runtime.getManifest) {
      const mf = api.runtime.getManifest() || {};
      const patterns = [...(mf.host_permissions || [])];
      for (const cs of mf.content_scripts || []) patterns.push(...(cs.matches || []));
      expected = patterns.some((p) => p !== "<all_urls>" && patternMatches(p, url));
    }
    if (!expected) return false;
    try {
      return !(await api.permissions.contains({ origins: [S.originPattern(origin)] }));
    } catch {
      return false;
    }
  }

  async function getStatus(tabId) {
    if (tabId === undefined) return null;
    try {
      const reply = await api.runtime.sendMessage({ type: "tabStatus", tabId });
      return reply && typeof reply === "object" && reply.ok !== false ? reply : null;
    } catch {
      return null;
    }
  }

  function show(el, visible) {
    el.hidden = !visible;
  }

  function render(view) {
    const { status, origin, settings, missingAccess } = view;
    const host = origin ? new URL(origin).host : "";
    $("site-host").textContent = host;

    const disabled = origin !== null && settings.disabledSites.includes(origin);
    const webmail = status && typeof status.webmail === "string" && status.webmail !== "" ? status.webmail : "";
    const recognised = Boolean(webmail) && status.recognised === true && !GENERIC_IDS.has(webmail.toLowerCase());

    let state;
    let kind;
    if (disabled) {
      kind = "off";
      state = t("popup_site_off", [host]);
    } else if (webmail && recognised) {
      kind = "recognised";
      state = t("popup_webmail", [webmailName(webmail)]);
    } else if (webmail) {
      kind = "unrecognised";
      state = t("popup_unrecognised");
    } else if (status === null && origin !== null) {
      kind = "unavailable";
      state = t("popup_unavailable");
    } else {
      kind = "none";
      state = t("popup_not_webmail");
    }
    document.body.dataset.state = kind;
    $("state").textContent = state;

    const hint = kind === "none" && origin !== null && !missingAccess;
    $("hint").textContent = hint ? t("popup_add_hint") : "";
    show($("hint"), hint);

    const counts = Boolean(webmail) && !disabled;
    show($("counts"), counts);
    if (counts) {
      const warnings = Number.isFinite(status.warnings) ? status.warnings : 0;
      $("checked").textContent = t("popup_checked", [count(status.checked)]);
      $("warnings").textContent = t("popup_warnings", [count(warnings)]);
      $("warnings").classList.toggle("has-warnings", warnings > 0);
    }

    show($("access"), Boolean(missingAccess) && !disabled);

    const switchable =
      origin !== null && (Boolean(webmail) || disabled || status?.siteEnabled === false || missingAccess);
    show($("site-switch"), switchable);
    $("site-toggle").checked = !disabled;
  }

  function note(text) {
    $("site-note").textContent = text;
    show($("site-note"), text !== "");
  }

  async function main() {
    localize();
    let tab;
    try {
      [tab] = await api.tabs.query({ active: true, currentWindow: true });
    } catch {
      tab = undefined;
    }
    const status = await getStatus(tab?.id);
    let origin = httpOrigin(tab?.url);
    // Without the tab's URL (no activeTab grant), fall back on what the content script reported.
    if (origin === null && typeof status?.origin === "string") origin = S.normalizeOrigin(status.origin);
    if (origin === null && typeof status?.host === "string" && status.host) origin = S.normalizeOrigin(status.host);
    let settings;
    try {
      settings = await S.load(api);
    } catch {
      settings = S.withDefaults({});
    }
    const view = { status, origin, settings, missingAccess: await accessMissing(origin, settings) };
    render(view);

    $("site-toggle").addEventListener("change", async (event) => {
      const enable = event.target.checked;
      try {
        view.settings = await S.update((s) => {
          s.disabledSites = s.disabledSites.filter((o) => o !== origin);
          if (!enable) s.disabledSites.push(origin);
          return s;
        }, api);
        note(t("popup_reload"));
      } catch {
        note(t("popup_save_failed"));
      }
      render(view);
    });

    $("allow").addEventListener("click", () => {
      // why: permissions.request must run in the click's own task (Firefox checks the
      // user gesture synchronously), so nothing is awaited before it.
      const request = api.permissions.request({ origins: [S.originPattern(origin)] });
      request
        .then(async (granted) => {
          if (!granted) return;
          view.missingAccess = false;
          if (view.settings.webmailHosts.includes(origin)) {
            await api.runtime.sendMessage({ type: "registerHost", origin }).catch(() => {});
          }
          render(view);
          note(t("popup_reload"));
        })
        .catch(() => note(t("popup_save_failed")));
    });

    $("open-options").addEventListener("click", (event) => {
      if (!api.runtime.openOptionsPage) return;
      event.preventDefault();
      Promise.resolve(api.runtime.openOptionsPage())
        .then(() => window.close())
        .catch(() => {});
    });

    $("status").setAttribute("aria-busy", "false");
    return view;
  }

  globalThis.vigiePopupReady = main();
})();
