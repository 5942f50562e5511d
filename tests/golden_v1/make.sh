#!/usr/bin/env bash
# Regenerates the golden v1 vault. Run ONLY with the code of vault format 1 / schema 1: the point
# of the fixture is that later code must still open what v1 wrote. Uses the debug build's
# test-only KDF parameters so the fixture opens fast in tests.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
cargo build --quiet
bin=target/debug/amparo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'golden fixture passphrase v1\n' > "$work/pass"
export AMPARO_INSECURE_TEST_KDF=1 AMPARO_VAULT="$work/vault" AMPARO_PASSPHRASE_FILE="$work/pass"
id() { "$bin" --json "$@" | sed -n 's/.*"id": "\([^"]*\)".*/\1/p'; }
"$bin" --json init | sed -n 's/.*"recovery_code": "\([^"]*\)".*/\1/p' > "$here/recovery-code.txt"
p=$(id person add --name "María González" --alias "Maria Gonzales" --a-number 12345678 --dob 1988-05-01 --nationality GT --language es)
w=$(id person add --name "Witness Uno")
c=$(id case add --client "$p" --jurisdiction us-eoir --title "Golden defensive asylum" --relief asylum)
"$bin" case party --case "$c" --person "$w" --role witness >/dev/null
id note add --case "$c" --text "Golden note: fled in 2024." >/dev/null
id task add --case "$c" --title "Golden task" --due 2027-01-15 >/dev/null
printf 'golden attachment bytes\n' > "$work/golden.txt"
"$bin" doc add --case "$c" "$work/golden.txt" >/dev/null
rm -rf "$here/vault"
mkdir -p "$here/vault/blobs"
cp "$work/vault/keyslots" "$work/vault/vault.db" "$here/vault/"
cp "$work/vault/blobs/"*.age "$here/vault/blobs/"
echo "golden v1 vault written to $here/vault"
