"use client";

// The expected error rates of a recognition threshold, from the model card's measurements
// (lib/eval/operating-points.json), updated as the admin types.
import { describeRate } from "@/lib/eval/operating-points";
import { expectedAntispoofRates, expectedMatchRates, operatingPoints } from "@/lib/eval/expected-rates";

function Row({ label, value }: { label: string; value: string }) {
  return (
    <tr>
      <th scope="row" className="py-0.5 pr-3 font-normal text-slate-500">
        {label}
      </th>
      <td className="py-0.5 tabular-nums text-slate-800">{value}</td>
    </tr>
  );
}

export function ExpectedMatchRates({ threshold }: { threshold: number }) {
  const r = expectedMatchRates(threshold);
  const t = operatingPoints.match;
  if (!r || !t) return null;
  return (
    <table className="mt-1 text-xs" data-testid="match-rates" aria-label="Expected error rates at this match threshold">
      <tbody>
        <Row label="Someone else accepted as this person" value={describeRate(r.far, t.counts.impostorPairs)} />
        <Row label="The right person asked to retry" value={describeRate(r.frr, t.counts.genuinePairs)} />
      </tbody>
      <caption className="caption-bottom pt-1 text-left text-slate-500">
        Per single comparison, measured on {t.counts.impostorPairs?.toLocaleString("en-GB")} pairs of photos of two different people and{" "}
        {t.counts.genuinePairs?.toLocaleString("en-GB")} pairs of the same person, from a public collection (see the model card). Camera check-ins with
        several enrolled photos usually do better.
      </caption>
    </table>
  );
}

export function ExpectedAntispoofRates({ threshold }: { threshold: number }) {
  const r = expectedAntispoofRates(threshold);
  const t = operatingPoints.antispoof;
  if (!r || !t) return null;
  return (
    <table className="mt-1 text-xs" data-testid="antispoof-rates" aria-label="Expected error rates at this anti-spoof threshold">
      <tbody>
        <Row label="Photo or screen attacks accepted" value={describeRate(r.apcer, t.counts.attacks)} />
        <Row label="Real faces rejected" value={describeRate(r.bpcer, t.counts.live)} />
      </tbody>
      <caption className="caption-bottom pt-1 text-left text-slate-500">
        Single still images: {t.counts.live} real faces and {t.counts.attacks} attacks (mostly printed photos), a small set (see the model card).
        Screen replays are harder than prints; the check-in also requires a live challenge.
      </caption>
    </table>
  );
}
