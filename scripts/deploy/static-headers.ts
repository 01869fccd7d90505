// The response headers that next.config.ts `headers()` gives a static file (public/, .next/static), as Vercel's CDN
// applies them: from the build's .next/routes-manifest.json, whose `headers` rules carry the regex Next compiled from
// each `source`. Every rule whose regex matches the path applies, in order; a later rule's value for a key replaces an
// earlier one's (Next's documented order). Pure: the CDN stand-in of `npm run verify:deploy` reads the manifest once.
//
// Why not ask the function (a HEAD request) for a static file's headers: the standalone function has no public/
// folder, so it answers 404 with its not-found page's `Cache-Control: private, no-cache, no-store…`, which replaced
// the `immutable` of the content-addressed runtimes and made a first visit download each one twice (issue 17).

export interface ManifestHeaderRule {
  source: string;
  regex: string;
  headers: { key: string; value: string }[];
  has?: unknown[];
  missing?: unknown[];
}

export interface RoutesManifest {
  caseSensitive?: boolean;
  headers: ManifestHeaderRule[];
}

/** Lower-case header name → value, for one path. */
export type HeaderLookup = (pathname: string) => Record<string, string>;

export function staticHeaders(manifest: RoutesManifest): HeaderLookup {
  const conditional = manifest.headers.filter((r) => r.has?.length || r.missing?.length).map((r) => r.source);
  // A rule that depends on the request (`has`/`missing`) is not modelled: refuse instead of applying it wrongly.
  if (conditional.length) throw new Error(`headers() rules with has/missing are not supported by the CDN stand-in: ${conditional.join(", ")}`);
  const rules = manifest.headers.map((r) => ({ re: new RegExp(r.regex, manifest.caseSensitive ? "" : "i"), headers: r.headers }));
  return (pathname) => {
    const out: Record<string, string> = {};
    for (const r of rules) if (r.re.test(pathname)) for (const h of r.headers) out[h.key.toLowerCase()] = h.value;
    return out;
  };
}
