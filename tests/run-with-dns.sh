#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/run-with-dns.sh PROGRAM [ARGS...]: runs PROGRAM with the system's own
# resolver asking a real DNS server (dnsmasq) that knows the test domains,
# inside a private network and mount namespace: loopback only, and a
# resolv.conf of its own bind-mounted over /etc/resolv.conf. Nothing of the
# machine's network or name service is touched, and nothing leaves it.
#
# The zone:
#   workspace.test       MX 1 aspmx.l.google.com, 5 alt1.aspmx.l.google.com
#   hosting.test         MX 10 mx01.hosting.example.ne.jp
#   lookalike.test       MX 1 aspmx.l.google.com.example.net
#   xn--r8jz45g.test     MX 1 aspmx.l.google.com            (例え.test)
#   nosuch.test          does not exist (NXDOMAIN)
#   silent.test          forwarded to a server that never answers
#
# Where no namespace can be made (not root, or no unshare) or dnsmasq is
# missing, it says so as a TAP plan of no tests (meson: skipped), exit 0;
# otherwise PROGRAM's exit status.
set -u

if [[ ${1:-} != --inside ]]; then
  PATH=$PATH:/usr/sbin:/sbin
command -v dnsmasq >/dev/null || { echo "1..0 # SKIP dnsmasq is not installed"; exit 0; }
  command -v unshare >/dev/null || { echo "1..0 # SKIP unshare is not installed"; exit 0; }
  if ! unshare --net --mount true 2>/dev/null; then
    echo "1..0 # SKIP cannot make a private network namespace here"
    exit 0
  fi
  exec unshare --net --mount --fork -- "$0" --inside "$@"
fi
shift

set -e
dir=$(mktemp -d)
cleanup() {
  [[ -n ${dnsmasq_pid:-} ]] && kill "$dnsmasq_pid" 2>/dev/null
  [[ -n ${silent_pid:-} ]] && kill "$silent_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

ip link set lo up
# The mounts below are this namespace's alone, and go with it.
mount --make-rprivate /

# A server that reads questions and never answers: the case of a name server
# that is there but silent. Debian's own Python.
/usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 5399))
print("ready", flush=True)
while True:
    s.recvfrom(4096)
' > "$dir/silent.out" &
silent_pid=$!

dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --no-poll \
  --user=root --pid-file= --listen-address=127.0.0.1 --bind-interfaces --port=53 \
  --log-facility="$dir/dnsmasq.log" \
  --local=/workspace.test/ --local=/hosting.test/ --local=/lookalike.test/ \
  --local=/xn--r8jz45g.test/ --local=/nosuch.test/ \
  --server=/silent.test/127.0.0.1#5399 \
  --mx-host=workspace.test,aspmx.l.google.com,1 \
  --mx-host=workspace.test,alt1.aspmx.l.google.com,5 \
  --mx-host=hosting.test,mx01.hosting.example.ne.jp,10 \
  --mx-host=lookalike.test,aspmx.l.google.com.example.net,1 \
  --mx-host=xn--r8jz45g.test,aspmx.l.google.com,1 &
dnsmasq_pid=$!

printf 'nameserver 127.0.0.1\noptions timeout:10 attempts:1\n' > "$dir/resolv.conf"
mount --bind "$dir/resolv.conf" /etc/resolv.conf

# Ready when both answer: dnsmasq to a question, the silent one by its word.
for _ in $(seq 100); do
  if grep -q ready "$dir/silent.out" 2>/dev/null &&
     /usr/bin/python3 -c '
import socket
q = bytes.fromhex("beef01000001000000000000") + b"\x09workspace\x04test\x00" + bytes.fromhex("000f0001")
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.1)
s.sendto(q, ("127.0.0.1", 53)); s.recvfrom(512)' 2>/dev/null; then
    break
  fi
  sleep 0.05
done

rc=0
BMS_TEST_DNS=1 "$@" || rc=$?
exit $rc
