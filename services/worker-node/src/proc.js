// This process as Linux's /proc tells it: cheap enough to read every few milliseconds.
import { readFileSync } from 'node:fs';

// USER_HZ: 100 on every Linux Node supports.
const CLOCK_TICKS_PER_SECOND = 100;

/** OS threads of this process and its resident memory. */
export function threadsAndRss() {
  const status = readFileSync('/proc/self/status', 'latin1');
  return {
    threads: Number(/^Threads:\s*(\d+)/m.exec(status)[1]),
    rssBytes: Number(/^VmRSS:\s*(\d+) kB/m.exec(status)[1]) * 1024,
  };
}

/** CPU seconds this process has used, with those of the children it has reaped. */
export function cpuSeconds() {
  const stat = readFileSync('/proc/self/stat', 'latin1');
  // pid (comm) state ...: comm may contain spaces, so count the fields after the last ')';
  // utime, stime, cutime, cstime are fields 14-17 of the file, 11-14 after the state.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.slice(11, 15).reduce((ticks, field) => ticks + Number(field), 0) / CLOCK_TICKS_PER_SECOND;
}
