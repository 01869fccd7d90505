// ── one check-in, as the browser does it ── begin (a challenge), sign the payload with the person's device key,
// complete; and many of them with `conc` in flight.
import type { IssuedChallenge } from "@/lib/checkin/challenge";
import type { CheckinPayload } from "@/lib/checkin/payload";
import type { Verdict } from "@/lib/checkin/reasons";
import type { BeginResult } from "@/lib/checkin/server/checkin";
import * as h from "../../tools/checkin-harness";
import type { CheckinActionIds } from "./build";
import { callAction } from "./http";
import type { BenchPerson } from "./people";
import { ms } from "./stats";

export type CheckinOutcome = { ms: number; status: string; reason?: string; bytes?: number };

export class CheckinDriver {
  /** Bytes of the completeCheckInAction responses since the last reset (the RSC payload: the verdict and any re-render). */
  responseBytes: number[] = [];
  private turn = 0;
  /**
   * The payload for a challenge. A browser encodes its capture (embedding and crops to base64) once, on its own
   * machine; here the encoded fields are made once per person and only the challenge's fields change, so the bench's
   * own process takes less of the CPUs it shares with the server. The bytes sent are what `payloadFor` builds.
   */
  private readonly encoded = new Map<BenchPerson, CheckinPayload>();

  constructor(
    private readonly people: BenchPerson[],
    private readonly actions: CheckinActionIds,
    private readonly conc: number,
    /** The running server's base URL. */
    private readonly base: () => string,
  ) {}

  private payloadOf(p: BenchPerson, ch: IssuedChallenge): CheckinPayload {
    let base = this.encoded.get(p);
    if (!base) this.encoded.set(p, (base = h.payloadFor(ch, p.probe)));
    return { ...base, challengeId: ch.challengeId, nonce: ch.nonce, deviceId: ch.deviceId, transcript: h.liveTranscript(ch.steps), punch: p.next ?? "in" };
  }

  /** The next person's check-in; the time is completeCheckInAction's round trip. */
  async one(): Promise<CheckinOutcome> {
    const p = this.people[this.turn++ % this.people.length]!;
    const begun = await callAction<BeginResult>(this.base(), this.actions.beginCheckInAction, p.cookie, { deviceId: p.deviceId, punch: p.next ?? "in" });
    if (!begun.ok) return { ms: 0, status: "begin-error", reason: begun.code };
    if (begun.data.status !== "ready") return { ms: 0, status: "begin-refused", reason: begun.data.reason };
    const challenge: IssuedChallenge = begun.data.challenge;
    const sub = await h.sign(p.keys, this.payloadOf(p, challenge));
    const t = performance.now();
    const done = await callAction<Verdict>(this.base(), this.actions.completeCheckInAction, p.cookie, sub, (n) => this.responseBytes.push(n));
    const took = ms(t);
    if (!done.ok) return { ms: took, status: "error", reason: done.code };
    if (done.data.status === "accepted") p.next = done.data.kind === "in" ? "out" : "in";
    return { ms: took, status: done.data.status, reason: done.data.status === "rejected" ? done.data.reason : undefined, bytes: sub.payload.length };
  }

  /** Starts `total` check-ins with `conc` in flight (none after `maxMs`); `each` sees every result. Returns how many ran. */
  async inFlight(total: number, maxMs: number, each: (r: CheckinOutcome) => void): Promise<number> {
    const t = performance.now();
    let started = 0;
    await Promise.all(
      Array.from({ length: Math.min(this.conc, total) }, async () => {
        while (started < total && ms(t) < maxMs) {
          started++;
          each(await this.one());
        }
      }),
    );
    return started;
  }
}
