#!/usr/bin/env bash
# Makes sure a local MariaDB (Debian's mariadb-server) is running and has the test user
# trackway/trackway. Used by scripts/test.sh and .ci/run. Needs root to start the server.
set -euo pipefail
if ! command -v mariadbd >/dev/null 2>&1; then
  echo "mariadb-server is not installed (apt-get install -y mariadb-server)" >&2
  exit 1
fi
if ! mariadb -uroot -e 'SELECT 1' >/dev/null 2>&1; then
  mkdir -p /run/mysqld && chown mysql /run/mysqld
  if [ ! -d /var/lib/mysql/mysql ]; then
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
  nohup mariadbd --user=mysql >/tmp/trackway-mariadbd.log 2>&1 &
  for _ in $(seq 1 60); do
    mariadb -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 1
  done
fi
mariadb -uroot <<'SQL'
CREATE USER IF NOT EXISTS 'trackway'@'127.0.0.1' IDENTIFIED BY 'trackway';
CREATE USER IF NOT EXISTS 'trackway'@'localhost' IDENTIFIED BY 'trackway';
GRANT ALL PRIVILEGES ON *.* TO 'trackway'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO 'trackway'@'localhost';
FLUSH PRIVILEGES;
SQL
echo "MariaDB ready: $(mariadb -uroot -N -e 'SELECT VERSION()')"
