//! wasm-bindgen tests of the WebAssembly API (`src/wasm.rs`), run under Node by
//! `wasm-bindgen-test-runner` (`make test-wasm`). They call the API exactly as the extension's
//! background script does: plain JS objects in, plain JS objects out.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, JSON};
use vigie::wasm::{version, WasmEngine};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap()
}

fn string(obj: &JsValue, key: &str) -> String {
    get(obj, key).as_string().unwrap_or_default()
}

fn kinds(report: &JsValue) -> Vec<String> {
    Array::from(&get(report, "findings"))
        .iter()
        .map(|f| string(&f, "kind"))
        .collect()
}

#[wasm_bindgen_test]
fn fake_appointment_is_danger_with_evidence() {
    let engine = WasmEngine::new(JsValue::UNDEFINED).unwrap();
    let snapshot = js(r#"{
        "senderName": "Service clientèle Proximus",
        "senderAddress": "ServiceclienteleProximus@contactcenter.be",
        "subject": "Confirmation de votre rendez-vous",
        "bodyHtml": "<p>Rendez-vous sur <a href=\"https://rdv.contactcenter.be/c?id=1\">www.proximus.be</a></p>"
    }"#);
    let report = engine.analyze_message(snapshot).unwrap();
    assert_eq!(string(&report, "verdict"), "danger");
    let kinds = kinds(&report);
    assert!(
        kinds.iter().any(|k| k == "brand_impersonation"),
        "{kinds:?}"
    );
    assert!(kinds.iter().any(|k| k == "link_text_mismatch"), "{kinds:?}");
    let links = Array::from(&get(&report, "links"));
    assert_eq!(links.length(), 1);
    assert_eq!(string(&links.get(0), "registrable"), "contactcenter.be");
    assert!(get(&report, "elapsedMs")
        .as_f64()
        .is_some_and(|ms| ms >= 0.0));
}

#[wasm_bindgen_test]
fn genuine_sender_is_ok() {
    let engine = WasmEngine::new(JsValue::NULL).unwrap();
    let snapshot = js(
        r#"{"senderName": "Proximus", "senderAddress": "noreply@proximus.be",
        "bodyHtml": "<a href=\"https://www.proximus.be/facture\">www.proximus.be</a>"}"#,
    );
    let report = engine.analyze_message(snapshot).unwrap();
    assert_eq!(string(&report, "verdict"), "ok", "{:?}", kinds(&report));
}

