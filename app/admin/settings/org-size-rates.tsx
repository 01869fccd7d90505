// What the organisation's size means for recognition, in plain words (server component): the kiosk threshold
// at the organisation's number of enrolled people, the expected rates there, and a few other sizes for
// comparison. From the identification table in lib/eval/operating-points.json (docs/model-card.md, "Kiosks and
// organisation size").
import { describeRate } from "@/lib/eval/operating-points";
import { orgSizeRates } from "@/lib/eval/expected-rates";
import type { KioskFpir } from "@/lib/eval/operating-points";

export function OrgSizeRates({ people, matchThreshold, matchMargin, fpir }: { people: number; matchThreshold: number; matchMargin: number; fpir: KioskFpir }) {
  const r = orgSizeRates(people, matchThreshold, fpir);
  if (!r) return null;
  const { own, examples } = r;
  const n = people.toLocaleString("en-GB");
  return (
    <div className="space-y-2 text-sm text-slate-700" data-testid="org-size-rates">
      <p>
        Your organisation has <strong>{n}</strong> {people === 1 ? "person" : "people"} enrolled. At a kiosk, a face is compared with everyone, so the more people are
        enrolled, the more chances a stranger has of looking like one of them. Clockface therefore raises the kiosk&apos;s match threshold with your size: at {n} it
        is <strong>{own.kioskThreshold.toFixed(3)}</strong>, so that a visitor who is not enrolled is taken for someone at most {describeRate(own.fpir)} of the time.
      </p>
      <p>
        The price is that an enrolled person is not recognised at the first try about <strong>{describeRate(own.fnir)}</strong> of the time at the kiosk (they try
        again). Check-ins on a person&apos;s own laptop compare them with themselves only and keep your match threshold; the margin of {matchMargin} over the next most
        similar person is asked for only when that person also reaches {own.kioskThreshold.toFixed(3)} — someone below it cannot be mistaken for them.
      </p>
      <table className="text-xs" aria-label="Kiosk threshold and expected rates by organisation size">
        <thead>
          <tr className="text-left text-slate-500">
            <th className="pr-3 font-normal">people enrolled</th>
            <th className="pr-3 font-normal">kiosk threshold</th>
            <th className="pr-3 font-normal">unknown visitor taken for someone</th>
            <th className="font-normal">enrolled person asked to retry</th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {[own, ...examples.filter((e) => e.people !== people)].map((e) => (
            <tr key={e.people} className={e.people === people ? "font-medium" : undefined}>
              <td className="pr-3">{e.people.toLocaleString("en-GB")}{e.people === people ? " (you)" : ""}</td>
              <td className="pr-3">{e.kioskThreshold.toFixed(3)}</td>
              <td className="pr-3">{describeRate(e.fpir)}</td>
              <td>{describeRate(e.fnir)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-500">
        Measured on public photo collections and extrapolated to larger organisations (see the model card, &ldquo;Kiosks and organisation size&rdquo;); real cameras,
        lighting and families or twins among your staff change these figures.
      </p>
    </div>
  );
}
