// Per-stage timings of one completeCheckInAction, for `npm run bench:server -- --trace` (CLOCKFACE_CHECKIN_TRACE=1 in
// the server's environment). Off by default: then nothing is measured or logged. The line holds stage names and
// milliseconds only (no identifiers, no biometric data).
import "server-only";
import { env } from "@/lib/env";

export interface CheckinTrace {
  mark: (stage: string) => void;
  /** Logs `checkin-trace {"stage":ms,…,"total":ms}` once. */
  done: () => void;
}

export function checkinTrace(): CheckinTrace | undefined {
  if (env().CLOCKFACE_CHECKIN_TRACE !== "1") return undefined;
  const t0 = performance.now();
  let last = t0;
  const stages: Record<string, number> = {};
  return {
    mark(stage) {
      const now = performance.now();
      stages[stage] = Math.round((now - last) * 100) / 100;
      last = now;
    },
    done() {
      stages.total = Math.round((performance.now() - t0) * 100) / 100;
      console.log(`checkin-trace ${JSON.stringify(stages)}`);
    },
  };
}