#[wasm_bindgen_test]
fn config_reaches_the_engine() {
    let plain = WasmEngine::new(JsValue::UNDEFINED).unwrap();
    let configured = WasmEngine::new(js(r#"{"protectedDomains": ["acme-widgets.be"],
        "trustedSenders": [], "trustedDomains": [], "correspondents": [{"domain": "example.org", "count": 3}]}"#))
    .unwrap();
    assert!(configured.protected_count() > plain.protected_count());
    let lookalike = configured.check_domain("acme-widgets.com").unwrap();
    assert_ne!(string(&lookalike, "verdict"), "ok");
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_not_a_trap() {
    let engine = WasmEngine::new(JsValue::UNDEFINED).unwrap();
    assert!(engine.analyze_message(JsValue::from_f64(42.0)).is_err());
    assert!(engine.analyze_message(js(r#"{"bodyHtml": 7}"#)).is_err());
    assert!(WasmEngine::new(js(r#"{"protectedDomains": "not a list"}"#)).is_err());
    // The engine is still usable after refusing bad input.
    let link = engine
        .check_link("https://198.51.100.7/login", "Log in", None)
        .unwrap();
    assert_eq!(string(&link, "verdict"), "caution");
    let sender = engine.check_sender("\u{0}\u{202e} <@@>").unwrap();
    assert!(get(&sender, "findings").is_object());
}

#[wasm_bindgen_test]
fn message_and_config_fields_are_read_by_name_and_type() {
    let engine = WasmEngine::new(JsValue::UNDEFINED).unwrap();
    // Null and missing fields are empty, unknown fields ignored.
    let report = engine
        .analyze_message(js(
            r#"{"senderName": null, "senderAddress": "noreply@proximus.be",
            "subject": "Votre facture", "bodyText": "Bonjour", "somethingElse": [1, 2],
            "fromMalformed": false}"#,
        ))
        .unwrap();
    assert_eq!(string(&report, "verdict"), "ok", "{:?}", kinds(&report));
    // Each field reaches the engine under its own name (the brand's own address as sender,
    // except to test the sender's name).
    let kinds_of = |fields: &str| {
        let message = js(&format!("{{{fields}}}"));
        kinds(&engine.analyze_message(message).unwrap())
    };
    let secret = "Envoyez-nous votre code PIN.";
    assert_eq!(
        kinds_of(r#""senderName": "Proximus", "senderAddress": "info@example.org""#),
        ["brand_impersonation"]
    );
    assert_eq!(
        kinds_of(r#""senderAddress": "noreply@proximus.be", "replyTo": "support@proxirnus.be""#),
        ["lookalike_domain"]
    );
    assert_eq!(
        kinds_of(&format!(
            r#""senderAddress": "noreply@proximus.be", "subject": "{secret}""#
        )),
        ["secret_request"]
    );
    assert_eq!(
        kinds_of(&format!(
            r#""senderAddress": "noreply@proximus.be", "bodyText": "{secret}""#
        )),
        ["secret_request"]
    );
    assert_eq!(
        kinds_of(&format!(
            r#""senderAddress": "noreply@proximus.be", "bodyHtml": "<p>{secret}</p>""#
        )),
        ["secret_request"]
    );
    assert_eq!(
        kinds_of(r#""senderAddress": "noreply@proximus.be", "fromMalformed": true"#),
        ["from_malformed"]
    );
    for bad in [
        "[]",
        "null",
        r#""text""#,
        r#"{"subject": 3}"#,
        r#"{"senderName": {}}"#,
        r#"{"fromMalformed": "yes"}"#,
    ] {
        assert!(engine.analyze_message(js(bad)).is_err(), "{bad}");
    }
    let configured = WasmEngine::new(js(r#"{"protectedDomains": ["acme-widgets.be"],
        "trustedSenders": null, "unknown": 1,
        "correspondents": [{"domain": "example.org", "count": 4294967295}]}"#))
    .unwrap();
    assert_ne!(
        string(
            &configured.check_domain("acme-widgets.com").unwrap(),
            "verdict"
        ),
        "ok"
    );
    for bad in [
        "[]",
        r#"{"trustedDomains": ["a.example", 7]}"#,
        r#"{"correspondents": [{"domain": "example.org", "count": 1.5}]}"#,
        r#"{"correspondents": [{"domain": "example.org", "count": -1}]}"#,
        r#"{"correspondents": [{"domain": "example.org", "count": 4294967296}]}"#,
        r#"{"correspondents": [{"count": 3}]}"#,
        r#"{"correspondents": ["example.org"]}"#,
    ] {
        assert!(WasmEngine::new(js(bad)).is_err(), "{bad}");
    }
}

#[wasm_bindgen_test]
fn version_names_the_public_suffix_list() {
    assert!(version().contains("public suffix list"));
}

#[wasm_bindgen_test]
fn lone_surrogates_from_javascript_are_read_not_a_trap() {
    // A JS string may hold half of a surrogate pair, which no Rust string can: the engine gets
    // U+FFFD in its place and judges the rest.
    let engine = WasmEngine::new(JsValue::UNDEFINED).unwrap();
    let snapshot = js(r#"{
        "senderName": "Proximus \ud800",
        "senderAddress": "service@contact\udc00center.be",
        "subject": "\udbff",
        "bodyHtml": "<a href=\"https://pro\ud800ximus.example/\">www.proximus.be</a> \udfff"
    }"#);
    let report = engine.analyze_message(snapshot).unwrap();
    assert_ne!(string(&report, "verdict"), "ok");
    let domain = js(r#""xn--pr\ud800ximus.be""#)
        .as_string()
        .unwrap_or_default();
    assert!(domain.contains('\u{fffd}'), "{domain:?}");
    let checked = engine.check_domain(&domain).unwrap();
    assert_eq!(kinds(&checked), ["invalid_input"]);
}
