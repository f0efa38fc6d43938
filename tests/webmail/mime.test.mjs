// Unit tests of the demo webmail's MIME reader: node --test tests/webmail/
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  decodeBase64,
  decodeCharset,
  decodeEncodedWords,
  decodeQuotedPrintable,
  parseAddressList,
  parseMail,
  parseMailbox,
  parseParams,
} from './mime.mjs';
import { SAMPLES_DIR } from './server.mjs';

const crlf = (s) => s.replace(/\r?\n/g, '\r\n');

test('quoted-printable: escapes, soft breaks, trailing padding', () => {
  assert.equal(decodeQuotedPrintable('caf=C3=A9 =\r\nau lait'), 'caf\xc3\xa9 au lait');
  assert.equal(decodeQuotedPrintable('a=3Db=\nc'), 'a=bc');
  assert.equal(decodeQuotedPrintable('line   \r\nnext'), 'line\r\nnext');
  assert.equal(decodeQuotedPrintable('100=% sure =ZZ'), '100=% sure =ZZ', 'invalid escapes stay');
  assert.equal(decodeCharset(decodeQuotedPrintable('=E9t=E9'), 'iso-8859-1'), 'été');
});

test('base64: ignores line breaks and junk', () => {
  const b64 = Buffer.from('Grüße aus Köln', 'utf8').toString('base64');
  const wrapped = `${b64.slice(0, 8)}\r\n${b64.slice(8)}\r\n`;
  assert.equal(decodeCharset(decodeBase64(wrapped), 'utf-8'), 'Grüße aus Köln');
});

