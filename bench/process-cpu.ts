import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// /proc/<pid>/stat counts CPU time in clock ticks; Linux reports 100 per second to user space.
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds used so far (user and system, all threads) by the Weft process and by its embedded
 * PostgreSQL (the postmaster and its backends). Throughput on a shared 2-core machine varies by
 * ±15% from run to run; CPU time per execution varies far less, and shows where the time goes.
 * Linux only.
 */
export function processCpuSeconds(weftPid: number, dataDir: string): { weft: number; postgres: number } {
  const postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let postgres = cpuOf(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (Number.isInteger(pid) && parentOf(pid) === postmaster) postgres += cpuOf(pid, false);
  }
  return { weft: cpuOf(weftPid, false), postgres };
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces), or undefined once the process is gone. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields === undefined ? undefined : Number(fields[1]);
}

// Fields 14-17 of stat (utime, stime, cutime, cstime) are 11-14 here; the children's share counts
// for the postmaster, whose short-lived helpers have exited.
function cpuOf(pid: number, withExitedChildren: boolean): number {
  const fields = statFields(pid);
  if (fields === undefined) return 0;
  const own = Number(fields[11]) + Number(fields[12]);
  const children = withExitedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
  return (own + children) / TICKS_PER_SECOND;
}
