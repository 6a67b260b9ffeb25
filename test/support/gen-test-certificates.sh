#!/usr/bin/env bash
# Generates the self-signed test certificates the certificate-expiry fixtures embed, with fixed
# validity windows around the fixture clock (test/support/clock.ts FIXTURE_NOW, 2030-06-01Z).
# Prints, per certificate, its name and the base64 of its PEM (what a Secret's data.tls.crt
# holds). The private keys are thrown away: fixtures carry a placeholder tls.key, never key
# material.
#
#   usage: test/support/gen-test-certificates.sh   (needs openssl; output is pasted into fixtures)
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p db && : > db/index.txt && echo 1000 > db/serial
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = test
[ test ]
database = db/index.txt
serial = db/serial
new_certs_dir = .
default_md = sha256
policy = any
unique_subject = no
copy_extensions = copy
[ any ]
commonName = supplied
CNF
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
  -subj "/CN=mesh-lifecycle test CA" -days 36500 2>/dev/null
# name            not before        not after         common name
while read -r name start end cn; do
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$name.key" -out "$name.csr" \
    -subj "/CN=$cn" -addext "subjectAltName=DNS:$cn" 2>/dev/null
  openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in "$name.csr" -out "$name.pem" \
    -startdate "$start" -enddate "$end" -notext 2>/dev/null
  echo "$name $(base64 -w0 "$name.pem")"
done <<'LIST'
expired     20290101000000Z 20300101000000Z expired.example.com
not-yet     20300701000000Z 20310701000000Z future.example.com
expiring    20290615000000Z 20300615000000Z soon.example.com
expiring-20 20290621000000Z 20300621000000Z later.example.com
valid       20300101000000Z 20320101000000Z shop.example.com
LIST
