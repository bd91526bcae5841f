#!/bin/sh
# Crawl benchmark (a script to run by hand, not a test; issue 3).
#
# Serves a site of a few thousand real pages on 127.0.0.1 -- the corpus'
# crawlsite (301 pages) copied COPIES times under one index page -- with
# nginx when installed, else the fixture server, and crawls it with
# politeness off (--delay 0 --concurrency 8), side by side with wget2 and
# wget -r when installed.  Prints pages/s, CPU seconds and peak RSS
# (/usr/bin/time -v) for each, the server's own capacity (wrk on one page,
# when installed), the rate libxml2's HTML parser alone allows
# (tests/bench/parse-bench), and msgaudit's peak RSS for growing site
# sizes.
#
#   tests/bench/crawl.sh [COPIES]          (default 8: 2,400 pages)
#   SIZES="1 8 32 67" tests/bench/crawl.sh (RSS growth; 67 copies ~ 20,000 pages)
#
# Environment: MSGAUDIT (default ./msgaudit), CORPUS (default
# ../shared/corpus), top_builddir (for the fixture server), SIZES.
set -u
COPIES=${1:-8}
: "${MSGAUDIT:=$(pwd)/msgaudit}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
: "${CORPUS:=$top_srcdir/../shared/corpus}"
: "${SIZES:=1 4 16 67}"
SITE=$CORPUS/crawlsite
[ -d "$SITE" ] || { echo "crawl.sh: $SITE not found (set CORPUS)" >&2; exit 2; }
[ -x "$MSGAUDIT" ] || { echo "crawl.sh: $MSGAUDIT not built" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "crawl.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/msgaudit-crawlbench.XXXXXX") || exit 2
chmod 755 "$WORK" # nginx workers may run as another user
SERVER_PID=
stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=
	fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# make_site DIR N: an index linking to N copies of crawlsite, a robots.txt
# that allows everything
make_site() {
	mkdir -p "$1"
	{
		echo '<!DOCTYPE html><html><head><title>Bench</title></head><body><h1>Copies</h1><ul>'
		i=1
		while [ "$i" -le "$2" ]; do
			echo "<li><a href=\"s$i/index.html\">copy $i</a></li>"
			ln -s "$SITE" "$1/s$i"
			i=$((i + 1))
		done
		echo '</ul></body></html>'
	} >"$1/index.html"
	printf 'User-agent: *\nDisallow:\n' >"$1/robots.txt"
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + $$ % 20000))
}

# serve DIR: start a server for DIR; sets BASE and SERVER
serve() {
	stop_server
	if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
		NGINX=$(command -v nginx || echo /usr/sbin/nginx)
		PORT=$(free_port)
		mkdir -p "$WORK/nginx"
		cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	client_body_temp_path $WORK/nginx;
	proxy_temp_path $WORK/nginx;
	fastcgi_temp_path $WORK/nginx;
	uwsgi_temp_path $WORK/nginx;
	scgi_temp_path $WORK/nginx;
	keepalive_requests 100000;
	server { listen 127.0.0.1:$PORT; root $1; }
}
EOF
		"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" 2>"$WORK/nginx/stderr" &
		SERVER_PID=$!
		SERVER="nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///')"
		BASE=http://127.0.0.1:$PORT
		i=0
		until curl -fso /dev/null "$BASE/robots.txt" 2>/dev/null; do
			i=$((i + 1))
			[ "$i" -gt 100 ] && { cat "$WORK/nginx/stderr" >&2; exit 1; }
			sleep 0.05
		done
	else
		FX=$top_builddir/tests/fixture/fixture-server
		[ -x "$FX" ] || { echo "crawl.sh: neither nginx nor $FX" >&2; exit 2; }
		printf 'root: %s\n' "$1" >"$WORK/site.site"
		rm -f "$WORK/port"
		"$FX" "$WORK/site.site" --port-file "$WORK/port" >/dev/null 2>&1 &
		SERVER_PID=$!
		SERVER="fixture server"
		while [ ! -s "$WORK/port" ]; do sleep 0.05; done
		BASE=http://127.0.0.1:$(cat "$WORK/port")
	fi
}

