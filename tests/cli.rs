//! The `vigie` command line as a user runs it: the built binary, its JSON lines, its human
//! output and its exit codes (0 whatever the verdict, 2 for unusable arguments).
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn vigie(args: &[&str]) -> Output {
    run(Command::new(env!("CARGO_BIN_EXE_vigie")).args(args), None)
}

fn vigie_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    run(
        Command::new(env!("CARGO_BIN_EXE_vigie")).args(args),
        Some(stdin),
    )
}

fn run(command: &mut Command, stdin: Option<&[u8]>) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the vigie binary runs");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    pipe.write_all(stdin.unwrap_or_default())
        .expect("stdin takes the input");
    drop(pipe);
    child.wait_with_output().expect("vigie finishes")
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn kinds(v: &Value) -> Vec<&str> {
    v["findings"]
        .as_array()
        .map(|f| f.iter().filter_map(|x| x["kind"].as_str()).collect())
        .unwrap_or_default()
}

/// Domain rows of the oracle table (`tests/data/hosts.tsv`, from Python's `idna`).
fn oracle_domains() -> Vec<(String, String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hosts.tsv");
    std::fs::read_to_string(path)
        .expect("hosts.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("input\t"))
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            match cols.as_slice() {
                [input, ascii, unicode, "domain"] => {
                    Some((input.to_string(), ascii.to_string(), unicode.to_string()))
                }
                _ => None,
            }
        })
        .collect()
}

#[test]
fn check_domain_prints_one_json_object_per_domain_with_the_oracles_forms() {
    let rows = oracle_domains();
    assert!(rows.len() > 10, "the oracle table has domain rows");
    let inputs: Vec<&str> = rows.iter().map(|(i, _, _)| i.as_str()).collect();
    let mut args = vec!["check-domain", "--json"];
    args.extend(&inputs);
    let out = vigie(&args);
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), rows.len());
    for ((input, ascii, unicode), line) in rows.iter().zip(&lines) {
        assert_eq!(line["input"], input.as_str());
        assert_eq!(line["ascii"], ascii.as_str(), "{input}");
        assert_eq!(line["domain"], unicode.as_str(), "{input}");
        for field in ["registrable", "verdict"] {
            assert!(line[field].is_string(), "{input}: {field}");
        }
        assert!(line["findings"].is_array(), "{input}");
    }
}

