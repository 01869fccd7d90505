import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { anchorOf, inlines, parseMarkdown } from "@/lib/docs/markdown";

describe("the model card's Markdown", () => {
  it("reads headings, paragraphs, lists, tables and code", () => {
    const blocks = parseMarkdown(["# Title", "", "Some **bold** and `code`,", "two lines.", "", "- one", "- two", "  more", "", "| a | b |", "|---|---|", "| 1 | 2 |", "", "```", "x=1", "```"].join("\n"));
    expect(blocks.map((b) => b.kind)).toEqual(["heading", "paragraph", "list", "table", "code"]);
    expect(blocks[1]).toEqual({ kind: "paragraph", inlines: inlines("Some **bold** and `code`, two lines.") });
    expect(blocks[2]).toMatchObject({ kind: "list", items: [[{ text: "one" }], [{ text: "two more" }]] });
    expect(blocks[3]).toMatchObject({ kind: "table", header: [[{ text: "a" }], [{ text: "b" }]], rows: [[[{ text: "1" }], [{ text: "2" }]]] });
    expect(blocks[4]).toEqual({ kind: "code", text: "x=1" });
  });

  it("links within the card resolve to its headings; it has one title", () => {
    expect(anchorOf("Kiosks and organisation size")).toBe("kiosks-and-organisation-size");
    const blocks = parseMarkdown(readFileSync("docs/model-card.md", "utf8"));
    const ids = new Set(blocks.flatMap((b) => (b.kind === "heading" ? [b.id] : [])));
    const links = blocks.flatMap((b) => (b.kind === "paragraph" ? b.inlines : b.kind === "list" ? b.items.flat() : [])).filter((p) => p.kind === "link" && p.href?.startsWith("#"));
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(ids, l.href).toContain(l.href!.slice(1));
    expect(blocks.filter((b) => b.kind === "heading" && b.level === 1)).toHaveLength(1);
  });
});
