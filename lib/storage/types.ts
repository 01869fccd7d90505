// What every object store implements (disk, Vercel Blob). A file of its own so that the stores depend on it, not
// on index.ts, which chooses between them.
export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  size: number | null;
}

export interface ObjectStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<StoredObject | null>;
  delete(keys: string[]): Promise<void>;
}
