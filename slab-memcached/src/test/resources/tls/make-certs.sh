#!/bin/sh
# Makes the test certificates of this directory: a CA, a server certificate for localhost and 127.0.0.1 (and a
# second one, server-renewed, that reload tests put in its place), and a client certificate, all signed by the CA,
# with EC P-256 keys in PKCS#8 PEM (what the JDK reads), valid 100 years.
# The tests only read the files; run this (openssl needed) from this directory to make new ones.
set -eu
days=36500
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
    -days "$days" -subj "/CN=slab-memcached test CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"
for name in server server-renewed client; do
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$name.key" -out "$name.csr" \
        -subj "/CN=slab-memcached test $name"
done
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
cp server.ext server-renewed.ext
printf 'extendedKeyUsage=clientAuth\n' > client.ext
for name in server server-renewed client; do
    openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$name.pem" -days "$days" \
        -extfile "$name.ext"
done
rm -f server.csr server-renewed.csr client.csr server.ext server-renewed.ext client.ext ca.srl
