import { describe, expect, it } from "vitest";
import { canonicalBytes, canonicalJson, CanonicalJsonError, parseCanonicalJson } from "@/lib/checkin/canonical";

describe("canonicalJson", () => {
  it("sorts keys at every level and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it("sorts by UTF-16 code units (RFC 8785)", () => {
    expect(canonicalJson({ "é": 1, z: 2, Z: 3, "\u{1F600}": 4, "\uFFFF": 5 })).toBe('{"Z":3,"z":2,"é":1,"\u{1F600}":4,"\uFFFF":5}');
  });

  it("formats numbers as ECMAScript's shortest round-trip form", () => {
    expect(canonicalJson([0.1, 1e-7, 1e21, 123.456, -0, 5, 2 ** 53, Math.fround(0.3)])).toBe(
      "[0.1,1e-7,1e+21,123.456,0,5,9007199254740992,0.30000001192092896]",
    );
    for (const x of [Math.PI, -1.5e-300, 0.07012345678901234, Math.fround(-0.0123)]) expect(Number(canonicalJson(x))).toBe(x);
  });

  it("refuses what has no canonical form", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, [undefined], new Date(0), new Float32Array(2), 1n, () => 1, new Map()])
      expect(() => canonicalJson(bad), String(bad)).toThrow(CanonicalJsonError);
  });

  it("leaves out undefined object members, like JSON.stringify", () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it("escapes strings as JSON.stringify does", () => {
    expect(canonicalJson('a"b\\c\n\u0001\ud800')).toBe(JSON.stringify('a"b\\c\n\u0001\ud800'));
  });

  it("gives UTF-8 bytes", () => {
    expect(Array.from(canonicalBytes({ k: "é" }))).toEqual([123, 34, 107, 34, 58, 34, 0xc3, 0xa9, 34, 125]);
  });

  it("parses only text that is already canonical", () => {
    expect(parseCanonicalJson('{"a":1,"b":[true,null]}')).toEqual({ a: 1, b: [true, null] });
    expect(parseCanonicalJson('{"b":1,"a":2}')).toBeNull(); // unsorted
    expect(parseCanonicalJson('{"a": 1}')).toBeNull(); // whitespace
    expect(parseCanonicalJson('{"a":1.0}')).toBeNull(); // 1.0 is written 1
    expect(parseCanonicalJson('{"a":1,"a":2}')).toBeNull(); // duplicate key
    expect(parseCanonicalJson('{"a":"\\u0041"}')).toBeNull(); // needless escape
    expect(parseCanonicalJson("not json")).toBeNull();
  });
});
