#!/usr/bin/env bash
# rc-env.sh — a throwaway, loopback-only Roundcube webmail + Dovecot IMAP
# environment built from Debian 12 (bookworm) packages, for Vigie's browser
# tests.  See NOTES.md beside this file.
#
#   rc-env.sh install               apt-get the packages (no-op when present)
#   rc-env.sh start DIR             start Dovecot + Roundcube (php -S) in DIR
#   rc-env.sh deliver DIR FILE...   deliver .eml files to the test user's INBOX
#   rc-env.sh stop DIR              stop what start started (by PID), rm DIR
#
# After `start`, DIR/env holds (shell syntax, `source`-able):
#   RC_URL=http://127.0.0.1:PORT/  RC_PORT  RC_USER  RC_PASS  IMAP_PORT
#   DOVECOT_PID  PHP_PID  RC_DIR
# Environment: RC_SKIN=larry (start; default elastic), RC_HTTP_PORT=N (start;
# Roundcube's port, default a free one), RC_ENV_WAIT=seconds (start's bounded
# wait for the ports, default 20).
#
# Nothing outside DIR is written by start/deliver/stop; /etc/dovecot,
# /etc/roundcube and the system's dovecot (if any) are never touched.
set -euo pipefail

RC_USER=vigie
RC_PASS=vigie-test
# bookworm ships PHP 8.2; naming php8.2-cgi *first* satisfies the `php`
# metapackage's "libapache2-mod-php8.2 | php8.2-fpm | php8.2-cgi" dependency
# without pulling apache2 in (roundcube-core Depends on `php`).
PACKAGES=(
  php8.2-cgi
  roundcube-core roundcube-sqlite3 roundcube-plugins roundcube-skin-larry
  dovecot-core dovecot-imapd
  php-cli php-sqlite3 php-mbstring php-intl php-xml
  sqlite3
)
RC_PUBLIC=/var/lib/roundcube/public_html      # Debian's document root
RC_DEFAULTS=/etc/roundcube/defaults.inc.php    # Debian keeps it with the config
RC_MIMETYPES=/etc/roundcube/mimetypes.php
RC_SCHEMA=/usr/share/roundcube/SQL/sqlite.initial.sql
DOVECOT_LDA=/usr/lib/dovecot/dovecot-lda
MAIL_UID=65534   # nobody
MAIL_GID=65534   # nogroup
WAIT_SECONDS=${RC_ENV_WAIT:-20}
RC_SKIN=${RC_SKIN:-elastic}        # start: elastic (default) or larry
RC_HTTP_PORT=${RC_HTTP_PORT:-}     # start: Roundcube's port (default: a free one)

die() { echo "rc-env: $*" >&2; exit 1; }
log() { echo "rc-env: $*" >&2; }

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
  exit 2
}

