// Just enough Markdown to show the repository's own documents (the model card) as a page: headings, paragraphs,
// lists, tables and code blocks. Pure; the input is trusted (our own docs), and the output is data, not HTML.

export type Inline = { kind: "text" | "code" | "strong" | "link"; text: string; href?: string };
export type Block =
  | { kind: "heading"; level: 1 | 2 | 3; text: string; id: string }
  | { kind: "paragraph"; inlines: Inline[] }
  | { kind: "list"; items: Inline[][] }
  | { kind: "table"; header: Inline[][]; rows: Inline[][][] }
  | { kind: "code"; text: string };

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export const anchorOf = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .trim()
    .replace(/\s/g, "-");

/** `code`, **strong** and [links](href) in a line of text. */
export function inlines(text: string): Inline[] {
  const out: Inline[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)]+)\)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push({ kind: "text", text: text.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ kind: "code", text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: "strong", text: m[2] });
    else out.push({ kind: "link", text: m[3]!, href: m[4]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}

const cells = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((c) => inlines(c.trim()));

export function parseMarkdown(md: string): Block[] {
  const lines = md.split("\n");
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith("```")) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith("```"); i++) body.push(lines[i]!);
      i++;
      out.push({ kind: "code", text: body.join("\n") });
      continue;
    }
    const h = /^(#{1,3})\s+(.*)$/.exec(line);
    if (h) {
      out.push({ kind: "heading", level: h[1]!.length as 1 | 2 | 3, text: h[2]!, id: anchorOf(h[2]!) });
      i++;
      continue;
    }
    if (line.startsWith("|")) {
      const rows: string[] = [];
      for (; i < lines.length && lines[i]!.startsWith("|"); i++) rows.push(lines[i]!);
      const body = rows.filter((r, k) => k !== 1 || !/^\|[\s:|-]+\|?$/.test(r));
      out.push({ kind: "table", header: cells(body[0] ?? ""), rows: body.slice(1).map(cells) });
      continue;
    }
    if (/^\s*[-*]\s+/.test(line)) {
      const items: string[] = [];
      for (; i < lines.length && lines[i]!.trim() !== "" && !lines[i]!.startsWith("#"); i++) {
        const l = lines[i]!;
        if (/^\s*[-*]\s+/.test(l)) items.push(l.replace(/^\s*[-*]\s+/, ""));
        else items[items.length - 1] += ` ${l.trim()}`;
      }
      out.push({ kind: "list", items: items.map(inlines) });
      continue;
    }
    if (line.trim() === "") {
      i++;
      continue;
    }
    const para: string[] = [];
    for (; i < lines.length && lines[i]!.trim() !== "" && !/^(#|```|\||\s*[-*]\s)/.test(lines[i]!); i++) para.push(lines[i]!.trim());
    out.push({ kind: "paragraph", inlines: inlines(para.join(" ")) });
  }
  return out;
}
