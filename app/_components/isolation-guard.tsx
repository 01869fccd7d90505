"use client";
// The face pipeline's pages (ISOLATED_PAGES, lib/security/headers.ts) need cross-origin isolation for onnxruntime's
// WASM threads. The browser isolates only a document it loads itself: a client-side navigation into such a page (a
// <Link>, or the redirect after signing in) keeps the previous document, which is not isolated, and the pipeline then
// runs on one thread. Rendered first on those pages, this loads the page again, once, when it is not isolated.
import { useEffect } from "react";

const RELOADED = "clockface:isolation-reload";

export function IsolationGuard() {
  useEffect(() => {
    if (typeof crossOriginIsolated === "undefined" || !window.isSecureContext) return; // cannot be isolated here
    if (crossOriginIsolated) {
      sessionStorage.removeItem(RELOADED);
      return;
    }
    // Once per page: a browser that does not isolate even a loaded document keeps the page as it is.
    if (sessionStorage.getItem(RELOADED) === location.pathname) return;
    sessionStorage.setItem(RELOADED, location.pathname);
    location.reload();
  }, []);
  return null;
}
