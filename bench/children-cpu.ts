import { readFileSync } from 'node:fs';

/**
 * CPU seconds (user + sys) of the children this process has waited for, from
 * /proc/self/stat (cutime, cstime; in USER_HZ, 100 per second); NaN without /proc.
 * A child's threads count (a `run`'s workers are threads of its process).
 */
export function childrenCpuS(): number {
  try {
    // The fields after the command name, which is in parentheses and may hold spaces.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime are fields 16 and 17 of the whole line, 14 and 15 after the name.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}
