#!/usr/bin/env bash
# make loadtest (issue 7): gunicorn with 2 workers on loopback against the national database,
# locust from its own virtualenv (.venv-locust) with USERS users for SECONDS seconds, then
# docs/benchmarks/loadtest.md (+ .json) with the budgets checked (scale/loadtest/summarize.py).
# MODE=closed (issue 19): a closed loop, USERS (default 4) users without pauses for SECONDS_RUN
# (default 90) seconds, first on the framework floor, then the case-work mix, on the same two
# workers -> docs/benchmarks/loadtest-closed.md (+ .json): pages/s of each and their ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=${MODE:-open}
if [ "$mode" = closed ]; then
  users=${USERS:-4}
  seconds=${SECONDS_RUN:-90}
else
  users=${USERS:-50}
  seconds=${SECONDS_RUN:-300}
fi
port=${PORT:-8765}
out=${OUT:-docs/benchmarks}
export DJANGO_SETTINGS_MODULE=krami.settings_bench
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:54330/krami_scale_national}
export PYTHONWARNINGS=ignore

tmp=$(mktemp -d /tmp/krami-loadtest.XXXXXX)
.venv/bin/gunicorn krami.wsgi:application --workers 2 --bind "127.0.0.1:$port" \
  --error-logfile "$tmp/gunicorn.log" --log-level warning &
gunicorn_pid=$!
trap 'kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true' EXIT

.venv/bin/python - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/konto/logga-in/", timeout=2)
        sys.exit(0)
    except OSError:
        time.sleep(0.3)
sys.exit("gunicorn did not answer")
PY

started=$(date -u '+%Y-%m-%d %H:%M UTC')
status=0
if [ "$mode" = closed ]; then
  for mix in floor casework; do
    KRAMI_CLOSED_LOOP=1 KRAMI_MIX=$mix .venv-locust/bin/locust -f scale/loadtest/locustfile.py --headless \
      --users "$users" --spawn-rate "$users" --run-time "${seconds}s" --host "http://127.0.0.1:$port" \
      --csv "$tmp/$mix" --only-summary --loglevel WARNING || status=$?
  done
  load=$(cut -d' ' -f1-3 /proc/loadavg | sed 's# # / #g')
  mkdir -p "$out"
  .venv/bin/python scale/loadtest/summarize.py --closed "$tmp/floor" "$tmp/casework" "$out/loadtest-closed.md" "$users" \
    "$seconds" "$load" "$started"
  if [ -s "$tmp/gunicorn.log" ]; then echo "gunicorn errors: $tmp/gunicorn.log"; tail -20 "$tmp/gunicorn.log"; fi
  exit "$status"
fi
.venv-locust/bin/locust -f scale/loadtest/locustfile.py --headless --users "$users" --spawn-rate 5 \
  --run-time "${seconds}s" --host "http://127.0.0.1:$port" --csv "$tmp/locust" --only-summary \
  --loglevel WARNING || status=$?
load=$(cut -d' ' -f1-3 /proc/loadavg | sed 's# # / #g')
mkdir -p "$out"
.venv/bin/python scale/loadtest/summarize.py "$tmp/locust" "$out/loadtest.md" "$users" \
  "$(.venv/bin/python -c "print($seconds / 60)")" "$load" "$started"
if [ -s "$tmp/gunicorn.log" ]; then echo "gunicorn errors: $tmp/gunicorn.log"; tail -20 "$tmp/gunicorn.log"; fi
exit "$status"
