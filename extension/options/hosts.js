/*
 * Options page, added webmails: the host permission of each added origin.
 *
 * Adding one asks permissions.request() for the origin's host pattern first (from the
 * user's own click, nothing awaited before it), then sends {type:"registerHost", origin}
 * to the background, which registers the content script there. An origin whose
 * permission was refused or taken back stays in the list with an "allow" button.
 *
 * Loaded before options.js, which creates one with the page's helpers.
 */
(function () {
  "use strict";

  /**
   * page: { api, S, t, shown, setStatus, track, settings() (the current settings),
   * saveChange(change), renderList(key) }.
   */
  function create(page) {
    const { api, S, t, shown, setStatus, track } = page;
    const STATUS = "webmailHosts-status";
    /** origin → whether its host permission is granted. */
    const access = new Map();

    /** True when the origin is added but Vigie may not read its pages. */
    function lacksAccess(origin) {
      return access.get(origin) === false;
    }

    async function refresh() {
      const hosts = page.settings().webmailHosts;
      for (const origin of Array.from(access.keys())) if (!hosts.includes(origin)) access.delete(origin);
      await Promise.all(
        hosts.map(async (origin) => {
          let granted = true;
          try {
            if (api.permissions?.contains) {
              granted = await api.permissions.contains({ origins: [S.originPattern(origin)] });
            }
          } catch {
            granted = false;
          }
          access.set(origin, Boolean(granted));
        }),
      );
    }

    /** permissions.request, called synchronously from the user's click. */
    function requestAccess(origin) {
      try {
        return Promise.resolve(api.permissions.request({ origins: [S.originPattern(origin)] }));
      } catch (e) {
        return Promise.reject(e);
      }
    }

    async function register(origin) {
      try {
        const reply = await api.runtime.sendMessage({ type: "registerHost", origin });
        return !(reply && reply.ok === false);
      } catch {
        return false;
      }
    }

    /** Asks for access (first thing of the click), then `granted()`, then registers. */
    function askThenRegister(origin, granted, doneKey) {
      const label = shown("webmailHosts", origin);
      // why: Firefox only accepts permissions.request() while handling the user's input,
      // so it is the first thing this click does; everything else follows its answer.
      const asked = requestAccess(origin);
      const work = asked.then(async (ok) => {
        if (!ok) {
          setStatus(STATUS, t("opt_hosts_denied", [label]), true);
          return;
        }
        access.set(origin, true);
        await granted();
        const registered = await register(origin);
        setStatus(STATUS, registered ? t(doneKey, [label]) : t("opt_hosts_register_failed", [label]), !registered);
      });
      track(work.catch(() => setStatus(STATUS, t("opt_err_save"), true)));
    }

    function add(origin, input) {
      if (page.settings().webmailHosts.includes(origin) && !lacksAccess(origin)) {
        setStatus(STATUS, t("opt_already", [shown("webmailHosts", origin)]));
        return;
      }
      askThenRegister(
        origin,
        async () => {
          await page.saveChange((s) => {
            if (!s.webmailHosts.includes(origin)) s.webmailHosts.push(origin);
          });
          input.value = "";
        },
        "opt_hosts_added",
      );
    }

    /** The "allow" button of an origin added without access. */
    function allow(origin) {
      askThenRegister(origin, async () => page.renderList("webmailHosts"), "opt_hosts_allowed");
    }

    /** Gives the host permission back unless another kept origin uses the same pattern. */
    async function release(origin) {
      const pattern = S.originPattern(origin);
      access.delete(origin);
      if (page.settings().webmailHosts.some((o) => S.originPattern(o) === pattern)) return;
      try {
        await api.permissions.remove({ origins: [pattern] });
      } catch {
        // A permission the manifest requires cannot be removed; nothing to do.
      }
    }

    return Object.freeze({ lacksAccess, refresh, add, allow, release });
  }

  globalThis.VigieOptionHosts = Object.freeze({ create });
})();
