/*
 * Requests from the content script to the background. The Chrome worker may have been stopped
 * (idle) or restarted: a request that fails or gets no answer is sent again after growing
 * pauses, then it fails.
 */
(function () {
  'use strict';
  const V = (globalThis.vigie ??= {});
  if (V.messaging) return;

  const api = globalThis.browser ?? globalThis.chrome;
  // Changed by tests only (`V.messaging.timing`).
  const timing = {
    // A 5 MB mail on a cold worker stays well under this.
    answerTimeoutMs: 20000,
    // A worker that is being started has no message listener until its script has run:
    // Chrome then rejects at once with "Receiving end does not exist", and a single retry
    // after 200 ms was seen to hit the same gap (the e2e helper in tests/e2e/lib/devtools.mjs
    // needed the same pauses). About 3 s in all before the mail is marked unchecked.
    retryPausesMs: [200, 500, 1000, 1500],
  };

  /** False once the extension was reloaded or removed under the page (an orphaned script). */
  function alive() {
    try {
      return Boolean(api?.runtime?.id);
    } catch {
      return false;
    }
  }

  function withTimeout(promise, ms) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timeout')), ms);
      promise.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  /**
   * One request; if the background fails or gives no answer, again after each pause of
   * `timing.retryPausesMs`. A request that timed out is sent once more and no more: each try
   * may cost `timing.answerTimeoutMs`. Resolves to its answer.
   */
  async function send(message) {
    let lastError = null;
    let timedOut = false;
    for (let attempt = 0; ; attempt++) {
      if (!alive()) throw new Error('extension context gone');
      const lastTry = timedOut;
      try {
        const answer = await withTimeout(Promise.resolve(api.runtime.sendMessage(message)), timing.answerTimeoutMs);
        if (answer !== undefined && answer !== null) return answer;
        lastError = new Error('no answer');
      } catch (e) {
        lastError = e;
        if (e?.message === 'timeout') timedOut = true;
      }
      const pause = timing.retryPausesMs[attempt];
      if (pause === undefined || lastTry) break;
      await new Promise((r) => setTimeout(r, pause));
    }
    throw lastError ?? new Error('no answer');
  }

  /** Fire and forget (status reports): resolves to false when it was not delivered. */
  function post(message) {
    if (!alive()) return Promise.resolve(false);
    return Promise.resolve(api.runtime.sendMessage(message)).then(() => true, () => false);
  }

  V.messaging = { api, alive, send, post, timing };
})();
