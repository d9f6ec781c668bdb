#!/usr/bin/env bash
# Writes what docker-compose.yml needs and must never be committed, once (an existing file is kept):
#   deploy/.env    LIVECHAT_SIGNING_KEY (gateway JWT key) and LIVECHAT_REDIS_PASSWORD, random
#   deploy/.certs/ a certificate authority of this machine and one certificate it issues to the
#                  silos and the gateway (mutual TLS between them: Silo__Tls, Gateway__Cluster__Tls)
# Both are ignored by git. Then: docker compose -f deploy/docker-compose.yml --env-file deploy/.env up --build
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [[ ! -f "$here/.env" ]]; then
  umask 077
  {
    echo "LIVECHAT_SIGNING_KEY=$(openssl rand -base64 48 | tr -d '\n')"
    echo "LIVECHAT_REDIS_PASSWORD=$(openssl rand -hex 32)"
  } > "$here/.env"
  echo "wrote $here/.env"
else
  echo "kept $here/.env"
fi

certs="$here/.certs"
if [[ ! -f "$certs/tls.crt" ]]; then
  mkdir -p "$certs"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
    -subj "/CN=livechat compose CA" -keyout "$certs/ca.key" -out "$certs/ca.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=livechat" \
    -keyout "$certs/tls.key" -out "$certs/tls.csr" 2>/dev/null
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=DNS:silo1,DNS:silo2,DNS:silo3,DNS:gateway,DNS:localhost" > "$certs/tls.ext"
  openssl x509 -req -in "$certs/tls.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" -CAcreateserial \
    -days 825 -extfile "$certs/tls.ext" -out "$certs/tls.crt" 2>/dev/null
  rm -f "$certs/tls.csr" "$certs/tls.ext" "$certs/ca.srl" "$certs/ca.key"   # the CA key is not needed again
  # The containers run as a non-root user of the image: the key must be readable by it (a local
  # trial; in Kubernetes the key comes from a Secret).
  chmod 755 "$certs"
  chmod 644 "$certs/tls.key" "$certs/tls.crt" "$certs/ca.crt"
  echo "wrote $certs (ca.crt, tls.crt, tls.key)"
else
  echo "kept $certs"
fi
