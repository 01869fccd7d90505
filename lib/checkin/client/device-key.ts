// The device key in the browser: a non-extractable ECDSA P-256 key pair kept in IndexedDB (CryptoKey objects
// are structured-cloneable, so the private key is stored without ever being exportable), with the device id
// the server gave it. One record per slot: "personal" (this person's laptop) or "kiosk".
import { exportPublicJwk, generateDeviceKeyPair, type PublicJwk } from "../signature";

export type KeySlot = "personal" | "kiosk";

export interface StoredDeviceKey {
  slot: KeySlot;
  keys: CryptoKeyPair;
  /** Set once the server registered the public key. */
  deviceId: string | null;
  /** Who registered it (personal) — a laptop can be shared by people signing in one after another. */
  userId: string | null;
  createdAt: string;
}

const DB_NAME = "clockface";
const STORE = "device-keys";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "id" });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB unavailable"));
  });
}

function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const t = db.transaction(STORE, mode);
        const req = fn(t.objectStore(STORE));
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
        t.oncomplete = () => db.close();
      }),
  );
}

const id = (slot: KeySlot, userId: string | null) => (slot === "kiosk" ? "kiosk" : `personal:${userId ?? ""}`);

export async function loadDeviceKey(slot: KeySlot, userId: string | null = null): Promise<StoredDeviceKey | null> {
  const row = await tx<(StoredDeviceKey & { id: string }) | undefined>("readonly", (s) => s.get(id(slot, userId)));
  return row ?? null;
}

/** A new key pair for the slot (replacing any earlier one), not yet registered. */
export async function createDeviceKey(slot: KeySlot, userId: string | null = null): Promise<StoredDeviceKey & { publicKeyJwk: PublicJwk }> {
  const keys = await generateDeviceKeyPair();
  const rec: StoredDeviceKey = { slot, keys, deviceId: null, userId, createdAt: new Date().toISOString() };
  await tx("readwrite", (s) => s.put({ ...rec, id: id(slot, userId) }));
  return { ...rec, publicKeyJwk: await exportPublicJwk(keys.publicKey) };
}

export async function saveDeviceId(slot: KeySlot, userId: string | null, deviceId: string): Promise<void> {
  const rec = await loadDeviceKey(slot, userId);
  if (!rec) throw new Error("no device key to register");
  await tx("readwrite", (s) => s.put({ ...rec, deviceId, id: id(slot, userId) }));
}

export async function forgetDeviceKey(slot: KeySlot, userId: string | null = null): Promise<void> {
  await tx("readwrite", (s) => s.delete(id(slot, userId)));
}

/** A short device name from the browser, for the admin's device list. */
export function defaultDeviceName(): string {
  const ua = typeof navigator === "undefined" ? "" : navigator.userAgent;
  const os = /Windows/.test(ua) ? "Windows" : /Mac OS X/.test(ua) ? "Mac" : /CrOS/.test(ua) ? "Chromebook" : /Linux/.test(ua) ? "Linux" : "Laptop";
  const browser = /Edg\//.test(ua) ? "Edge" : /Chrome\//.test(ua) ? "Chrome" : /Firefox\//.test(ua) ? "Firefox" : /Safari\//.test(ua) ? "Safari" : "browser";
  return `${os} · ${browser}`;
}
