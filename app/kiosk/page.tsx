import { FaceAssetPrefetch } from "@/app/_components/face-asset-prefetch";
import { KioskClock } from "./kiosk-clock";
import { KioskFlow } from "./kiosk-flow";

export const metadata = { title: "Kiosk" };

/**
 * A shared laptop at a door. No one is signed in here: the laptop's registered key is its credential, and an
 * admin registers it once (signed in on this laptop). People are identified 1:N within the organisation.
 */
export default function KioskPage() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-slate-50 px-4 py-8">
      <div className="w-full max-w-2xl">
        <h1 className="mb-2 flex items-center justify-center gap-2 text-lg font-semibold">
          <span className="inline-block h-7 w-7 rounded-full bg-brand-600" aria-hidden /> Clockface kiosk
        </h1>
        <KioskClock />
        <div className="card">
          <KioskFlow />
        </div>
        {/* The face files into the HTTP cache before anyone walks up. */}
        <FaceAssetPrefetch />
      </div>
    </main>
  );
}