test('charsets: labels, unknown charset falls back', () => {
  const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]).toString('latin1');
  assert.equal(decodeCharset(latin1, 'ISO-8859-1'), 'café');
  assert.equal(decodeCharset(latin1, 'windows-1252'), 'café');
  assert.equal(decodeCharset(Buffer.from('café', 'utf8').toString('latin1'), 'x-unknown'), 'café');
  assert.equal(decodeCharset(latin1, 'x-unknown'), 'café', 'not UTF-8: windows-1252');
  assert.equal(decodeCharset('abc', '"us-ascii"'.replace(/"/g, '')), 'abc');
});

test('RFC 2047 encoded words', () => {
  assert.equal(decodeEncodedWords('=?utf-8?Q?Service_client=C3=A8le?= Proximus'), 'Service clientèle Proximus');
  assert.equal(decodeEncodedWords('=?UTF-8?B?R3LDvMOfZQ==?='), 'Grüße');
  assert.equal(decodeEncodedWords('=?iso-8859-1?q?caf=E9?= =?iso-8859-1?q?_cr=E8me?='), 'café crème', 'space between words dropped');
  assert.equal(decodeEncodedWords('=?utf-8*fr?Q?=C3=A9t=C3=A9?='), 'été', 'RFC 2231 language suffix');
  assert.equal(decodeEncodedWords('=?x-nope?Q?abc?='), '=?x-nope?Q?abc?=', 'unknown charset left as is');
  assert.equal(decodeEncodedWords('no words here'), 'no words here');
});

test('structured header parameters, quoted and RFC 2231', () => {
  assert.deepEqual(parseParams('text/HTML; charset="UTF-8"'), { value: 'text/html', params: { charset: 'UTF-8' } });
  assert.deepEqual(parseParams('multipart/alternative; boundary="a;b=c" (comment)'), {
    value: 'multipart/alternative',
    params: { boundary: 'a;b=c' },
  });
  assert.equal(parseParams("attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf").params.filename, 'résumé.pdf');
  assert.equal(parseParams('attachment; filename*0="long"; filename*1="name.txt"').params.filename, 'longname.txt');
  assert.equal(parseParams('text/plain').params.charset, undefined);
});

test('mailboxes: quoted names, @ in the name, comments, encoded words, groups', () => {
  assert.deepEqual(parseMailbox('"Service clientèle Proximus" <ServiceclienteleProximus@contactcenter.be>'), {
    name: 'Service clientèle Proximus',
    address: 'ServiceclienteleProximus@contactcenter.be',
  });
  assert.deepEqual(parseMailbox('"support@proximus.be" <promo@mailer-offres.fr>'), {
    name: 'support@proximus.be',
    address: 'promo@mailer-offres.fr',
  });
  assert.deepEqual(parseMailbox('KBC Bank <x@kbc-veiligheid.com>'), { name: 'KBC Bank', address: 'x@kbc-veiligheid.com' });
  assert.deepEqual(parseMailbox('bare@example.be'), { name: '', address: 'bare@example.be' });
  assert.deepEqual(parseMailbox('bare@example.be (Marie Dupont)'), { name: 'Marie Dupont', address: 'bare@example.be' });
  assert.deepEqual(parseMailbox('=?utf-8?Q?Proximus_S=C3=A9curit=C3=A9?= <s@proximus-be.com>'), {
    name: 'Proximus Sécurité',
    address: 's@proximus-be.com',
  });
  assert.deepEqual(parseMailbox('"Dupont, \\"Marie\\" <fake@x>" <real@y.be>'), { name: 'Dupont, "Marie" <fake@x>', address: 'real@y.be' });
  assert.deepEqual(parseAddressList('"A, B" <a@x.be>, c@y.be; Team: d@z.be, e@z.be;'), [
    { name: 'A, B', address: 'a@x.be' },
    { name: '', address: 'c@y.be' },
    { name: '', address: 'd@z.be' },
    { name: '', address: 'e@z.be' },
  ]);
  assert.deepEqual(parseAddressList(''), []);
});

test('single-part 8-bit HTML mail with raw UTF-8 headers', () => {
  const raw = readFileSync(join(SAMPLES_DIR, 'fr-proximus-fake-appointment.eml'));
  const m = parseMail(raw);
  assert.deepEqual(m.from, { name: 'Service clientèle Proximus', address: 'ServiceclienteleProximus@contactcenter.be' });
  assert.equal(m.subject, 'Confirmation de votre rendez-vous du 8 février à 15h');
  assert.equal(m.messageId, 'rdv-20240129-0912@contactcenter.be');
  assert.equal(m.text, null);
  assert.match(m.html, /<a href="https:\/\/rdv-conseil\.contactcenter\.be\/confirm\?id=88412">www\.proximus\.be<\/a>/);
  assert.match(m.html, /passera à votre domicile/);
});

test('multipart/alternative prefers HTML; QP and base64 parts; charset per part', () => {
  const raw = crlf(`From: =?utf-8?B?UHJveGltdXM=?= <noreply@proximus.be>
To: a@example.be
Subject: =?iso-8859-1?Q?Votre_facture_de_f=E9vrier?=
Reply-To: "Support" <support@proximus.be>
Message-ID: <abc@proximus.be>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="==alt=="

This is a multi-part message in MIME format.
--==alt==
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Votre facture de f=E9vrier est pr=EAte.
--==alt==
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

${Buffer.from('<p>Votre facture de février est prête.</p>', 'utf8').toString('base64')}
--==alt==--
epilogue
`);
  const m = parseMail(Buffer.from(raw, 'latin1'));
  assert.deepEqual(m.from, { name: 'Proximus', address: 'noreply@proximus.be' });
  assert.deepEqual(m.replyTo, { name: 'Support', address: 'support@proximus.be' });
  assert.equal(m.subject, 'Votre facture de février');
  assert.equal(m.html, '<p>Votre facture de février est prête.</p>');
  assert.equal(m.text, 'Votre facture de février est prête.');
  assert.deepEqual(m.attachments, []);
});

test('multipart/mixed with a nested alternative and an attachment', () => {
  const raw = crlf(`From: a@example.be
Subject: nested
Content-Type: multipart/mixed; boundary=outer

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8

plain version
--inner
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

<a href=3D"https://example.be/x">lien</a>=
 suite
--inner--

--outer
Content-Type: application/pdf; name="facture.pdf"
Content-Disposition: attachment; filename="facture.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--outer--
`);
  const m = parseMail(raw);
  assert.equal(m.html, '<a href="https://example.be/x">lien</a> suite');
  assert.equal(m.text, 'plain version');
  assert.deepEqual(m.attachments, [{ filename: 'facture.pdf', contentType: 'application/pdf', size: 9 }]);
});

test('multipart/alternative with only text keeps the text; missing close delimiter tolerated', () => {
  const raw = crlf(`From: a@example.be
Content-Type: multipart/alternative; boundary=b

--b
Content-Type: text/plain; charset=utf-8

only text, see https://example.be
--b
Content-Type: text/calendar; method=REQUEST

BEGIN:VCALENDAR
`);
  const m = parseMail(raw);
  assert.equal(m.html, null);
  assert.equal(m.text, 'only text, see https://example.be');
  assert.equal(m.attachments[0].contentType, 'text/calendar');
});

test('plain-text mail without any MIME header; folded headers', () => {
  const m = parseMail('From: someone@example.be\nSubject: a very\n  long subject\n\nhello\n');
  assert.equal(m.subject, 'a very long subject');
  assert.equal(m.text, 'hello\n');
  assert.equal(m.html, null);
  assert.equal(m.from.address, 'someone@example.be');
});

test('headers in raw latin1 (not UTF-8) are read as windows-1252', () => {
  const m = parseMail(Buffer.from('From: "Caf\xe9" <c@example.be>\nSubject: cr\xe8me\n\nx', 'latin1'));
  assert.equal(m.from.name, 'Café');
  assert.equal(m.subject, 'crème');
});

test('every sample parses with a sender, a subject and a body', () => {
  const files = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.eml'));
  assert.ok(files.length >= 14, `expected the 14 samples, found ${files.length}`);
  for (const f of files) {
    const m = parseMail(readFileSync(join(SAMPLES_DIR, f)));
    assert.match(m.from?.address ?? '', /^[^@\s]+@[^@\s]+$/, `${f}: sender address`);
    assert.ok(m.subject, `${f}: subject`);
    assert.ok(m.html || m.text, `${f}: body`);
    assert.ok(!/\uFFFD/.test(`${m.subject}${m.from.name}${m.html ?? m.text}`), `${f}: no replacement characters`);
  }
});
