/*
 * The webmail adapters: where each webmail puts an opened message, its sender and its body.
 * Selectors are data, so a webmail's markup change is a one-line fix here. Sources for each
 * selector: /work/shared/reference/webmail-dom.md (repo:path of the projects that use them).
 *
 * Getter strings (sender name/address, messageId):
 *   "@attr"  an attribute     "text"  the element's text     "q:SEL"  text of a descendant
 *   "mailto"  address of a mailto: href     "rc-add-contact"  Roundcube's add-contact From
 *   "url:_uid,_mbox"  query parameters of the document's URL (message id only)
 * A message is found from `message` containers, else (`bodyFirst`) by walking up from each
 * body to the nearest ancestor that holds a sender. `frame`/`frameBody`: the body is inside a
 * same-origin iframe of the container.
 */
(function () {
  'use strict';
  const V = (globalThis.vigie ??= {});
  if (V.adapters) return;

  const ADAPTERS = [
    {
      id: 'gmail',
      hosts: ['mail.google.com'],
      // One div.adn per message of a thread; data-message-id is semantic and long-lived
      // (gmail.js src/gmail.js, InboxSDK gmail-message-view.ts, Mailvelope gmailIntegration.js).
      probe: 'div.adn[data-message-id]',
      message: 'div.adn[data-message-id]',
      body: ['div.a3s.aiL', 'div.a3s.aXjCH', 'div.ii.gt div.a3s', 'div.a3s'],
      sender: [
        // span[email] carries both the display name and the address.
        { sel: '.gD[email]', name: ['@name', 'text'], address: ['@email'] },
        { sel: '.gD span[email]', name: ['@name', 'text'], address: ['@email'] },
        { sel: 'span[email]:not(.g2)', name: ['@name', 'text'], address: ['@email'] },
      ],
      subject: ['h2.hP'],
      messageId: ['@data-message-id', '@data-legacy-message-id'],
    },
    {
      id: 'outlook',
      hosts: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com'],
      // Class names are hashed and churn: roles, ids and data-* only. The sender's address is
      // often not in the page at all (only in the persona card): then the name alone is sent.
      probe: '#ReadingPaneContainerId [role="document"], [data-app-section="MailReadCompose"] [role="document"]',
      bodyFirst: {
        scope: '#ReadingPaneContainerId, [data-app-section="MailReadCompose"], #ItemReadingPaneContainer, .item-reading-pane',
        body: '[id^="UniqueMessageBody"], div[role="document"]',
        levels: 8,
      },
      sender: [
        { sel: '[data-testid="SenderPersona"]', name: ['text'], address: ['@title', '@aria-label'] },
        { sel: 'span[title*="@"], button[title*="@"], div[title*="@"]', name: ['text'], address: ['@title'] },
        { sel: 'a[href^="mailto:"]', name: ['text'], address: ['mailto'] },
        // Older OWA persona (Mailvelope providerSpecific.js); name only.
        { sel: '.lpc-hoverTarget span', name: ['text'], address: ['text'] },
      ],
      subject: ['[role="heading"][aria-level="2"]', '#ConversationReadingPaneContainer [role="heading"]'],
      messageId: [],
    },
    {
      id: 'yahoo',
      hosts: ['mail.yahoo.com'],
      // data-test-id attributes are Yahoo's test hooks and survive class minification.
      probe: '[data-test-id="message-view-body-content"]',
      message: '[data-test-id="message-view"], .message-view',
      body: ['[data-test-id="message-view-body-content"]', '.msg-body'],
      // The container's test id is unverified: else walk up from each body to its sender.
      bodyFirst: { scope: '#mail-app-component, body', body: '[data-test-id="message-view-body-content"]', levels: 10 },
      sender: [
        {
          sel: '[data-test-id="message-from"] [data-test-id="email-pill"]',
          name: ['@data-name', 'text'],
          address: ['@title', '@data-email', 'text'],
        },
        { sel: '[data-test-id="message-from"] [title*="@"]', name: ['text'], address: ['@title'] },
        { sel: '[data-test-id="message-from"]', name: ['text'], address: ['text'] },
      ],
      subject: ['[data-test-id="message-group-subject-text"]', '[data-test-id="message-subject"]'],
      messageId: ['@data-message-id'],
    },
    {
      id: 'proton',
      hosts: ['mail.proton.me', 'mail.protonmail.com'],
      // The body is in a sandboxed same-origin iframe (allow-same-origin, no scripts), read from
      // the top frame (WebClients MessageBodyIframe.tsx, getIframeSandboxAttributes.ts).
      probe: 'article[data-shortcut-target="message-container"], [data-testid^="message-view"]',
      message: 'article[data-shortcut-target="message-container"], article[data-testid^="message-view"]',
      skip: '[data-expanded="false"]',
      frame: 'iframe[data-testid="content-iframe"]',
      frameBody: ['#proton-root'],
      sender: [
        {
          sel: '[data-testid="recipients:sender"]',
          name: ['q:[data-testid="recipient-label"]', '@title'],
          address: ['q:[data-testid="recipient-address"]', '@title'],
        },
        { sel: '[data-testid="recipient-address"]', name: [], address: ['text', '@title'] },
      ],
      subject: ['[data-testid="conversation-header:subject"]', 'h1[title]'],
      messageId: ['@data-message-id'],
    },
    {
      id: 'roundcube',
      hosts: [],
      // Self-hosted. The preview is its own document in #messagecontframe (the content script
      // runs in every frame of a registered host); `_action=show` is the same markup top-level
      // (program/actions/mail/show.php; templates/message.html of elastic and larry).
      probe: '#messagebody',
      message: 'body',
      body: ['#messagebody'],
      header: '#message-header, #messageheader, #preview-shortheaders, .headers-table',
      sender: [
        // The address is never visible text: it is in title= and the mailto: href. The
        // add-contact onclick holds the full From, display name included, even when Roundcube
        // hides a name that contains "@" (its #1488981 rule).
        {
          sel: '.rcmContactAddress',
          name: ['rc-add-contact', 'text'],
          address: ['@title', 'mailto'],
        },
      ],
      subject: ['#message-header h2.subject', '#messageheader h3.subject', '.subject'],
      subjectStrip: '.voice, a, span.voice',
      messageId: ['url:_uid,_mbox'],
    },
    {
      id: 'ox',
      hosts: [],
      // Open-Xchange App Suite 7: .mail-detail per message, body in iframe.mail-detail-frame
      // (same origin, written on load) (io.ox/mail/detail/view.js, common-extensions.js).
      probe: '.mail-detail iframe.mail-detail-frame',
      message: '.mail-detail',
      frame: 'iframe.mail-detail-frame',
      frameBody: ['.mail-detail-content', 'body'],
      sender: [
        // The address is rendered only when it differs from the name; else the name is one.
        { sel: '.from', name: ['q:.person-link.person-from', 'q:.person-link'], address: ['q:.address', 'q:.person-link'] },
      ],
      subject: ['h1.subject', '.subject'],
      messageId: ['@data-cid'],
    },
    {
      id: 'zimbra',
      hosts: [],
      // Zimbra Classic: header table + DwtIframe body with body.MsgBody (ZmMailMsgView.js).
      probe: 'table.MsgHeaderTable',
      message: '.ZmMailMsgView',
      body: ['div.MsgBody'],
      frame: 'div[id$="_body"] iframe',
      frameBody: ['body.MsgBody', 'body'],
      sender: [
        { sel: '[id$="_from"] .addrBubble', name: ['text'], address: ['@title', '@email', 'text'] },
      ],
      subject: ['.SubjectCol', '.LabelColValue.SubjectCol'],
      messageId: [],
    },
  ];

  // Last resort: the largest element that looks like a message body. Links only: no sender.
  const GENERIC = {
    id: 'generic',
    hosts: [],
    candidates: [
      '[role="document"]',
      'article',
      '.v-Message-body',
      '.mail-detail-content',
      '.MsgBody',
      '[class*="message-body" i]',
      '[class*="messagebody" i]',
      '[id*="messagebody" i]',
      '[class*="mail-body" i]',
      '[class*="msg-body" i]',
      '[class*="email-body" i]',
    ].join(', '),
    minText: 80,
    sender: [],
    subject: [],
    messageId: [],
  };

  function hostMatches(adapter, hostname) {
    return adapter.hosts.some((h) => hostname === h || hostname.endsWith(`.${h}`));
  }

  /** The adapter for this page: by host name, else by a DOM signature, else null (generic). */
  function forPage(doc, hostname) {
    const byHost = ADAPTERS.find((a) => hostMatches(a, hostname));
    if (byHost) return { adapter: byHost, recognised: true };
    for (const a of ADAPTERS) {
      try {
        if (a.probe && doc.querySelector(a.probe)) return { adapter: a, recognised: true };
      } catch {
        /* a selector this browser does not know */
      }
    }
    return { adapter: null, recognised: false };
  }

  V.adapters = { ADAPTERS, GENERIC, forPage, byId: (id) => ADAPTERS.find((a) => a.id === id) ?? (id === 'generic' ? GENERIC : null) };
})();
