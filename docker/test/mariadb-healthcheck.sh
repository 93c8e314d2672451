#!/bin/sh
# The subset of the official image's healthcheck.sh that compose files use
# (--connect, --innodb_initialized): the server answers on its socket.
exec mariadb-admin --no-defaults --socket=/run/mysqld/mysqld.sock -uroot ${MARIADB_ROOT_PASSWORD:+-p"$MARIADB_ROOT_PASSWORD"} ping >/dev/null 2>&1
