// Synthetic inputs of the benchmarks: the JavaScript twin of the generators in
// benches/engine.rs. Keep both in step (same strings, same arithmetic), so that native and
// wasm time the same work; wasm-bench.mjs prints the HTML sizes, criterion prints them too.

const SENTENCES = [
  'Bonjour, nous vous confirmons la bonne reception de votre commande. ',
  'Votre facture du mois est disponible dans votre espace client. ',
  'Pour toute question, consultez https://www.example-aide.be/faq ou appelez-nous. ',
  'Dank u voor uw vertrouwen, wij nemen spoedig contact met u op. ',
  'Vielen Dank fuer Ihre Bestellung, die Lieferung erfolgt in drei Tagen. ',
  'Please keep this message for your records and do not reply to it. ',
];

export function link(i) {
  switch (i % 5) {
    case 0: return `<a href="https://www.example-shop.be/p/${i}?utm_source=mail">Voir le produit ${i}</a>`;
    case 1: return `<a href="https://click.example-esp.com/track/click?u=ab12&amp;id=${i}">www.example-shop.be</a>`;
    case 2: return `<a href="https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.proximus.be%2Ffacture%2F${i}&amp;data=05">www.proximus.be</a>`;
    case 3: return `<a href="https://bit.ly/x${i}"><img src="https://cdn.example-shop.be/i/${i}.png" alt="Promo"></a>`;
    default: return `<a href="https://proximus-be.com/login?s=${i}">https://www.proximus.be/login</a>`;
  }
}

export function syntheticHtml(links, bytes) {
  const HEAD = '<html><head><style>p{margin:0}</style></head><body><div class="mail">\n';
  const TAIL = '</div></body></html>\n';
  const anchors = Array.from({ length: links }, (_, i) => link(i));
  const fixed = HEAD.length + TAIL.length + anchors.reduce((n, a) => n + a.length + 1, 0);
  const perBlock = Math.floor(Math.max(0, bytes - fixed) / (links + 1));
  const parts = [];
  let sentence = 0;
  const filler = () => {
    if (perBlock < 8) return;
    let len = 3;
    parts.push('<p>');
    while (len + 5 < perBlock) {
      const s = SENTENCES[sentence % SENTENCES.length];
      parts.push(s);
      len += s.length;
      sentence += 1;
    }
    parts.push('</p>\n');
  };
  parts.push(HEAD);
  filler();
  for (const a of anchors) {
    parts.push(a, '\n');
    filler();
  }
  parts.push(TAIL);
  return parts.join('');
}

export function syntheticMessage(links, bytes) {
  return {
    senderName: 'Service clientele Proximus',
    senderAddress: 'ServiceclienteleProximus@contactcenter.be',
    subject: 'Votre facture est disponible',
    bodyHtml: syntheticHtml(links, bytes),
  };
}

const SYLLABLES = ['ma', 'ri', 'van', 'de', 'bo', 'lux', 'ter', 'sol', 'ka', 'ne', 'dor', 'pi', 'gar', 'en', 'tec', 'vi'];

// Correspondent domains of three or four syllables, from the same MINSTD generator as the Rust
// twin (48271 * x < 2^47: exact in doubles).
export function configWithCorrespondents(n) {
  const TLDS = ['be', 'fr', 'com', 'nl', 'de', 'eu'];
  let x = 42;
  const next = (m) => {
    x = (x * 48271) % 2147483647;
    return x % m;
  };
  const correspondents = [];
  for (let i = 0; i < n; i++) {
    const parts = 3 + next(2);
    let label = '';
    for (let p = 0; p < parts; p++) label += SYLLABLES[next(16)];
    correspondents.push({ domain: `${label}.${TLDS[i % TLDS.length]}`, count: (i % 50) + 1 });
  }
  return { correspondents };
}

// Same ids as benches/engine.rs (criterion writes target/criterion/<group>/<id>/).
export const MESSAGES = [
  ['10_links_5KB', 10, 5 * 1024],
  ['100_links_50KB', 100, 50 * 1024],
  ['1000_links_1MB', 1000, 1024 * 1024],
  ['10_links_1MB', 10, 1024 * 1024],
  ['10000_links_5MB', 10000, 5 * 1024 * 1024],
];
