#!/usr/bin/env bash
# Lighthouse on the bundled archive as a reader gets it: built by the release binary, served by
# nginx with docs/nginx.conf (gzip, a year of caching for hashed assets), audited in Debian's
# Chromium — the home page, a case page, /wushe/ and a search, mobile (Lighthouse's default: simulated slow 4G,
# 4× CPU slowdown) and desktop presets. Prints the four category scores of each run and what a
# first visit to the case page transfers. Not run by the tests.
#
# Needs nginx, /usr/bin/chromium, `cargo build --release`, and Lighthouse 12 installed outside
# the repository:
#   mkdir -p /tmp/lh && (cd /tmp/lh && npm install lighthouse@12)
#   bash bench/lighthouse.sh            # LH_DIR=/tmp/lh PORT=8437 CASE=2023-tianshan/fangda/
set -euo pipefail
cd "$(dirname "$0")/.."

LH_DIR=${LH_DIR:-/tmp/lh}
PORT=${PORT:-8437}
CASE=${CASE:-2023-tianshan/fangda/}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
LH="$LH_DIR/node_modules/lighthouse/cli/index.js"
[ -f "$LH" ] || { echo "Lighthouse is not in $LH_DIR: (cd $LH_DIR && npm install lighthouse@12)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/site"
cp -r config.toml content themes "$work/site/"
./target/release/shequ --root "$work/site" build --base-url "http://127.0.0.1:$PORT/" >&2

# docs/nginx.conf, pointed at the build and at a loopback port, inside a minimal http block.
sed -e "s|listen 80;|listen 127.0.0.1:$PORT;|" -e "s|root /srv/shequ/public;|root $work/site/public;|" \
  docs/nginx.conf >"$work/server.conf"
cat >"$work/nginx.conf" <<EOF
daemon off;
master_process off;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  include $work/server.conf;
}
EOF
"$NGINX" -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && break
  sleep 0.1
done

run() { # name url [extra lighthouse flags]
  local name=$1 url=$2; shift 2
  node "$LH" "$url" --quiet --output=json --output-path="$work/$name.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking" "$@"
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const c = r.categories, s = (k) => Math.round(c[k].score * 100);
    const reqs = r.audits["network-requests"].details.items;
    const bytes = reqs.reduce((n, q) => n + (q.transferSize || 0), 0);
    const lcp = r.audits["largest-contentful-paint"].displayValue;
    console.log(`${process.argv[2].padEnd(14)} performance ${s("performance")}  accessibility ${s("accessibility")}  ` +
      `best practices ${s("best-practices")}  SEO ${s("seo")}  LCP ${lcp}  ${reqs.length} requests, ${bytes} bytes transferred`);
    const failed = Object.values(r.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual");
    for (const a of failed) console.log(`    ${a.id}: ${a.score} ${a.displayValue || ""}`);
  ' "$work/$name.json" "$name"
}

run home-mobile "http://127.0.0.1:$PORT/"
run case-mobile "http://127.0.0.1:$PORT/$CASE"
run wushe-mobile "http://127.0.0.1:$PORT/wushe/"
run search-mobile "http://127.0.0.1:$PORT/search/?q=%E5%8A%A0%E6%A2%AF"
run home-desktop "http://127.0.0.1:$PORT/" --preset=desktop
run case-desktop "http://127.0.0.1:$PORT/$CASE" --preset=desktop
run wushe-desktop "http://127.0.0.1:$PORT/wushe/" --preset=desktop
run search-desktop "http://127.0.0.1:$PORT/search/?q=%E5%8A%A0%E6%A2%AF" --preset=desktop

# A first visit to the case page, as nginx sends it with gzip: every response of the page load.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log("first visit to the case page (mobile run):");
  for (const q of r.audits["network-requests"].details.items)
    console.log(`    ${String(q.transferSize).padStart(7)} B  ${q.resourceSize} B uncompressed  ${q.url}`);
' "$work/case-mobile.json"
