#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for trying the Slurm deployment files and for
# the test that runs a campaign through a real scheduler (test/deploy/).
#
#   scripts/slurm-localhost.sh          install if needed, configure, start, wait until ready
#   scripts/slurm-localhost-stop.sh     stop it again
#
# What it does, in order (every step is skipped when already done, so a second call on a
# running cluster returns in well under a second):
#   1. installs Debian's `slurm-wlm` and `munge` with apt-get (noninteractive) if missing;
#   2. writes /etc/slurm/slurm.conf for one node (this machine, reached at 127.0.0.1) with
#      the CPUs and memory `slurmd -C` detects, in one default partition `local`;
#   3. creates the munge key (Slurm authenticates every message with it);
#   4. starts munged, slurmctld and slurmd by hand — no systemd, so it also works in a
#      container — and waits until `sinfo` shows the node ready for jobs.
# Jobs run as the submitting user; the daemons run as root (SlurmUser=root), which is what
# a throwaway single-node cluster needs and nothing more.
#
# It refuses to overwrite a /etc/slurm/slurm.conf it did not write (a real cluster's).
# Needs root (or passwordless sudo). Exit status: 0 ready, 1 could not start,
# 3 cannot install packages (no apt-get, no network, no root) — callers that merely want
# to skip when Slurm is impossible here test for 3.
set -euo pipefail

CONF_DIR=/etc/slurm
CONF=$CONF_DIR/slurm.conf
MARKER='# written by scale-across scripts/slurm-localhost.sh'
STATE_DIR=/var/lib/slurm
LOG_DIR=/var/log/slurm
RUN_DIR=/run/slurm
NODE=$(hostname -s)
READY_TIMEOUT_S=${SLURM_LOCALHOST_TIMEOUT_S:-60}

say() { printf 'slurm-localhost: %s\n' "$*" >&2; }

if [[ $EUID -ne 0 ]]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then exec sudo -n -E "$0" "$@"; fi
  say "needs root (or passwordless sudo) to install and start Slurm"
  exit 3
fi

# One caller at a time (test files may start in parallel): the second waits, then finds
# the cluster up. The daemons started below must not inherit this descriptor (`9>&-`),
# or they would hold the lock for as long as they run.
exec 9>/run/slurm-localhost.lock
flock 9

node_ready() {
  # "idle", "mixed" or "allocated" (with a possible "*"/"~"/"#" suffix) mean: accepts jobs.
  local state
  state=$(sinfo -h -N -n "$NODE" -o '%t' 2>/dev/null | head -n1) || return 1
  [[ $state =~ ^(idle|mix|alloc) ]]
}

# Fast path: the cluster is already up.
if command -v sinfo >/dev/null && [[ -f $CONF ]] && grep -qF "$MARKER" "$CONF" && node_ready; then
  say "already running (node $NODE)"
  exit 0
fi

# 1. Packages.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null ||
  ! command -v munged >/dev/null; then
  if ! command -v apt-get >/dev/null; then
    say "slurm-wlm and munge are not installed and there is no apt-get to install them"
    exit 3
  fi
  say "installing slurm-wlm and munge (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get update -qq -o DPkg::Lock::Timeout=300 >&2 ||
    ! apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confold slurm-wlm munge >&2; then
    say "apt-get could not install slurm-wlm and munge"
    exit 3
  fi
fi

# 2. Configuration. `slurmd -C` prints this machine's node line (CPUs, sockets, cores,
# threads, RealMemory) exactly as slurmd will detect it, so the node registers cleanly.
if [[ -f $CONF ]] && ! grep -qF "$MARKER" "$CONF"; then
  say "$CONF exists and was not written by this script; not touching a real cluster's configuration"
  exit 1
fi
mkdir -p "$CONF_DIR" "$STATE_DIR/slurmctld" "$STATE_DIR/slurmd" "$LOG_DIR" "$RUN_DIR"
node_line=$(slurmd -C | grep '^NodeName=' | sed -E "s/^NodeName=[^ ]+/NodeName=$NODE NodeAddr=127.0.0.1/")
new_conf=$(
  cat <<EOF
$MARKER
# A one-node cluster on localhost; see that script. Stop it with scripts/slurm-localhost-stop.sh.
ClusterName=localhost
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$STATE_DIR/slurmctld
SlurmdSpoolDir=$STATE_DIR/slurmd
SlurmctldPidFile=$RUN_DIR/slurmctld.pid
SlurmdPidFile=$RUN_DIR/slurmd.pid
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
# Processes tracked by parent id, no cgroups, no task binding: nothing a container lacks.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# Look for startable jobs every 2 s (default 60 s), so dependent and throttled array
# tasks start promptly after their predecessors end.
SchedulerParameters=sched_interval=2,bf_interval=2
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
# A node that was down (e.g. after a reboot) comes back on its own once slurmd registers.
ReturnToService=2
# Finished jobs stay visible to \`scontrol show job\` for 10 minutes.
MinJobAge=600
$node_line State=UNKNOWN
PartitionName=local Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
)
if [[ ! -f $CONF ]] || [[ $(cat "$CONF") != "$new_conf" ]]; then
  printf '%s\n' "$new_conf" >"$CONF.tmp"
  mv "$CONF.tmp" "$CONF"
  say "wrote $CONF"
fi

# 3. Munge: a key shared by every node of the cluster (here: one), readable only by munge.
if [[ ! -s /etc/munge/munge.key ]]; then
  mkdir -p /etc/munge
  if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key --force; else
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
fi
chown munge:munge /etc/munge/munge.key
chmod 0400 /etc/munge/munge.key
install -d -o munge -g munge -m 0755 /run/munge
install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge

pid_alive() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "starting munged"
  runuser -u munge -- /usr/sbin/munged 9>&-
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi

# 4. Daemons. They daemonize themselves and write their pid files.
if ! pid_alive $RUN_DIR/slurmctld.pid; then
  say "starting slurmctld"
  slurmctld 9>&-
fi
for _ in $(seq 100); do scontrol ping 2>/dev/null | grep -q 'is UP' && break; sleep 0.1; done
if ! pid_alive $RUN_DIR/slurmd.pid; then
  say "starting slurmd"
  slurmd 9>&-
else
  scontrol reconfigure >/dev/null 2>&1 || true
fi

deadline=$((SECONDS + READY_TIMEOUT_S))
until node_ready; do
  state=$(sinfo -h -N -n "$NODE" -o '%t' 2>/dev/null | head -n1 || true)
  # A node left down or drained by an earlier run: bring it back.
  if [[ $state =~ ^(down|drain) ]]; then scontrol update NodeName="$NODE" State=RESUME >/dev/null 2>&1 || true; fi
  if ((SECONDS > deadline)); then
    say "node $NODE not ready after ${READY_TIMEOUT_S}s (state: ${state:-unknown}); see $LOG_DIR/slurmctld.log and $LOG_DIR/slurmd.log"
    exit 1
  fi
  sleep 0.5
done
say "ready: node $NODE ($(sinfo -h -N -n "$NODE" -o '%c CPUs, %m MB'))"
