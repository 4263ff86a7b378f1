#!/usr/bin/env bash
# Stops the one-node Slurm cluster that scripts/slurm-localhost.sh started: slurmd,
# slurmctld and munged, by their pid files (nothing else is signalled). Leaves packages,
# configuration and the munge key in place, so the next start is quick. Jobs still running
# are killed with the daemons; slurmctld saves its state and requeues nothing.
set -euo pipefail

RUN_DIR=/run/slurm
say() { printf 'slurm-localhost: %s\n' "$*" >&2; }

if [[ $EUID -ne 0 ]]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then exec sudo -n "$0" "$@"; fi
  say "needs root (or passwordless sudo)"
  exit 1
fi

stop() { # name pidfile
  local name=$1 pidfile=$2 pid
  [[ -s $pidfile ]] || return 0
  pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
  say "stopping $name (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  rm -f "$pidfile"
}

stop slurmd "$RUN_DIR/slurmd.pid"
stop slurmctld "$RUN_DIR/slurmctld.pid"
stop munged /run/munge/munged.pid
say "stopped"
