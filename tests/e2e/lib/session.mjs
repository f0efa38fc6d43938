// The setup most browser tests share: the demo webmail on 127.0.0.1 serving some mails,
// Chromium with the production build of the extension, and https://mail.google.com routed to
// the webmail so that the real match patterns and the strict CSP apply.
import { startServer } from '../../webmail/server.mjs';
import { extensionDir, launchChromium, routeGmail } from './browsers.mjs';
import { extensionControl } from './devtools.mjs';

/**
 * @param {object} o
 * @param {string[]} o.sources mail files or folders for the webmail
 * @param {object} [o.server] more options for `startServer` (`openDelayMs`...)
 * @param {object} [o.launch] more options for `launchChromium` (`args`...)
 * @param {boolean} [o.control] also open an extension page to drive the background
 * @returns {Promise<{srv: any, browser: any, control: any, close: () => Promise<void>}>}
 */
export async function gmailSession({ sources, server = {}, launch = {}, control = false }) {
  const session = { srv: null, browser: null, control: null };
  session.close = async () => {
    await session.control?.close();
    await session.browser?.close();
    await session.srv?.close();
  };
  try {
    session.srv = await startServer({ sources, ...server });
    session.browser = await launchChromium({ extension: extensionDir('chrome'), ...launch });
    await routeGmail(session.browser.context, session.srv);
    if (control) session.control = await extensionControl(session.browser.context, session.browser.extensionId);
  } catch (e) {
    await session.close();
    throw e;
  }
  return session;
}
