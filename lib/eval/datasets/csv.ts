// Minimal CSV (RFC 4180) for one line: commas, double-quoted fields with "" escapes. Pure.
// Multi-line quoted fields are not supported (the label files have none); an unterminated quote is an error.

export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i <= line.length) {
    const c = line[i];
    if (quoted) {
      if (c === undefined) throw new Error("unterminated quoted field");
      if (c === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === undefined || c === ",") {
      out.push(field);
      field = "";
      i++;
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      i++;
      continue;
    }
    field += c;
    i++;
  }
  return out;
}

/**
 * Column positions of `required` names in a header line; throws with the expected header when one is
 * missing. Extra columns are allowed.
 */
export function headerIndex<K extends string>(header: string[], required: readonly K[]): Record<K, number> {
  const cols = header.map((h) => h.trim());
  const missing = required.filter((r) => !cols.includes(r));
  if (missing.length) throw new Error(`missing column(s) ${missing.join(", ")}; expected header ${required.join(",")}`);
  return Object.fromEntries(required.map((r) => [r, cols.indexOf(r)])) as Record<K, number>;
}
