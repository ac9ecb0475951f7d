#!/usr/bin/env bash
# Course-structure read: recupererSE_v4 tous/tous/tous/tous/tous over a generated
# catalogue of 500 VETs and 20,000 ELPs, on SQLite (release build). Prints the
# time to first byte, the total time, the answer size and the server's peak
# memory (VmHWM), for 5 successive calls.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=target/release/passerelle
PORT=${PORT:-18490}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 scripts/gen-catalogue.py "${VETS:-500}" > "$tmp/catalogue.json"
"$BIN" import-offre "$tmp/catalogue.json" --database "sqlite://$tmp/offre.db" 2>/dev/null
RUST_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" --database "sqlite://$tmp/offre.db" 2>/dev/null &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
cat > "$tmp/req.xml" <<'XML'
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><ns1:recupererSE_v4 xmlns:ns1="gouv.education.apogee.commun.servicesmetiers.OffreFormationMetier"><_seCritere><codAnu xsi:nil="true"/><codComposanteVdi xsi:nil="true"/><codDip>tous</codDip><codElp>tous</codElp><codEtp>tous</codEtp><codNatureDip xsi:nil="true"/><codNatureElp xsi:nil="true"/><codTypDip xsi:nil="true"/><codVrsVdi>tous</codVrsVdi><codVrsVet>tous</codVrsVet><temOuvertRecrutement xsi:nil="true"/></_seCritere></ns1:recupererSE_v4></soapenv:Body></soapenv:Envelope>
XML
echo "server RSS before: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status)"
for i in 1 2 3 4 5; do
  curl -s -o "$tmp/out.xml" -H 'Content-Type: text/xml; charset=utf-8' --data-binary @"$tmp/req.xml" \
    -w "call $i: HTTP %{http_code}, first byte %{time_starttransfer}s, total %{time_total}s, %{size_download} bytes\n" \
    "http://127.0.0.1:$PORT/services/OffreFormationMetier"
done
echo "ELPs in the answer: $(grep -o '<codElp>' "$tmp/out.xml" | wc -l)"
echo "server peak memory (VmHWM): $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
kill $pid; wait $pid 2>/dev/null || true
