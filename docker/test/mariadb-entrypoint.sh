#!/bin/sh
# Initializes the data directory on first start, then (every start) makes sure the database and
# user named by the MARIADB_* variables exist, and runs the server in the foreground.
set -eu
if [ ! -d /var/lib/mysql/mysql ]; then
  mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db >/dev/null
fi
chown -R mysql:mysql /var/lib/mysql /run/mysqld
init=/run/mysqld/init.sql
{
  if [ -n "${MARIADB_ROOT_PASSWORD:-}" ]; then
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '${MARIADB_ROOT_PASSWORD}';"
    echo "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '${MARIADB_ROOT_PASSWORD}';"
    echo "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;"
  fi
  if [ -n "${MARIADB_DATABASE:-}" ]; then
    echo "CREATE DATABASE IF NOT EXISTS \`${MARIADB_DATABASE}\` CHARACTER SET utf8mb4;"
  fi
  if [ -n "${MARIADB_USER:-}" ]; then
    echo "CREATE USER IF NOT EXISTS '${MARIADB_USER}'@'%' IDENTIFIED BY '${MARIADB_PASSWORD:-}';"
    [ -n "${MARIADB_DATABASE:-}" ] && echo "GRANT ALL PRIVILEGES ON \`${MARIADB_DATABASE}\`.* TO '${MARIADB_USER}'@'%';"
  fi
  echo "FLUSH PRIVILEGES;"
} > "$init"
chown mysql "$init"
# like the official image: options alone are the server's options
case "${1:-}" in -*) set -- mariadbd "$@" ;; esac
if [ "${1:-mariadbd}" = mariadbd ]; then
  [ $# -gt 0 ] && shift
  exec mariadbd --user=mysql --bind-address=0.0.0.0 --skip-name-resolve --init-file="$init" "$@"
fi
exec "$@"