# ---------------------------------------------------------------- install
cmd_install() {
  local missing=() p
  local -A ok=()
  # one dpkg-query for all: prints "ii  name" for installed packages
  while read -r st p; do
    [[ $st == ii ]] && ok[${p%%:*}]=1
  done < <(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${PACKAGES[@]}" 2>/dev/null || true)
  for p in "${PACKAGES[@]}"; do
    [[ -n ${ok[$p]:-} ]] || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  log "installing: ${missing[*]}"
  [[ $(id -u) == 0 ]] || die "install must run as root"
  export DEBIAN_FRONTEND=noninteractive
  # roundcube-core: no dbconfig-common database, no web server reconfiguration.
  # dovecot-core: no snakeoil certificate needed (we run without TLS).
  debconf-set-selections <<'EOF'
roundcube-core roundcube/dbconfig-install boolean false
roundcube-core roundcube/reconfigure-webserver multiselect
roundcube-core roundcube/restart-webserver boolean false
roundcube-core roundcube/hosts string localhost:143
dovecot-core dovecot-core/create-ssl-cert boolean false
EOF
  # Keep Debian from starting the system-wide dovecot (ports 143/993 on every
  # address) while the package installs: we only ever run our own instance.
  # policy-rc.d is Debian's switch for that (invoke-rc.d and deb-systemd-invoke
  # both honour it); ours is only added when none exists, and removed after.
  local policy=/usr/sbin/policy-rc.d
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# %s\nexit 101\n' "$POLICY_MARK" >"$policy"
    chmod 0755 "$policy"
    trap 'remove_policy' EXIT
    trap 'exit 130' INT TERM
  fi
  local apt_opts=(-y --no-install-recommends
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold
    -o DPkg::Lock::Timeout=900)
  if ! apt-get install "${apt_opts[@]}" "${PACKAGES[@]}"; then
    log "apt-get install failed; retrying after apt-get update"
    apt-get update -o DPkg::Lock::Timeout=900
    apt-get install "${apt_opts[@]}" "${PACKAGES[@]}"
  fi
  remove_policy
  trap - EXIT INT TERM
}

# remove_policy: removes /usr/sbin/policy-rc.d if (and only if) install wrote it.
POLICY_MARK="written by Vigie's rc-env.sh install; removed when it ends"
remove_policy() {
  local policy=/usr/sbin/policy-rc.d
  if [[ -f $policy ]] && grep -qF "$POLICY_MARK" "$policy" 2>/dev/null; then
    rm -f -- "$policy"
  fi
}

# ---------------------------------------------------------------- helpers
free_port() {
  # Ask the kernel for a free loopback port (tiny race until we bind it).
  # shellcheck disable=SC2016  # PHP code, not shell
  php -r '$s = stream_socket_server("tcp://127.0.0.1:0", $e, $m) or exit(1);
          $n = stream_socket_get_name($s, false);
          echo substr($n, strrpos($n, ":") + 1), "\n";'
}

port_open() {  # port_open PORT -> 0 when something accepts on 127.0.0.1:PORT
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

abs_dir() {  # resolve DIR to an absolute path without requiring it to exist
  local d=$1
  [[ -n $d ]] || die "DIR must not be empty"
  [[ $d == /* ]] || d="$PWD/$d"
  # normalise trailing slashes
  while [[ $d == */ && $d != / ]]; do d=${d%/}; done
  [[ $d != / ]] || die "refusing DIR=/"
  printf '%s\n' "$d"
}

# pid_is_ours PID DIR: PID is alive and its command line mentions DIR
# (guards against PID reuse before we signal anything).
pid_is_ours() {
  local pid=$1 dir=$2 cmdline
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  cmdline=$(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null) || return 1
  [[ $cmdline == *"$dir/"* ]]
}

# Process state from /proc rather than ps(1): procps is not in a minimal Debian
# image.  /proc/PID/stat's comm field (2) may hold spaces and parentheses, so the
# fields are read after the last ')': state is then the first, pgid the third.
# `read` is a builtin: no fork per process, so scanning /proc stays cheap.

# proc_fields PID: sets _ST (state letter, empty if PID is gone) and _PGID.
proc_fields() {
  local stat rest
  _ST= _PGID=
  IFS= read -r stat 2>/dev/null <"/proc/$1/stat" || return 0
  rest=${stat##*) }
  read -r _ST _ _PGID _ <<<"$rest"
}

proc_pgid() { proc_fields "$1"; printf '%s\n' "$_PGID"; }

# alive PID: PID exists and is not a zombie.  (The services outlive the shell
# that started them, so their exit is reaped by init, sometimes seconds later;
# a zombie has already exited and holds nothing.)
alive() {
  proc_fields "$1"
  [[ -n $_ST && $_ST != Z && $_ST != X ]]
}

# group_alive PGID: some non-zombie process is left in process group PGID.
group_alive() {
  local d
  for d in /proc/[0-9]*; do
    proc_fields "${d#/proc/}"
    [[ $_PGID == "$1" && -n $_ST && $_ST != Z && $_ST != X ]] && return 0
  done
  return 1
}

# kill_tree PID DIR: TERM the process group PID leads (we start every service
# with setsid, so PID == PGID and its workers/children share it), wait up to
# 5 s, then KILL.
kill_tree() {
  local pid=$1 dir=$2 i pgid
  pid_is_ours "$pid" "$dir" || return 0
  pgid=$(proc_pgid "$pid")
  local target=$pid check=alive
  if [[ $pgid == "$pid" ]]; then
    target=-$pid check=group_alive
  fi
  kill -TERM -- "$target" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    "$check" "$pid" || return 0
    sleep 0.05
  done
  log "pid $pid did not exit on TERM; sending KILL"
  kill -KILL -- "$target" 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do
    "$check" "$pid" || return 0
    sleep 0.05
  done
  log "pid $pid (group $pgid) still alive after KILL"
  return 1
}

print_logs() {
  local dir=$1 f
  for f in "$dir"/dovecot/dovecot.log "$dir"/dovecot/stdout.log \
           "$dir"/php.log "$dir"/logs/errors.log; do
    [[ -s $f ]] || continue
    echo "----- $f (last 40 lines)" >&2
    tail -n 40 "$f" >&2
  done
}

# ---------------------------------------------------------------- start
cmd_start() {
  (($# == 1)) || usage
  local D
  D=$(abs_dir "$1")
  if [[ -e $D ]]; then
    [[ -d $D ]] || die "$D exists and is not a directory"
    [[ -z $(ls -A "$D") ]] || die "$D is not empty"
  fi
  local p
  for p in "$RC_PUBLIC/index.php" "$RC_DEFAULTS" "$RC_SCHEMA" "$DOVECOT_LDA"; do
    [[ -e $p ]] || die "$p missing: run '$0 install' first"
  done
  [[ $RC_SKIN =~ ^[a-z]+$ && -d /usr/share/roundcube/skins/$RC_SKIN ]] \
    || die "no Roundcube skin '$RC_SKIN' in /usr/share/roundcube/skins"
  command -v dovecot >/dev/null || die "dovecot missing: run '$0 install' first"
  command -v php >/dev/null || die "php missing: run '$0 install' first"

  local t0=$SECONDS
  mkdir -p "$D"
  # from here on, a failure stops whatever was started and removes DIR
  _START_DIR=$D
  trap 'rc=$?; trap - EXIT INT TERM; if ((rc != 0)); then print_logs "$_START_DIR"; cmd_stop "$_START_DIR" >/dev/null 2>&1 || true; fi; exit $rc' EXIT
  trap 'exit 130' INT TERM

  # dovecot's login processes (user dovenull) chroot into base_dir/login and
  # its auth workers run as user dovecot: the path must be traversable.
  chmod 0755 "$D"
  mkdir -p "$D"/dovecot/run "$D"/dovecot/state "$D"/mail "$D"/config "$D"/logs "$D"/temp
  chmod 0755 "$D"/dovecot "$D"/dovecot/run
  # Dovecot refuses uid 0 for mail access: the mailbox belongs to nobody.
  chown "$MAIL_UID:$MAIL_GID" "$D"/mail

  local imap_port rc_port
  if [[ -n $RC_HTTP_PORT ]]; then
    [[ $RC_HTTP_PORT =~ ^[0-9]+$ ]] && ((RC_HTTP_PORT > 0 && RC_HTTP_PORT < 65536)) \
      || die "RC_HTTP_PORT=$RC_HTTP_PORT is not a port number"
    ! port_open "$RC_HTTP_PORT" || die "127.0.0.1:$RC_HTTP_PORT is already in use"
    rc_port=$RC_HTTP_PORT
    imap_port=$(free_port)
    while [[ $imap_port == "$rc_port" ]]; do imap_port=$(free_port); done
  else
    imap_port=$(free_port)
    rc_port=$(free_port)
    while [[ $rc_port == "$imap_port" ]]; do rc_port=$(free_port); done
  fi

  # --- Dovecot ---------------------------------------------------------
  printf '%s:{PLAIN}%s\n' "$RC_USER" "$RC_PASS" >"$D"/dovecot/passwd
  chmod 0644 "$D"/dovecot/passwd
  cat >"$D"/dovecot/dovecot.conf <<EOF
# generated by rc-env.sh — a private instance; nothing here refers to /etc/dovecot
instance_name = vigie-rc-$imap_port
base_dir = $D/dovecot/run
state_dir = $D/dovecot/state
log_path = $D/dovecot/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
# Mail processes chroot into $D/mail (as root) before dropping to uid
# $MAIL_UID, so the mailbox works even when a parent of DIR is mode 0700
# (mktemp -d): the unprivileged uid never has to traverse DIR's parents.
valid_chroot_dirs = $D/mail
mail_location = maildir:~/Maildir
postmaster_address = postmaster@vigie.test
hostname = vigie.test
lda_mailbox_autocreate = yes
mail_fsync = never

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $D/dovecot/passwd
}
userdb {
  driver = static
  args = uid=$MAIL_UID gid=$MAIL_GID home=$D/mail/./%u
}

namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
}

# auth reads $D/dovecot/passwd: run it as root for the same reason
service auth {
  user = root
}

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
  # --- Roundcube config + database -------------------------------------
  ln -s "$RC_DEFAULTS" "$D"/config/defaults.inc.php
  [[ -e $RC_MIMETYPES ]] && ln -s "$RC_MIMETYPES" "$D"/config/mimetypes.php
  local des_key
  des_key=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')   # 24 chars
  cat >"$D"/config/config.inc.php <<EOF
<?php
// generated by rc-env.sh: loaded because ROUNDCUBE_CONFIG_DIR=$D/config
// (Debian's iniset.php honours that variable), so /etc/roundcube's
// config.inc.php is NOT read; defaults.inc.php is a symlink to Debian's.
\$config = [];
\$config['db_dsnw'] = 'sqlite:///$D/roundcube.db?mode=0600';
\$config['imap_host'] = '127.0.0.1:$imap_port';
\$config['imap_auth_type'] = 'PLAIN';
\$config['imap_cache'] = null;
\$config['messages_cache'] = false;
// never used: nothing listens there, mail is not sent by the tests
\$config['smtp_host'] = '127.0.0.1:9';
\$config['smtp_user'] = '';
\$config['smtp_pass'] = '';
\$config['des_key'] = '$des_key';
\$config['product_name'] = 'Roundcube Webmail';
\$config['support_url'] = '';
\$config['skin'] = '$RC_SKIN';
\$config['language'] = 'en_US';
\$config['timezone'] = 'UTC';
\$config['mail_domain'] = 'vigie.test';
\$config['username_domain'] = '';
\$config['enable_installer'] = false;
\$config['plugins'] = [];
\$config['temp_dir'] = '$D/temp';
\$config['log_dir'] = '$D/logs';
\$config['log_driver'] = 'file';
\$config['per_user_logging'] = false;
// nothing that reaches the network
\$config['enable_spellcheck'] = false;
\$config['spellcheck_engine'] = 'pspell';
\$config['show_images'] = 0;          // default: never load remote images
\$config['contact_search_name'] = '';
\$config['ip_check'] = false;
\$config['login_rate_limit'] = 0;
\$config['session_lifetime'] = 60;
\$config['use_https'] = false;
\$config['x_frame_options'] = 'sameorigin';
// keep the UI deterministic for tests
\$config['refresh_interval'] = 0;
\$config['mail_pagesize'] = 50;
\$config['default_list_mode'] = 'list';
\$config['message_sort_col'] = '';
\$config['create_default_folders'] = false;
\$config['check_all_folders'] = false;
\$config['prefer_html'] = true;
\$config['draft_autosave'] = 0;
\$config['undo_timeout'] = 0;
EOF
  sqlite3 "$D"/roundcube.db <"$RC_SCHEMA"
  chmod 0600 "$D"/roundcube.db

  # --- launch ------------------------------------------------------------
  local dovecot_pid php_pid
  # -F: stay in the foreground, so $! is the master; setsid: own process
  # group (stop kills the group), detached from the caller's terminal.
  setsid dovecot -F -c "$D"/dovecot/dovecot.conf \
    </dev/null >"$D"/dovecot/stdout.log 2>&1 &
  dovecot_pid=$!
  echo "$dovecot_pid" >"$D"/dovecot.pid

  # A clean environment: rcube_config reads ROUNDCUBE_<OPTION> variables as
  # config overrides, so nothing from the caller's environment leaks in.
  setsid env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin TZ=UTC LANG=C.UTF-8 \
    ROUNDCUBE_CONFIG_DIR="$D/config" PHP_CLI_SERVER_WORKERS=4 \
    php -S "127.0.0.1:$rc_port" -t "$RC_PUBLIC" \
      -d display_errors=0 -d log_errors=1 -d error_log="$D/logs/php-errors.log" \
      -d session.auto_start=0 -d zend.exception_ignore_args=1 \
      -d upload_max_filesize=10M -d post_max_size=12M -d memory_limit=256M \
      -d variables_order=EGPCS \
    </dev/null >"$D"/php.log 2>&1 &
  php_pid=$!
  echo "$php_pid" >"$D"/php.pid

  cat >"$D"/env <<EOF
RC_URL=http://127.0.0.1:$rc_port/
RC_PORT=$rc_port
RC_USER=$RC_USER
RC_PASS=$RC_PASS
IMAP_PORT=$imap_port
DOVECOT_PID=$dovecot_pid
PHP_PID=$php_pid
RC_DIR=$D
EOF

  # --- wait for both ports ----------------------------------------------
  local deadline=$((SECONDS + WAIT_SECONDS)) ok_imap=0 ok_rc=0
  while ((SECONDS < deadline)); do
    alive "$dovecot_pid" || die "dovecot exited during startup"
    alive "$php_pid" || die "php -S exited during startup"
    ((ok_imap)) || { port_open "$imap_port" && ok_imap=1; }
    ((ok_rc)) || { port_open "$rc_port" && ok_rc=1; }
    ((ok_imap && ok_rc)) && break
    sleep 0.05
  done
  ((ok_imap)) || die "dovecot did not listen on 127.0.0.1:$imap_port within ${WAIT_SECONDS}s"
  ((ok_rc)) || die "php -S did not listen on 127.0.0.1:$rc_port within ${WAIT_SECONDS}s"
  # the IMAP greeting proves dovecot really serves
  local greeting
  greeting=$(exec 3<>"/dev/tcp/127.0.0.1/$imap_port" && IFS= read -r -t 5 line <&3 && printf '%s' "$line") || greeting=
  [[ $greeting == "* OK"* ]] || die "unexpected IMAP greeting: ${greeting:-<none>}"

  trap - EXIT INT TERM
  log "up in $((SECONDS - t0))s: Roundcube http://127.0.0.1:$rc_port/  IMAP 127.0.0.1:$imap_port  (env: $D/env)"
}

# ---------------------------------------------------------------- deliver
cmd_deliver() {
  (($# >= 2)) || usage
  local D f sender
  D=$(abs_dir "$1"); shift
  [[ -f $D/dovecot/dovecot.conf ]] || die "$D is not a started rc-env directory"
  for f in "$@"; do
    [[ -f $f && -r $f ]] || die "cannot read $f"
    # envelope sender = the address in the first From: header, if any
    sender=$(sed -n '/^\r\{0,1\}$/q; s/^From:.*<\([^>]*\)>.*/\1/Ip' "$f" | head -n1)
    [[ -n $sender ]] || sender=sender@vigie.test
    "$DOVECOT_LDA" -c "$D"/dovecot/dovecot.conf -d "$RC_USER" -f "$sender" -m INBOX <"$f" \
      || die "dovecot-lda failed for $f (see $D/dovecot/dovecot.log)"
  done
}

# ---------------------------------------------------------------- stop
cmd_stop() {
  (($# == 1)) || usage
  local D pid
  D=$(abs_dir "$1")
  [[ -e $D ]] || return 0
  [[ -d $D ]] || die "$D is not a directory"
  # Only remove directories that look like ours (or are empty).
  if [[ -n $(ls -A "$D") && ! -e $D/dovecot.pid && ! -e $D/php.pid && ! -e $D/env \
        && ! -d $D/dovecot && ! -d $D/config ]]; then
    die "$D does not look like an rc-env directory; not removing it"
  fi
  local pids=()
  for f in "$D"/php.pid "$D"/dovecot.pid; do
    [[ -r $f ]] && pids+=("$(cat "$f")")
  done
  if [[ -r $D/env ]]; then
    pids+=("$(sed -n 's/^PHP_PID=//p' "$D"/env)" "$(sed -n 's/^DOVECOT_PID=//p' "$D"/env)")
  fi
  local rc=0
  for pid in "${pids[@]}"; do
    [[ -n $pid ]] || continue
    kill_tree "$pid" "$D" || rc=1
  done
  ((rc == 0)) || die "some processes of $D survived; DIR kept for inspection"
  rm -rf -- "$D"
}

main() {
  (($# >= 1)) || usage
  local cmd=$1; shift
  case $cmd in
    install) cmd_install "$@" ;;
    start)   cmd_start "$@" ;;
    deliver) cmd_deliver "$@" ;;
    stop)    cmd_stop "$@" ;;
    -h|--help|help) usage ;;
    *) usage ;;
  esac
}

main "$@"
