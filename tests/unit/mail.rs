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

fn from_header(value: &str) -> Message {
    let eml = format!("From: {value}\r\nSubject: x\r\n\r\nbody\r\n");
    message_from_eml(eml.as_bytes()).unwrap()
}

#[test]
fn a_bare_name_before_the_address_is_the_shown_sender_and_a_malformed_from() {
    let m = from_header("Brand Gift, jo <svc@example.org>");
    assert_eq!(m.sender_name.as_deref(), Some("Brand Gift"));
    assert_eq!(m.sender_address.as_deref(), Some("svc@example.org"));
    assert!(m.from_malformed);

    let m = from_header("\"Shop\" <>");
    assert_eq!(m.sender_name.as_deref(), Some("Shop"));
    assert_eq!(m.sender_address, None);
    assert!(m.from_malformed);
}

#[test]
fn several_authors_need_a_sender_field() {
    assert!(from_header("a@example.org, b@example.net").from_malformed);
    let eml = b"From: a@example.org, b@example.net\r\nSender: a@example.org\r\nSubject: x\r\n\r\nbody\r\n";
    let m = message_from_eml(eml).unwrap();
    assert!(!m.from_malformed);
    assert_eq!(m.sender_address.as_deref(), Some("a@example.org"));
}

#[test]
fn an_ordinary_from_is_well_formed() {
    for value in [
        "Name <a@example.org>",
        "a@example.org",
        "\"Last, First\" <a@example.org>",
        "=?utf-8?q?Service_client=C3=A8le?= <a@example.org>",
    ] {
        let m = from_header(value);
        assert!(!m.from_malformed, "{value}");
        assert_eq!(
            m.sender_address.as_deref(),
            Some("a@example.org"),
            "{value}"
        );
    }
}

#[test]
fn a_disguised_name_survives_header_decoding() {
    // Encoded words carrying a Greek omicron and a Cyrillic i, or zero-width no-break spaces:
    // decoding must keep them, so that the sender check sees the disguise.
    for (header, shown) in [
        (
            "=?utf-8?b?SGFyYs6/dXIgTNGWbmVz?= <news@shipping-notices.example.com>",
            "Harb\u{3bf}ur L\u{456}nes",
        ),
        (
            "=?utf-8?b?R2lmdCBQ77u/cu+7v2l6ZSBEZXNr?= <news@shipping-notices.example.com>",
            "Gift P\u{feff}r\u{feff}ize Desk",
        ),
    ] {
        let m = from_header(header);
        assert_eq!(m.sender_name.as_deref(), Some(shown));
        let report = crate::Engine::new(&crate::Config::default()).analyze_message(&m);
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.kind == crate::Kind::DisguisedName && f.subject == "sender"),
            "{header}"
        );
    }
}

#[test]
fn a_sender_pasted_from_a_mail_source_reads_as_a_mail_program_shows_it() {
    let shown = "Service clientèle Proximus <info@contactcenter.be>";
    for pasted in [
        "=?UTF-8?B?U2VydmljZSBjbGllbnTDqGxlIFByb3hpbXVz?= <info@contactcenter.be>",
        "From: =?utf-8?q?Service_client=C3=A8le_Proximus?= <info@contactcenter.be>",
        "  reply-to:\t\"Service clientèle Proximus\" <info@contactcenter.be>",
    ] {
        assert_eq!(mailbox_as_shown(pasted).as_deref(), Some(shown), "{pasted}");
    }
    // Nothing to undo: read as typed, so a plain mailbox keeps its quotes and spaces.
    assert_eq!(
        mailbox_as_shown("\"Proximus\" <info@contactcenter.be>"),
        None
    );
    assert_eq!(mailbox_as_shown("Fromage <info@example.org>"), None);
    for junk in [
        "=?",
        "From:",
        "=?x?b?!!?=",
        "from: <>",
        "=?utf-8?b?",
        "\u{0}=?\u{feff}",
    ] {
        let _ = mailbox_as_shown(junk); // no panic, whatever it makes of it
    }
}
