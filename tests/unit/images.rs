use super::*;

#[test]
fn image_origins_are_read_as_written() {
    assert_eq!(
        origin_prefix("https://cdn.example.be/i/1.png?x=1"),
        Some("https://cdn.example.be")
    );
    assert_eq!(
        origin_prefix("http://user@img.example.be:8080"),
        Some("http://user@img.example.be:8080")
    );
    assert_eq!(
        origin_prefix("https://a.example\\b.png"),
        Some("https://a.example")
    );
    assert_eq!(origin_prefix("cid:logo@x"), None);
    assert_eq!(origin_prefix("/relative.png"), None);
}

#[test]
fn image_hosts_are_parsed_once_per_host() {
    let hosts = HostCache::default();
    let sources: Vec<String> = [
        "https://cdn.example.be/a.png",
        "https://cdn.example.be/b.png",
        "HTTPS://CDN.EXAMPLE.BE/c.png",
        "https://img.example/d.png",
        "cid:inline",
        "not a url",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let found: Vec<String> = image_hosts(&sources, &hosts)
        .iter()
        .map(|h| h.ascii.clone())
        .collect();
    assert_eq!(found, ["cdn.example.be", "img.example"]);
}
