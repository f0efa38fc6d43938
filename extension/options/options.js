/*
 * Options page: the lists Vigie keeps (trusted senders and domains, important
 * domains, added webmails, sites where it is off), the report address, the known
 * correspondents, and import/export of the settings.
 *
 * Every change is a read-modify-write through VigieSettings.update(), so a change
 * made meanwhile elsewhere (the banner's "I trust this sender", the popup's switch)
 * is kept. The page re-renders on storage.onChanged. Text comes from _locales;
 * user data is only ever set with textContent.
 *
 * Added webmails and their host permissions: hosts.js.
 */
(function () {
  "use strict";

  const S = globalThis.VigieSettings;
  const api = S.ext();

  /** The list sections of the page, by settings key. */
  const LISTS = Object.freeze({
    trustedSenders: { normalize: S.normalizeAddress, invalid: "opt_err_address" },
    trustedDomains: { normalize: S.normalizeDomain, invalid: "opt_err_domain" },
    protectedDomains: { normalize: S.normalizeDomain, invalid: "opt_err_domain" },
    webmailHosts: { normalize: S.normalizeOrigin, invalid: "opt_err_origin", hosts: true },
    disabledSites: { normalize: S.normalizeOrigin, invalid: "opt_err_origin" },
  });

  let settings = S.withDefaults({});
  /** Actions in flight; tests wait for them through vigieOptions.idle(). */
  const pending = new Set();

  const $ = (id) => document.getElementById(id);

  /** Added webmails' host permissions (hosts.js). */
  const hosts = globalThis.VigieOptionHosts.create({
    api,
    S,
    t,
    shown,
    setStatus,
    track,
    settings: () => settings,
    saveChange,
    renderList,
  });

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

  function track(promise) {
    pending.add(promise);
    promise.catch(() => {}).finally(() => pending.delete(promise));
    return promise;
  }

  function setStatus(id, text, isError = false) {
    const el = $(id);
    el.textContent = text;
    el.classList.toggle("error", isError);
  }

  function markInvalid(input, invalid) {
    if (invalid) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  /* ------------------------------------------------------------ rendering */

  /** Shown text of an entry: origins without the default "https://". */
  function shown(key, value) {
    if (key === "webmailHosts" || key === "disabledSites") return value.replace(/^https:\/\//, "");
    return value;
  }

  function entryItem(key, value) {
    const li = document.createElement("li");
    li.dataset.value = value;
    const text = document.createElement("span");
    text.className = "value";
    text.textContent = shown(key, value);
    text.title = value;
    li.append(text);

    if (LISTS[key].hosts && hosts.lacksAccess(value)) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = t("opt_hosts_no_access");
      const allow = document.createElement("button");
      allow.type = "button";
      allow.className = "allow";
      allow.textContent = t("opt_hosts_allow");
      allow.setAttribute("aria-label", t("opt_hosts_allow_label", [shown(key, value)]));
      allow.addEventListener("click", () => hosts.allow(value));
      li.append(badge, allow);
    }

    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "remove secondary";
    remove.textContent = t("opt_remove");
    remove.setAttribute("aria-label", t("opt_remove_label", [shown(key, value)]));
    remove.addEventListener("click", () => removeEntry(key, value));
    li.append(remove);
    return li;
  }

  function renderList(key) {
    const section = $(key);
    const list = section.querySelector(".entries");
    // Keep keyboard focus on the same entry across a re-render.
    const focused = list.contains(document.activeElement) ? document.activeElement : null;
    const focusValue = focused?.closest("li")?.dataset.value;
    const focusClass = focused?.className;

    list.replaceChildren(...settings[key].map((value) => entryItem(key, value)));
    section.querySelector(".empty").hidden = settings[key].length > 0;
    list.hidden = settings[key].length === 0;

    if (focusValue !== undefined) {
      const li = Array.from(list.children).find((el) => el.dataset.value === focusValue);
      const again = li && Array.from(li.querySelectorAll("button")).find((b) => b.className === focusClass);
      if (again) again.focus();
    }
  }

  function renderReport() {
    const input = $("report-input");
    if (document.activeElement !== input) input.value = settings.reportAddress;
  }

  function renderAll() {
    for (const key of Object.keys(LISTS)) renderList(key);
    renderReport();
  }

  async function reload() {
    try {
      settings = await S.load(api);
      $("page-error").hidden = true;
    } catch {
      settings = S.withDefaults({});
      $("page-error").textContent = t("opt_storage_error");
      $("page-error").hidden = false;
    }
    await hosts.refresh();
    renderAll();
  }

  /* ------------------------------------------------------------ list actions */

  async function saveChange(change) {
    settings = await S.update(change, api);
    renderAll();
  }

  function addEntry(key, form) {
    const input = form.elements.value;
    const statusId = key + "-status";
    const raw = input.value.trim();
    if (raw === "") {
      input.focus();
      return;
    }
    const value = LISTS[key].normalize(raw);
    if (value === null) {
      markInvalid(input, true);
      setStatus(statusId, t(LISTS[key].invalid, [raw]), true);
      input.focus();
      return;
    }
    markInvalid(input, false);
    if (LISTS[key].hosts) {
      hosts.add(value, input);
      return;
    }
    if (settings[key].includes(value)) {
      setStatus(statusId, t("opt_already", [shown(key, value)]));
      return;
    }
    if (settings[key].length >= S.MAX_ENTRIES) {
      setStatus(statusId, t("opt_list_full", [S.MAX_ENTRIES]), true);
      return;
    }
    track(
      saveChange((s) => {
        if (!s[key].includes(value)) s[key].push(value);
      }).then(
        () => {
          input.value = "";
          setStatus(statusId, t("opt_added", [shown(key, value)]));
        },
        () => setStatus(statusId, t("opt_err_save"), true),
      ),
    );
  }

  function removeEntry(key, value) {
    const list = $(key).querySelector(".entries");
    const items = Array.from(list.children);
    const at = items.findIndex((li) => li.dataset.value === value);
    const neighbour = items[at + 1] ?? items[at - 1];
    const statusId = key + "-status";

    const work = (async () => {
      await saveChange((s) => {
        s[key] = s[key].filter((v) => v !== value);
      });
      if (LISTS[key].hosts) await hosts.release(value);
      setStatus(statusId, t("opt_removed", [shown(key, value)]));
      // Focus: the next entry's remove button, else the add field, else the heading.
      const again = neighbour && Array.from(list.children).find((li) => li.dataset.value === neighbour.dataset.value);
      const next = again?.querySelector(".remove");
      const fallback = $(key + "-input") ?? $(key + "-title");
      (next ?? fallback).focus();
    })();
    track(work.catch(() => setStatus(statusId, t("opt_err_save"), true)));
  }

  /* ------------------------------------------------------------ report address */

  function saveReport(value) {
    const input = $("report-input");
    const raw = value.trim();
    const address = raw === "" ? S.DEFAULTS.reportAddress : S.normalizeAddress(raw);
    if (address === null) {
      markInvalid(input, true);
      setStatus("report-status", t("opt_err_address", [raw]), true);
      input.focus();
      return;
    }
    markInvalid(input, false);
    track(
      saveChange((s) => {
        s.reportAddress = address;
      }).then(
        () => {
          input.value = address;
          setStatus("report-status", t("opt_report_saved", [address]));
        },
        () => setStatus("report-status", t("opt_err_save"), true),
      ),
    );
  }

  /* ------------------------------------------------------------ correspondents */

  async function renderCorrespondents() {
    let n = 0;
    try {
      const known = (await api.storage.local.get("correspondents")).correspondents;
      if (Array.isArray(known)) n = known.length;
      else if (known && typeof known === "object") n = Object.keys(known).length;
    } catch {
      n = 0;
    }
    $("corr-count").textContent = t("opt_corr_count", [n.toLocaleString(document.documentElement.lang || undefined)]);
    $("corr-forget").disabled = n === 0;
  }

  function forgetCorrespondents() {
    track(
      (async () => {
        await api.storage.local.remove("correspondents");
        await renderCorrespondents();
        setStatus("corr-status", t("opt_corr_forgotten"));
      })().catch(() => setStatus("corr-status", t("opt_err_save"), true)),
    );
  }

  /* ------------------------------------------------------------ import / export */

  function exportSettings() {
    track(
      (async () => {
        const text = S.exportText(await S.load(api));
        const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
        const a = document.createElement("a");
        a.href = url;
        a.download = "vigie-settings.json";
        a.hidden = true;
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        setStatus("backup-status", t("opt_exported"));
      })().catch(() => setStatus("backup-status", t("opt_err_save"), true)),
    );
  }

  function importFailed(error) {
    setStatus("backup-status", t("opt_import_failed") + " " + t(error.key, error.params), true);
  }

  function importSettings(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    const work = (async () => {
      if (file.size > 1024 * 1024) {
        importFailed({ key: "settings_err_too_large", params: [] });
        return;
      }
      const result = S.parseImport(await file.text());
      if (!result.ok) {
        importFailed(result.error);
        return;
      }
      await saveChange((s) => Object.assign(s, result.values));
      await hosts.refresh();
      renderAll();
      let text = result.dropped.length
        ? t("opt_imported_dropped", [result.dropped.join(", ")])
        : t("opt_imported");
      if (settings.webmailHosts.some((o) => hosts.lacksAccess(o))) text += " " + t("opt_imported_need_access");
      setStatus("backup-status", text);
    })();
    track(
      work
        .catch(() => setStatus("backup-status", t("opt_err_save"), true))
        .finally(() => {
          input.value = "";
        }),
    );
  }

  /* ------------------------------------------------------------ wiring */

  function wire() {
    for (const key of Object.keys(LISTS)) {
      const form = $(key).querySelector("form.add");
      if (!form) continue;
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        addEntry(key, form);
      });
      form.elements.value.addEventListener("input", () => markInvalid(form.elements.value, false));
    }
    $("report-form").addEventListener("submit", (event) => {
      event.preventDefault();
      saveReport($("report-input").value);
    });
    $("report-reset").addEventListener("click", () => saveReport(""));
    $("corr-forget").addEventListener("click", forgetCorrespondents);
    $("export").addEventListener("click", exportSettings);
    $("import-file").addEventListener("change", (event) => importSettings(event.target));

    api.storage.onChanged.addListener((changes, area) => {
      if (S.isSettingsChange(changes, area)) track(reload());
      if (area === "local" && Object.prototype.hasOwnProperty.call(changes, "correspondents")) {
        track(renderCorrespondents());
      }
    });
    api.permissions?.onAdded?.addListener?.(() => track(reload()));
    api.permissions?.onRemoved?.addListener?.(() => track(reload()));
  }

  async function main() {
    localize();
    wire();
    await Promise.all([reload(), renderCorrespondents()]);
  }

  const ready = main();
  globalThis.vigieOptions = Object.freeze({
    ready,
    /** Resolves once every action started so far (and those they start) has finished. */
    async idle() {
      await ready;
      while (pending.size) await Promise.allSettled(Array.from(pending));
    },
  });
})();
