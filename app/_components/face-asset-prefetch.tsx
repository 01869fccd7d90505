"use client";

// Puts the face pipeline's models and runtimes into the browser's HTTP cache while the page is idle, so that the
// check-in or enrolment that follows starts from the cache (on the pages that lead to one, and at the kiosk before
// anyone walks up). Once per page load; left running across client-side navigation (the face worker's own request
// for a file still in flight waits for it rather than downloading it twice); skipped when the browser asks to save
// data. Renders nothing.
import { useEffect } from "react";
import { PREFETCH_URLS } from "@/lib/face/assets";
import { prefetchAssets } from "@/lib/face/worker/asset-cache";

let started = false;

export function FaceAssetPrefetch() {
  useEffect(() => {
    if (started) return;
    if ((navigator as { connection?: { saveData?: boolean } }).connection?.saveData) return;
    const start = () => {
      if (started) return;
      started = true;
      void prefetchAssets(PREFETCH_URLS).catch(() => undefined); // a head start only: the worker fetches what is missing
    };
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(start, { timeout: 3000 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(start, 1000);
    return () => clearTimeout(id);
  }, []);
  return null;
}
