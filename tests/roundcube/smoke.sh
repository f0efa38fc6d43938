#!/usr/bin/env bash
# smoke.sh — proves rc-env.sh works end to end with curl:
#   install (no-op when present) -> start -> deliver the sample mails ->
#   log in to Roundcube -> list INBOX (all sample subjects present) ->
#   open every message (_action=show and the iframe's _action=preview):
#   body container, sender address and every link of the .eml are there ->
#   stop (processes gone, DIR removed; second stop is a no-op).
#
#   tests/roundcube/smoke.sh [--save-fixtures]
#
# --save-fixtures rewrites tests/roundcube/fixtures/*.preview.html (the HTML
# Roundcube renders in #messagecontframe for two samples; the per-session
# request token is replaced by REQUEST_TOKEN so the files are stable).
# SAMPLES_DIR (default: the repository's tests/samples) holds the .eml files,
# read-only.  Needs curl and python3 besides what rc-env.sh installs.
# Exits non-zero on any failure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RC_ENV="$HERE/rc-env.sh"
SAMPLES_DIR=${SAMPLES_DIR:-$(cd "$HERE/../samples" && pwd)}
SAVE_FIXTURES=0
[[ ${1:-} == --save-fixtures ]] && SAVE_FIXTURES=1

PY=python3
[[ -x /usr/bin/python3 ]] && PY=/usr/bin/python3

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
step() { echo "smoke: $*"; }
now_ms() { date +%s%3N; }

shopt -s nullglob
SAMPLES=("$SAMPLES_DIR"/*.eml)
((${#SAMPLES[@]} > 0)) || fail "no .eml in $SAMPLES_DIR"

t=$(now_ms)
"$RC_ENV" install
step "install check: $(($(now_ms) - t)) ms"

WORK=$(mktemp -d /tmp/vigie-rc-smoke.XXXXXX)
D="$WORK/env"           # rc-env DIR (created by start)
C="$WORK/curl"          # curl scratch (cookies, pages)
mkdir -p "$C"
cleanup() {
  local rc=$?
  "$RC_ENV" stop "$D" || true
  rm -rf -- "$WORK"
  ((rc == 0)) || echo "smoke: failed (exit $rc)" >&2
  exit $rc
}
trap cleanup EXIT

t=$(now_ms)
"$RC_ENV" start "$D"
step "start: $(($(now_ms) - t)) ms"
# shellcheck disable=SC1091
source "$D/env"
for v in RC_URL RC_USER RC_PASS IMAP_PORT DOVECOT_PID PHP_PID; do
  [[ -n ${!v:-} ]] || fail "$v missing from $D/env"
done
[[ $RC_URL == http://127.0.0.1:*/ ]] || fail "RC_URL=$RC_URL"

t=$(now_ms)
"$RC_ENV" deliver "$D" "${SAMPLES[@]}"
step "deliver ${#SAMPLES[@]} mails: $(($(now_ms) - t)) ms"

# --- both services bind loopback only -------------------------------------
if command -v ss >/dev/null; then
  for p in "$RC_PORT" "$IMAP_PORT"; do
    ss -Hltn "sport = :$p" | awk '{print $4}' | grep -qv '^127\.0\.0\.1:' \
      && fail "port $p listens on a non-loopback address"
  done
fi

CURL=(curl -sS --fail --max-time 20 -c "$C/cj" -b "$C/cj")

# --- login ----------------------------------------------------------------
t=$(now_ms)
"${CURL[@]}" "$RC_URL" -o "$C/login.html"
grep -q 'id="rcmloginuser"' "$C/login.html" || fail "login page has no #rcmloginuser"
token=$(sed -n 's/.*name="_token" value="\([^"]*\)".*/\1/p' "$C/login.html" | head -n1)
[[ -n $token ]] || fail "no _token in the login page"
"${CURL[@]}" "${RC_URL}?_task=login" \
  --data-urlencode "_token=$token" -d _task=login -d _action=login \
  -d _timezone=UTC -d _url= \
  --data-urlencode "_user=$RC_USER" --data-urlencode "_pass=$RC_PASS" \
  -D "$C/login.hdr" -o /dev/null
grep -qi '^location: .*_task=mail' "$C/login.hdr" || {
  cat "$C/login.hdr" >&2; fail "login did not redirect to the mail task"; }
"${CURL[@]}" "${RC_URL}?_task=mail&_mbox=INBOX" -o "$C/mail.html"
grep -q 'id="messagecontframe"' "$C/mail.html" || fail "mail page has no #messagecontframe"
rtoken=$(grep -o '"request_token":"[^"]*"' "$C/mail.html" | head -n1 | cut -d'"' -f4)
[[ -n $rtoken ]] || fail "no request_token in the mail page"
step "login: $(($(now_ms) - t)) ms"

# --- message list -----------------------------------------------------------
"${CURL[@]}" -H "X-Roundcube-Request: $rtoken" \
  "${RC_URL}?_task=mail&_action=list&_mbox=INBOX&_remote=1" -o "$C/list.json"

# Compare with the subjects of the .eml files; print "uid<TAB>file" lines.
"$PY" - "$C/list.json" "${SAMPLES[@]}" >"$C/uids.tsv" <<'PY'
import email, email.policy, html, json, re, sys
data = json.load(open(sys.argv[1]))
rows = {}
for m in re.finditer(r'^this\.add_message_row\((\d+),(.*)\);$', data["exec"], re.M):
    cols = json.loads("[" + m.group(2) + "]")[0]
    rows[int(m.group(1))] = html.unescape(cols["subject"])
