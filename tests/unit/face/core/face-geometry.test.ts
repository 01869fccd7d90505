import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { headPoseFromLandmarks, PROCRUSTES_BASIS, weightedRotation } from "@/lib/face/core/face-geometry";
import type { Landmark } from "@/lib/face/core/types";

const task = path.resolve(import.meta.dirname, "../../../../public/models/face_landmarker.task");

/** The stored (uncompressed) zip entry `name` of the .task bundle. */
function storedEntry(zip: Buffer, name: string): Buffer {
  for (let p = zip.indexOf("PK\x03\x04"); p >= 0; p = zip.indexOf("PK\x03\x04", p + 4)) {
    const method = zip.readUInt16LE(p + 8);
    const size = zip.readUInt32LE(p + 18);
    const nameLen = zip.readUInt16LE(p + 26);
    const extra = zip.readUInt16LE(p + 28);
    if (zip.toString("utf8", p + 30, p + 30 + nameLen) === name) {
      expect(method).toBe(0);
      const start = p + 30 + nameLen + extra;
      return zip.subarray(start, start + size);
    }
  }
  throw new Error(`${name} not in the bundle`);
}

type Field = [number, number | Buffer];
function protoFields(b: Buffer): Field[] {
  const out: Field[] = [];
  let p = 0;
  const varint = () => {
    let r = 0;
    let s = 0;
    let c: number;
    do {
      c = b[p++]!;
      r += (c & 0x7f) * 2 ** s;
      s += 7;
    } while (c & 0x80);
    return r;
  };
  while (p < b.length) {
    const key = varint();
    const wire = key & 7;
    if (wire === 0) out.push([key >>> 3, varint()]);
    else if (wire === 5) {
      out.push([key >>> 3, b.readFloatLE(p)]);
      p += 4;
    } else if (wire === 2) {
      const len = varint();
      out.push([key >>> 3, b.subarray(p, p + len)]);
      p += len;
    } else throw new Error(`wire type ${wire}`);
  }
  return out;
}

/** Canonical points rotated by yaw about +Y, written as a mesh normalised to a w x h frame (y down, z away). */
function syntheticMesh(yawDeg: number, w: number, h: number): Landmark[] {
  const a = (yawDeg * Math.PI) / 180;
  const mesh: Landmark[] = Array.from({ length: 478 }, () => ({ x: 0.5, y: 0.5, z: 0 }));
  for (const [id, , x, y, z] of PROCRUSTES_BASIS) {
    const rx = Math.cos(a) * x + Math.sin(a) * z;
    const rz = -Math.sin(a) * x + Math.cos(a) * z;
    const s = 12; // pixels per cm
    mesh[id] = { x: (w / 2 + s * rx) / w, y: (h / 2 - s * y) / h, z: (-s * rz) / w };
  }
  return mesh;
}

describe("face geometry (server head pose from the mesh)", () => {
  it("the Procrustes basis is the one in the shipped face_landmarker.task", () => {
    const meta = protoFields(storedEntry(readFileSync(task), "geometry_pipeline_metadata_landmarks.binarypb"));
    const mesh = protoFields(meta.find(([f]) => f === 1)![1] as Buffer);
    const vertices = mesh.filter(([f]) => f === 3).map(([, v]) => v as number);
    expect(vertices.length).toBe(468 * 5);
    const basis = meta
      .filter(([f]) => f === 2)
      .map(([, v]) => Object.fromEntries(protoFields(v as Buffer)) as Record<number, number>);
    expect(basis.length).toBe(PROCRUSTES_BASIS.length);
    for (const [k, [id, weight, x, y, z]] of PROCRUSTES_BASIS.entries()) {
      expect(basis[k]![1]).toBe(id);
      expect(basis[k]![2]).toBeCloseTo(weight, 8);
      expect([x, y, z].map((v, j) => v - vertices[id * 5 + j]!).every((d) => Math.abs(d) < 1e-6)).toBe(true);
    }
  });

  it("recovers a known rotation (Horn's method)", () => {
    const src = PROCRUSTES_BASIS.map(([, , x, y, z]) => [x, y, z] as [number, number, number]);
    const c = Math.cos(0.4);
    const s = Math.sin(0.4);
    const dst = src.map(([x, y, z]) => [2 * (c * x - s * y) + 1, 2 * (s * x + c * y) - 3, 2 * z + 5] as [number, number, number]);
    const R = weightedRotation(src, dst, PROCRUSTES_BASIS.map(([, w]) => w));
    expect(R[0][0]).toBeCloseTo(c, 6);
    expect(R[0][1]).toBeCloseTo(-s, 6);
    expect(R[1][0]).toBeCloseTo(s, 6);
    expect(R[2][2]).toBeCloseTo(1, 6);
  });

  it("yaw of a synthetic mesh: sign convention of lib/face/core/pose.ts, value within 0.1°", () => {
    for (const yaw of [-40, -15, 0, 10, 30]) {
      const p = headPoseFromLandmarks(syntheticMesh(yaw, 640, 480), 640, 480);
      expect(p.yaw).toBeCloseTo(yaw, 1);
      expect(Math.abs(p.pitch)).toBeLessThan(0.1);
      expect(Math.abs(p.roll)).toBeLessThan(0.1);
    }
  });

  it("a mesh missing a basis landmark is an error, not a pose", () => {
    expect(() => headPoseFromLandmarks(syntheticMesh(0, 640, 480).slice(0, 300), 640, 480)).toThrow(/landmark/);
  });
});
