/*
 * Requests from the content script to the background. The Chrome worker may have been stopped
 * (idle) or restarted: a request that gets no answer is sent once more, then it fails.
 */
(function () {
  'use strict';
  const V = (globalThis.vigie ??= {});
  if (V.messaging) return;

  const api = globalThis.browser ?? globalThis.chrome;
  const ANSWER_TIMEOUT_MS = 20000; // a 5 MB mail on a cold worker stays well under this
  const RETRY_DELAY_MS = 200;

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

  /** One request; if the background does not answer, once more. Resolves to its answer. */
  async function send(message) {
    let lastError = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!alive()) throw new Error('extension context gone');
      try {
        const answer = await withTimeout(Promise.resolve(api.runtime.sendMessage(message)), ANSWER_TIMEOUT_MS);
        if (answer !== undefined && answer !== null) return answer;
        lastError = new Error('no answer');
      } catch (e) {
        lastError = e;
      }
      if (attempt === 0) await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
    }
    throw lastError ?? new Error('no answer');
  }

  /** Fire and forget (status reports): resolves to false when it was not delivered. */
  function post(message) {
    if (!alive()) return Promise.resolve(false);
    return Promise.resolve(api.runtime.sendMessage(message)).then(() => true, () => false);
  }

  V.messaging = { api, alive, send, post };
})();