want = {}
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    want[path] = str(msg["subject"])
if data["env"].get("messagecount") != len(want):
    sys.exit(f"messagecount {data['env'].get('messagecount')} != {len(want)} samples")
by_subject = {}
for uid, s in rows.items():
    by_subject.setdefault(s, []).append(uid)
bad = 0
for path, s in want.items():
    uids = by_subject.get(s)
    if not uids:
        print(f"subject not in list: {s!r} ({path})", file=sys.stderr); bad += 1; continue
    print(f"{uids.pop(0)}\t{path}")
    print(f"  list ok: {s}", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
step "message list: all ${#SAMPLES[@]} subjects present"

# --- open every message ---------------------------------------------------
check_page() {  # check_page PAGE.html FILE.eml
  "$PY" - "$1" "$2" <<'PY'
import email, email.policy, email.utils, html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
with open(sys.argv[2], "rb") as f:
    msg = email.message_from_binary_file(f, policy=email.policy.default)
part = msg.get_body(preferencelist=("html", "plain"))
body = part.get_content()
if part.get_content_type() == "text/html":
    links = re.findall(r'href="([^"]+)"', body)
    container = 'class="message-htmlpart"'
else:
    links = re.findall(r'https?://[^\s<>"]+', body)
    container = 'class="message-part"'
i = page.find('<div id="messagebody">')
if i < 0:
    sys.exit("no #messagebody")
shown = page[i:]
if container not in shown[:200]:
    sys.exit(f"#messagebody does not start with {container}")
def norm(t):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", t)).split())
text = norm(body)
words = " ".join(text.split()[:8])
if words not in norm(shown):
    sys.exit(f"body text {words!r} not in #messagebody")
hrefs = {html.unescape(h) for h in re.findall(r'<a [^>]*href="([^"]*)"', shown)}
missing = [l for l in links if html.unescape(l) not in hrefs]
if missing:
    sys.exit(f"links missing from the body: {missing}")
name, addr = email.utils.parseaddr(str(msg["from"]))
local, _, dom = addr.rpartition("@")
forms = {addr}
if "xn--" in dom:   # Roundcube shows IDN domains in Unicode
    forms.add(local + "@" + dom.encode().decode("idna"))
if not any(re.search(r'<a [^>]*class="rcmContactAddress"[^>]*title="%s"' % re.escape(html.escape(a)), page)
           for a in forms):
    sys.exit(f"sender {addr} not shown as a.rcmContactAddress[title]")
PY
}

t=$(now_ms)
n=0
while IFS=$'\t' read -r uid file; do
  base=$(basename "$file" .eml)
  for action in show preview; do
    extra=""
    [[ $action == preview ]] && extra="&_framed=1"
    "${CURL[@]}" "${RC_URL}?_task=mail&_action=$action&_uid=$uid&_mbox=INBOX$extra" \
      -o "$C/$base.$action.html"
    check_page "$C/$base.$action.html" "$file" || fail "$action of uid $uid ($base)"
  done
  n=$((n + 1))
done <"$C/uids.tsv"
((n == ${#SAMPLES[@]})) || fail "opened $n of ${#SAMPLES[@]} messages"
step "opened $n messages (show + preview), bodies, senders and links ok: $(($(now_ms) - t)) ms"

# Roundcube's own homograph warning shows for the IDN look-alike sample only
for f in "$C"/*.preview.html; do
  b=$(basename "$f" .preview.html)
  if grep -q 'id="suspicious-content-message"' "$f"; then
    step "Roundcube's own 'suspicious email address' warning: $b"
  fi
done

if ((SAVE_FIXTURES)); then
  mkdir -p "$HERE/fixtures"
  for b in fr-proximus-fake-appointment fr-plaintext-embedded-brand; do
    [[ -f $C/$b.preview.html ]] || fail "no preview page for $b"
    sed -e "s/$rtoken/REQUEST_TOKEN/g" -e 's/"user_id":"[^"]*"/"user_id":"USER_ID"/' \
      "$C/$b.preview.html" >"$HERE/fixtures/$b.preview.html"
  done
  step "fixtures saved in $HERE/fixtures"
fi

# --- stop -----------------------------------------------------------------
t=$(now_ms)
"$RC_ENV" stop "$D"
for p in "$DOVECOT_PID" "$PHP_PID"; do
  # zombies (exited, not yet reaped by init) do not count
  # /proc/PID/stat after the last ')': state, ppid, pgid ... (no procps needed)
  for st in /proc/[0-9]*/stat; do
    IFS= read -r line 2>/dev/null <"$st" || continue
    read -r state _ pgid _ <<<"${line##*) }"
    pid=${st#/proc/}; pid=${pid%/stat}
    [[ $pid == "$p" || $pgid == "$p" ]] || continue
    [[ $state == Z || $state == X ]] || fail "pid $pid (group $p) is still alive after stop"
  done
done
[[ ! -e $D ]] || fail "$D still exists after stop"
"$RC_ENV" stop "$D" || fail "second stop failed"
step "stop: $(($(now_ms) - t)) ms"
echo "smoke: OK"
