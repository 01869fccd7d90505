// The model card (docs/model-card.md) as a page, linked from Settings: read once at build, served static.
import { readFileSync } from "node:fs";
import path from "node:path";
import Link from "next/link";
import { ScrollBox } from "@/app/_components/ui/scroll-box";
import { parseMarkdown, type Inline } from "@/lib/docs/markdown";

export const metadata = { title: "Model card" };
export const dynamic = "force-static";

function Text({ parts }: { parts: Inline[] }) {
  return parts.map((p, i) =>
    p.kind === "code" ? (
      <code key={i} className="rounded bg-slate-100 px-1 text-[0.9em]">
        {p.text}
      </code>
    ) : p.kind === "strong" ? (
      <strong key={i}>{p.text}</strong>
    ) : p.kind === "link" && p.href?.startsWith("#") ? (
      <a key={i} href={p.href} className="link">
        {p.text}
      </a>
    ) : (
      <span key={i}>{p.text}</span>
    ),
  );
}

export default function ModelCardPage() {
  const md = readFileSync(path.join(/*turbopackIgnore: true*/ process.cwd(), "docs/model-card.md"), "utf8");
  const blocks = parseMarkdown(md);
  return (
    <main className="mx-auto max-w-4xl px-4 py-8 text-sm leading-relaxed text-slate-800">
      <p className="mb-6">
        <Link href="/admin/settings" className="link">
          ← Settings
        </Link>
      </p>
      {blocks.map((b, i) => {
        switch (b.kind) {
          case "heading":
            return b.level === 1 ? (
              <h1 key={i} id={b.id} className="mb-4 text-2xl font-semibold tracking-tight">
                {b.text}
              </h1>
            ) : b.level === 2 ? (
              <h2 key={i} id={b.id} className="mt-8 mb-2 text-lg font-semibold">
                {b.text}
              </h2>
            ) : (
              <h3 key={i} id={b.id} className="mt-6 mb-2 font-semibold">
                {b.text}
              </h3>
            );
          case "paragraph":
            return (
              <p key={i} className="my-3">
                <Text parts={b.inlines} />
              </p>
            );
          case "list":
            return (
              <ul key={i} className="my-3 list-disc space-y-1 pl-5">
                {b.items.map((it, k) => (
                  <li key={k}>
                    <Text parts={it} />
                  </li>
                ))}
              </ul>
            );
          case "code":
            return (
              <ScrollBox key={i} label="Code" className="my-3 rounded-lg bg-slate-900 p-3">
                <pre className="text-xs text-slate-100">{b.text}</pre>
              </ScrollBox>
            );
          case "table":
            return (
              <ScrollBox key={i} label={`Table: ${b.header.map((c) => c.map((p) => p.text).join("")).join(", ")}`} className="my-3 rounded-lg border border-slate-200 bg-white">
                <table className="w-full text-left text-xs">
                  <thead className="bg-slate-50">
                    <tr>
                      {b.header.map((c, k) => (
                        <th key={k} scope="col" className="px-3 py-2 font-semibold">
                          <Text parts={c} />
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {b.rows.map((r, k) => (
                      <tr key={k} className="border-t border-slate-100 align-top">
                        {r.map((c, j) => (
                          <td key={j} className="px-3 py-2">
                            <Text parts={c} />
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollBox>
            );
        }
      })}
    </main>
  );
}
