#!/usr/bin/env bash
# A real one-node Slurm cluster on this machine, for tests and benchmarks (root needed, as in CI).
#
#   eval "$(bash scripts/slurm/cluster.sh start)"   # prints `export SLURM_CONF=...`; the daemons run
#   bash scripts/slurm/cluster.sh stop              # stops what `start` started (munged only if it started it)
#   bash scripts/slurm/cluster.sh status
#
# `start` installs Debian's slurm-wlm and munge when they are missing, writes a one-node slurm.conf for this machine
# (its CPUs and memory) into a temporary directory, starts munged (unless one runs), slurmctld and slurmd on free
# ports, waits until the node is idle and records what it started in $SLURM_ARTIFACTS (default
# test-artifacts/slurm), where the daemons' logs also go. Accounting is off (no slurmdbd): follow jobs with squeue
# and `scontrol show job`. If the cluster does not come up, `start` stops what it started and exits 1.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ART="${SLURM_ARTIFACTS:-$ROOT/test-artifacts/slurm}"
STATEFILE="$ART/cluster.env"
export PATH="$PATH:/usr/sbin:/sbin"

log() { echo "slurm-cluster: $*" >&2; }

install_if_missing() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null &&
    command -v munged >/dev/null; then
    return
  fi
  log "installing slurm-wlm and munge (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 || true
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq slurm-wlm munge >&2
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start_munge() {
  if [ ! -f /etc/munge/munge.key ]; then
    log "creating /etc/munge/munge.key"
    (command -v mungekey >/dev/null && mungekey --create) || create-munge-key
    chown munge:munge /etc/munge/munge.key
    chmod 400 /etc/munge/munge.key
  fi
  mkdir -p /run/munge && chown munge:munge /run/munge
  if pgrep -x munged >/dev/null; then
    echo "MUNGE_STARTED=0" >>"$STATEFILE"
    return
  fi
  runuser -u munge -- "$(command -v munged)"
  echo "MUNGE_STARTED=1" >>"$STATEFILE"
}

write_conf() {
  local dir=$1 host=$2 mem cpus
  cpus=$(nproc)
  mem=$(($(free -m | awk '/Mem:/{print $2}') - 2000))
  [ "$mem" -gt 500 ] || mem=500
  cat >"$dir/slurm.conf" <<CONF
ClusterName=dynlens-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$ART/slurmctld.log
SlurmdLogFile=$ART/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
}

start() {
  if [ -f "$STATEFILE" ]; then
    log "a previous cluster is recorded in $STATEFILE; stopping it first"
    stop
  fi
  install_if_missing
  mkdir -p "$ART"
  : >"$STATEFILE"
  local dir host
  dir=$(mktemp -d /tmp/dynlens-slurm.XXXXXX)
  mkdir -p "$dir/state" "$dir/spool"
  host=$(hostname -s)
  echo "SLURM_DIR=$dir" >>"$STATEFILE"
  start_munge
  write_conf "$dir" "$host"
  cp "$dir/slurm.conf" "$ART/slurm.conf"
  export SLURM_CONF="$dir/slurm.conf"
  echo "SLURM_CONF=$SLURM_CONF" >>"$STATEFILE"
  slurmctld -f "$SLURM_CONF"
  for _ in $(seq 1 50); do scontrol ping >/dev/null 2>&1 && break; sleep 0.2; done
  slurmd -f "$SLURM_CONF" -N "$host"
  local state=""
  for _ in $(seq 1 100); do
    state=$(sinfo -h -o '%T' 2>/dev/null | head -1 || true)
    [ "$state" = "idle" ] && break
    sleep 0.2
  done
  if [ "$state" != "idle" ]; then
    log "the node did not become idle (state '${state:-none}'); logs in $ART"
    stop
    exit 1
  fi
  log "one-node cluster up ($(nproc) CPUs, node $host), SLURM_CONF=$SLURM_CONF, logs in $ART"
  echo "export SLURM_CONF=$SLURM_CONF"
}

kill_pidfile() {
  local f=$1 pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

stop() {
  [ -f "$STATEFILE" ] || { log "nothing recorded in $STATEFILE"; return 0; }
  # shellcheck disable=SC1090
  . "$STATEFILE"
  if [ -n "${SLURM_CONF:-}" ] && [ -f "${SLURM_CONF}" ]; then
    # end jobs still running so their steps do not outlive the daemons
    SLURM_CONF=$SLURM_CONF scancel --full --quiet --user=root 2>/dev/null || true
  fi
  if [ -n "${SLURM_DIR:-}" ]; then
    kill_pidfile "$SLURM_DIR/slurmd.pid"
    kill_pidfile "$SLURM_DIR/slurmctld.pid"
  fi
  if [ "${MUNGE_STARTED:-0}" = 1 ] && [ -f /run/munge/munged.pid ]; then kill_pidfile /run/munge/munged.pid; fi
  if [ -n "${SLURM_DIR:-}" ] && [ -d "$SLURM_DIR" ]; then rm -rf "$SLURM_DIR"; fi
  rm -f "$STATEFILE"
  log "stopped"
}

status() {
  [ -f "$STATEFILE" ] || { echo "no cluster recorded in $STATEFILE"; return 1; }
  # shellcheck disable=SC1090
  . "$STATEFILE"
  SLURM_CONF=$SLURM_CONF sinfo
  SLURM_CONF=$SLURM_CONF squeue
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
