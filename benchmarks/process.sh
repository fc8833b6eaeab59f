#!/usr/bin/env bash
# Whole-process benchmark: build the planner and the scenario writer, write
# the seeded scenarios to files, then run `planner score` on them as a user
# runs it (cold process, files in, CSV out) and report wall time, user+sys
# CPU, peak resident set and page faults (/usr/bin/time -v), and the median
# of several runs (hyperfine, if installed). See benchmarks/README.md.
#
# Usage: bash benchmarks/process.sh [size ...]    (default: small large national)
# Environment: DIR (work directory, default /tmp/clearance-bench), RUNS
# (hyperfine runs, default 5), ARGS (extra planner flags, e.g. "-lean" or
# "-cell 10"), CELLS (the CSV to write, default $DIR/<size>.csv).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${DIR:-/tmp/clearance-bench}
RUNS=${RUNS:-5}
ARGS=${ARGS:-}
mkdir -p "$DIR"
go build -o "$DIR/planner" ./examples/planner
go build -o "$DIR/scenario" ./benchmarks/cmd/scenario
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(small large national)
echo "load: $(uptime)"
for s in "${sizes[@]}"; do
	d="$DIR/$s"
	[ -f "$d/hazards.geojson" ] || "$DIR/scenario" -size "$s" -out "$d"
	out=${CELLS:-$DIR/$s.csv}
	# shellcheck disable=SC2086
	cmd="$DIR/planner score -q -hazards $d/hazards.geojson -incidents $d/incidents.csv -villages $d/villages.csv -cells $out $ARGS"
	echo "== $s: $cmd"
	/usr/bin/time -v $cmd 2>"$DIR/time.txt" || { cat "$DIR/time.txt"; exit 1; }
	grep -E 'Elapsed|User time|System time|Maximum resident|Minor' "$DIR/time.txt" | sed 's/^\t*/  /'
	if command -v hyperfine >/dev/null; then
		hyperfine -N -w 1 -r "$RUNS" --export-json "$DIR/$s.json" "$cmd" | grep -E 'Time|Range'
	fi
	echo "  output: $(wc -l <"$out") lines, sha256 $(sha256sum "$out" | cut -c1-16)"
done
echo "load: $(uptime)"
