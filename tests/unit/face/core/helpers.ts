import type { Landmark } from "@/lib/face/core/types";

/** A 478-point MediaPipe-shaped mesh with every point at the frame centre, to be edited by tests. */
export function blankMesh(n = 478): Landmark[] {
  return Array.from({ length: n }, () => ({ x: 0.5, y: 0.5, z: 0 }));
}

/** Set landmark `i` from PIXEL coordinates of a width x height frame. */
export function setPx(mesh: Landmark[], i: number, x: number, y: number, width: number, height: number): void {
  mesh[i] = { x: x / width, y: y / height, z: 0 };
}
