#!/bin/sh
# A real single-node Slurm cluster (munge, slurmctld, slurmd from Debian's packages, configured under
# a temporary folder) runs `gaitbatch analyze` as a 4-task job array over sample_data/; the merged
# team summary and the reports must equal those of a plain -j run. Skips without Slurm or root.
# usage: tests/cli/slurm.sh path/to/gaitbatch
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(pwd)
skip() {
    echo "slurm: $1: skipped"
    echo "slurm: 0 passed, 0 failed, 1 skipped"
    exit 0
}
command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 &&
    command -v sbatch >/dev/null 2>&1 && command -v munged >/dev/null 2>&1 ||
    skip "slurmctld, slurmd, sbatch or munged not installed (.ci/run installs them)"
[ "$(id -u)" -eq 0 ] || skip "needs root to start munged and slurmd"
/usr/bin/python3 -c 'import h5py, numpy' 2>/dev/null || skip "python3-h5py missing"

work=$(mktemp -d /tmp/gaitbatch-slurm.XXXXXX)
chmod 755 "$work"
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
pids=""
stop() {
    for pid in $pids; do kill "$pid" 2>/dev/null; done
    sleep 1
    for pid in $pids; do kill -9 "$pid" 2>/dev/null; done
    [ -n "${munge_pid:-}" ] && kill "$munge_pid" 2>/dev/null
    rm -rf "$work"
}
trap stop EXIT

# munge: its own socket and pid file under the temporary folder
mkdir -p "$work/munge"
chown munge:munge "$work/munge" 2>/dev/null || true
if ! runuser -u munge -- /usr/sbin/munged --socket="$work/munge/socket" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
    --seed-file="$work/munge/seed" 2>"$work/munge.err"; then
    skip "munged would not start: $(cat "$work/munge.err")"
fi
munge_pid=$(cat "$work/munge/munged.pid" 2>/dev/null)

host=$(hostname -s)
port=$((17000 + $$ % 1000))
mkdir -p "$work/state" "$work/spool"
cat >"$work/slurm.conf" <<CONF
ClusterName=gaitbatchtest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/socket
CredType=cred/munge
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=4096 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -D -f "$SLURM_CONF" >"$work/slurmctld.out" 2>&1 &
pids="$pids $!"
slurmd -D -f "$SLURM_CONF" >"$work/slurmd.out" 2>&1 &
pids="$pids $!"
i=0
until sinfo -h -o '%T' 2>/dev/null | grep -q idle; do
    i=$((i + 1))
    if [ $i -gt 60 ]; then
        bad "the cluster did not come up: $(tail -3 "$work/slurmctld.log" "$work/slurmd.log" 2>/dev/null)"
        echo "slurm: $passed passed, $failed failed"
        exit 1
    fi
    sleep 0.5
done
ok

cp -r "$root/sample_data" "$work/data"
# and one upload cut short: the task that has it fails it, and the merged page names it
head -c 20000 "$root/sample_data/team/ana/2026-11-16_run.flac" >"$work/data/team/ana/cut.flac"
cp "$root/sample_data/team/ana/2026-11-16_run.json" "$work/data/team/ana/cut.json"
chmod -R a+rX "$work"
"$bin" analyze "$work/data" -o "$work/plain" -j 2 >/dev/null 2>&1
GAITBATCH="$bin" sbatch --wait --array=1-4 --output="$work/task-%a.log" --chdir="$work" \
    "$root/scripts/gaitbatch.sbatch" "$work/data" "$work/array" >"$work/sbatch.out" 2>&1
array=$? # the highest of the tasks' exit statuses: 1, the cut upload's task
[ $array -eq 1 ] && grep -q "1 failed" "$work"/task-*.log && ok ||
    bad "the array job exited $array: $(cat "$work/sbatch.out" "$work"/task-*.log 2>/dev/null | tail -5)"
"$bin" merge "$work/array" >/dev/null 2>&1 && ok || bad "merge failed"
/usr/bin/python3 "$root/tests/cli/same_reports.py" "$work/plain" "$work/array" >/dev/null && ok ||
    bad "the array's reports differ from a plain run's"
same=$(/usr/bin/python3 -c "
import h5py, numpy as np
a = h5py.File('$work/plain/team.h5')['sessions'][:]; b = h5py.File('$work/array/team.h5')['sessions'][:]
print(len(a) == len(b) > 0 and all(np.array_equal(a[f], b[f], equal_nan=a[f].dtype.kind == 'f')
                                   for f in a.dtype.names if f not in ('report', 'report_mtime_ns')))")
[ "$same" = "True" ] && ok || bad "the merged team summary differs from a plain run's"
left=$(/usr/bin/python3 -c "
import h5py
a = h5py.File('$work/plain/team.h5')['not_analysed'][:]; b = h5py.File('$work/array/team.h5')['not_analysed'][:]
print(len(b), a.tobytes() == b.tobytes(), b['input'][0].decode().endswith('ana/cut.flac'))")
[ "$left" = "1 True True" ] && ok || bad "the merged team.h5 does not list the cut upload as a plain run does: $left"
for k in 1 2 3 4; do grep -q "shard $k of 4" "$work/task-$k.log" 2>/dev/null && ok || bad "task $k did not run shard $k: $(cat "$work/task-$k.log" 2>/dev/null)"; done
echo "slurm: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
