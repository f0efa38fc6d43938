use super::*;

#[test]
fn multipart_quoted_printable_prefers_html() {
    let eml = b"From: =?utf-8?q?Service_client=C3=A8le?= <a@example.org>\r\nReply-To: b@example.net\r\nSubject: Hi\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain\r\n--XX\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<a href=3D\"https://example.org/\">www.example.org</a>\r\n--XX--\r\n";
    let m = message_from_eml(eml).unwrap();
    assert_eq!(m.sender_name.as_deref(), Some("Service client\u{e8}le"));
    assert_eq!(m.reply_to.as_deref(), Some("b@example.net"));
    assert_eq!(
        m.body_html.as_deref().map(str::trim),
        Some("<a href=\"https://example.org/\">www.example.org</a>")
    );
    assert!(m.body_text.is_none());
}

#[test]
fn base64_and_legacy_charset_text() {
    // "Caf\xe9 \xe0 https://example.org" in ISO-8859-1, base64-encoded.
    let eml = b"From: a@example.org\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\nQ2Fm6SDgIGh0dHBzOi8vZXhhbXBsZS5vcmc=\r\n";
    let m = message_from_eml(eml).unwrap();
    assert_eq!(
        m.body_text.as_deref(),
        Some("Caf\u{e9} \u{e0} https://example.org")
    );
    assert!(m.body_html.is_none());
}

#[test]
fn garbage_and_empty_input() {
    assert!(matches!(message_from_eml(b""), Err(MailError::Empty)));
    assert!(matches!(message_from_eml(b"  \r\n"), Err(MailError::Empty)));
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let _ = message_from_eml(&garbage);
    let broken = b"From: a@example.org\r\nContent-Type: multipart/mixed; boundary=\r\n\r\n--\r\n--\r\nno end";
    let _ = message_from_eml(broken);
}
