// Small helpers shared by the bench's modules: the log line, elapsed time, percentiles, the load average.
import os from "node:os";

export const log = (s: string) => console.log(s);
export const ms = (t0: number) => performance.now() - t0;
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};
export const load = () => os.loadavg().map((x) => x.toFixed(1)).join(" ");
