// Object keys: `<organisation id>/<folder>/<uuid>.<jpg|png>`. Pure, so that the blob route's input schema
// (lib/validations/blob.ts) checks a key without loading a store.
const KEY_PATTERN = /^[0-9a-f-]{36}\/[a-z0-9-]{1,40}\/[0-9a-f-]{36}\.(jpg|png)$/;

export function isValidKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** The organisation that owns `key` (its prefix), or null for a key that is not valid. */
export function orgOfKey(key: string): string | null {
  return isValidKey(key) ? key.slice(0, 36) : null;
}