#[test]
fn a_lookalike_is_danger_with_its_technique_and_the_exit_code_stays_zero() {
    // The sample homograph (`shared/samples`): Proximus with a Greek omicron.
    let out = vigie(&["check-domain", "--json", "xn--prximus-9of.be"]);
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    let [line] = lines.as_slice() else {
        panic!("one line: {lines:?}")
    };
    assert_eq!(line["verdict"], "danger");
    assert_eq!(line["domain"], "pr\u{3bf}ximus.be");
    let lookalike = line["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|x| x["kind"] == "lookalike_domain"))
        .expect("a lookalike finding");
    assert_eq!(lookalike["severity"], "danger");
    assert_eq!(lookalike["imitates"], "proximus.be");
    assert!(lookalike["technique"].is_string());
}

#[test]
fn stdin_gives_a_line_per_input_even_when_a_line_is_not_utf8() {
    // A lone surrogate encoded in UTF-8 (`ED A0 80`) is no UTF-8: that line is judged invalid,
    // and the lines after it are still read.
    let out = vigie_with_stdin(
        &["check-domain", "--json", "-"],
        b"example.org\r\n\xed\xa0\x80.com\n\n   \nproximus.be\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    let inputs: Vec<&str> = lines.iter().filter_map(|l| l["input"].as_str()).collect();
    assert_eq!(
        inputs,
        ["example.org", "\u{fffd}\u{fffd}\u{fffd}.com", "proximus.be"]
    );
    assert_eq!(kinds(&lines[1]), ["invalid_input"]);
    assert_eq!(lines[2]["verdict"], "ok", "the brand's own domain");
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_judged_invalid_not_a_crash() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let out = run(
        Command::new(env!("CARGO_BIN_EXE_vigie"))
            .args(["check-domain", "--json"])
            .arg(OsStr::from_bytes(b"\xed\xa0\x80.com")),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(kinds(&lines[0]), ["invalid_input"]);
}

#[test]
fn bad_domains_get_an_invalid_input_finding() {
    let long_label = "a".repeat(64) + ".com";
    let long_name = "ab.".repeat(100) + "com";
    let bad = [
        "",
        "xn--zz",
        "a b.com",
        "user@host.com",
        &long_label,
        &long_name,
        "pro\u{200b}ximus.be",
        "bad\u{7}.com",
    ];
    let mut args = vec!["check-domain", "--json"];
    args.extend(bad);
    let out = vigie(&args);
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), bad.len());
    for (input, line) in bad.iter().zip(&lines) {
        assert_eq!(kinds(line), ["invalid_input"], "{input:?}");
        assert_eq!(line["verdict"], "caution", "{input:?}");
    }
}

#[test]
fn check_sender_flags_the_seed_case_in_json_and_in_words() {
    let seed = "\"Service clientèle Proximus\" <ServiceclienteleProximus@contactcenter.be>";
    let out = vigie(&["check-sender", "--json", seed]);
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["verdict"], "danger");
    assert!(kinds(&lines[0]).contains(&"brand_impersonation"));

    let human = vigie(&["check-sender", seed]);
    assert_eq!(human.status.code(), Some(0));
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("danger"), "{text}");
    assert!(
        text.contains("Proximus") && text.contains("contactcenter.be"),
        "{text}"
    );
}

#[test]
fn unusable_arguments_exit_2_with_a_message_on_stderr() {
    for args in [
        &["check-domain"][..],
        &["check-sender", "--json"],
        &["check-domain", "--nope", "example.org"],
        &["check-domain", "--config"],
        &[
            "check-domain",
            "--config",
            "/nonexistent/vigie.json",
            "example.org",
        ],
        &["frobnicate"],
        &["scan"],
    ] {
        let out = vigie(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("vigie: "), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn version_names_the_public_suffix_list_and_the_catalog() {
    let out = vigie(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("public suffix list 20"), "{text}");
    assert!(text.contains("brands"), "{text}");
}

#[test]
fn scan_reports_a_sample_and_names_a_missing_file() {
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/samples/fr-proximus-fake-appointment.eml"
    );
    let out = vigie(&["scan", "--json", sample, "/nonexistent/mail.eml"]);
    // One file could not be read: exit 2, and the readable one is still reported.
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["file"], sample);
    assert_eq!(lines[0]["verdict"], "danger");
    assert_eq!(lines[1]["file"], "/nonexistent/mail.eml");
    assert!(lines[1]["error"].is_string());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/mail.eml"));
}

#[test]
fn a_closed_stdout_is_no_crash() {
    // `vigie --help | head -0`: the reader is gone before vigie writes.
    for args in [
        &["--help"][..],
        &["--version"],
        &["check-domain", "example.org"],
    ] {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_vigie"))
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("vigie runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(out.status.code(), Some(101), "{args:?}");
    }
}

#[test]
fn check_sender_reads_a_from_field_pasted_from_the_mail_source() {
    // The seed case as its source carries it: the brand only in base64, under `From:`.
    let pasted = "From: =?UTF-8?B?U2VydmljZSBjbGllbnTDqGxlIFByb3hpbXVz?= <info@contactcenter.be>";
    let out = vigie(&["check-sender", "--json", pasted]);
    let lines = json_lines(&out);
    assert_eq!(lines[0]["input"], pasted, "the input is reported as given");
    assert_eq!(lines[0]["sender"]["name"], "Service clientèle Proximus");
    assert_eq!(lines[0]["verdict"], "danger");
    assert!(kinds(&lines[0]).contains(&"brand_impersonation"));
}