# measure NAME PAGES_CMD -- CMD...: run CMD under /usr/bin/time -v, then
# PAGES_CMD (a shell snippet printing the pages crawled); print a row
measure() {
	name=$1
	pages_cmd=$2
	shift 3
	/usr/bin/time -v -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr"
	pages=$(sh -c "$pages_cmd")
	awk -F ': ' -v name="$name" -v pages="$pages" '
		/Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + t[i] }
		/User time/ { cpu += $2 } /System time/ { cpu += $2 }
		/Maximum resident set size/ { rss = $2 / 1024 }
		END { printf "%-34s %7d %8.2f %9.0f %8.2f %8.1f\n", name, pages, wall, (wall > 0 ? pages / wall : 0), cpu, rss }' "$WORK/time"
}

header() {
	printf '%-34s %7s %8s %9s %8s %8s\n' tool pages wall_s pages/s cpu_s rss_MB
}

make_site "$WORK/site" "$COPIES"
serve "$WORK/site"
npages=$((COPIES * 301 + 1))
echo "site: $COPIES copies of crawlsite under one index (~$npages pages, robots.txt allows all), served by $SERVER at $BASE"
echo "machine: $(nproc) cores; $(uname -sr)"
echo
header
measure "msgaudit (crawl + audit)" "jq '.pages | map(select(.audited != false)) | length' '$WORK/m.json'" -- \
	"$MSGAUDIT" --no-config -q --delay 0 --concurrency 8 --max-pages 1000000 -f json -o "$WORK/m.json" "$BASE/"
measure "msgaudit, rules off (crawl+extract)" "jq '.pages | map(select(.audited != false)) | length' '$WORK/m.json'" -- \
	"$MSGAUDIT" --no-config -q --disable '*' --delay 0 --concurrency 8 --max-pages 1000000 -f json -o "$WORK/m.json" "$BASE/"
"$MSGAUDIT" --no-config -q -f json -o "$WORK/l.json" "$WORK/site" 2>/dev/null # warm the page cache
measure "msgaudit, local audit of the files" "jq '.pages | length' '$WORK/l.json'" -- \
	"$MSGAUDIT" --no-config -q -f json -o "$WORK/l.json" "$WORK/site"
if command -v wget2 >/dev/null 2>&1; then
	rm -rf "$WORK/w2"
	measure "wget2 -r --max-threads=8" "find '$WORK/w2' -name '*.html' | wc -l" -- \
		wget2 -r -l inf -q --no-host-directories --max-threads=8 -P "$WORK/w2" "$BASE/"
	rm -rf "$WORK/w2"
fi
if command -v wget >/dev/null 2>&1; then
	rm -rf "$WORK/w1"
	measure "wget -r" "find '$WORK/w1' -name '*.html' | wc -l" -- \
		wget -r -l inf -q --no-host-directories -P "$WORK/w1" "$BASE/"
	rm -rf "$WORK/w1"
fi
if command -v wrk >/dev/null 2>&1; then
	rps=$(wrk -t2 -c16 -d5s "$BASE/s1/index.html" 2>/dev/null | awk '/Requests\/sec/ { print $2 }')
	echo
	echo "server capacity: wrk -t2 -c16 -d5s on one page: $rps requests/s"
fi
# the floor under any audited rate: the HTML parse every page needs
if [ -x "$top_builddir/tests/bench/parse-bench" ]; then
	echo
	"$top_builddir/tests/bench/parse-bench" "$SITE" |
		awk -v cores="$(nproc)" '{ print } / pages\/s on one core/ {
			for (i = 1; i <= NF; i++) if ($i == "pages/s") r = $(i - 1)
			printf "so at most %d audited pages/s on %d cores, before fetching, extracting or matching anything\n", r * cores, cores }'
fi

echo
echo "msgaudit peak RSS by site size (crawl + audit, --delay 0 --concurrency 8):"
header
for n in $SIZES; do
	rm -rf "$WORK/site"
	make_site "$WORK/site" "$n"
	serve "$WORK/site"
	measure "msgaudit, $n copies" "jq '.pages | map(select(.audited != false)) | length' '$WORK/m.json'" -- \
		"$MSGAUDIT" --no-config -q --delay 0 --concurrency 8 --max-pages 1000000 -f json -o "$WORK/m.json" "$BASE/"
	rm -f "$WORK/m.json"
done
stop_server
