#!/usr/bin/env bash
# Run fuzz_clean.py for SECONDS (default 1800) in total, restarting libFuzzer after a
# timeout or out-of-memory stop (each leaves a timeout-*/oom-* file in the artifacts).
# Usage: fuzz/run_fuzz.sh [SECONDS] [SEED_DIR...]   (from the repository root)
set -u
total=${1:-1800}; shift || true
seeds=("$@")
corpus=${FUZZ_CORPUS:-/tmp/fuzz-corpus}
artifacts=${FUZZ_ARTIFACTS:-/tmp/fuzz-artifacts}
python=${PYTHON:-python}
mkdir -p "$corpus" "$artifacts"
export FUZZ_KEEP_GOING=1 FUZZ_ARTIFACTS="$artifacts"
end=$(( $(date +%s) + total ))
run=0
while [ "$(date +%s)" -lt "$end" ]; do
  left=$(( end - $(date +%s) ))
  run=$((run + 1))
  echo "== fuzz run $run, ${left}s left" >&2
  "$python" fuzz/fuzz_clean.py "$corpus" "${seeds[@]}" -dict=fuzz/html.dict \
    -max_total_time="$left" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
    -max_len="${FUZZ_MAX_LEN:-262144}" -artifact_prefix="$artifacts/" -print_final_stats=1
  rc=$?
  echo "== fuzz run $run exited $rc" >&2
done
