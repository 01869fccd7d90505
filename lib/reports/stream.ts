// Stream plumbing shared by the writers: backpressure, and a web ReadableStream for a route handler.
import { PassThrough, type Writable } from "node:stream";
import { finished } from "node:stream/promises";

/** Resolves when `dest` wants more data (at once if it does already); rejects if it errors or closes first. */
export function waitForDrain(dest: Writable): Promise<void> {
  if (!dest.writableNeedDrain) return Promise.resolve();
  if (dest.destroyed) return Promise.reject(new Error("destination closed"));
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      dest.off("drain", onDrain);
      dest.off("error", onError);
      dest.off("close", onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onClose = () => {
      cleanup();
      reject(new Error("destination closed"));
    };
    dest.on("drain", onDrain);
    dest.on("error", onError);
    dest.on("close", onClose);
  });
}

/** Writes a chunk, waiting for the destination to drain when its buffer is full. */
export async function writeChunk(dest: Writable, chunk: string | Uint8Array): Promise<void> {
  if (dest.destroyed) throw new Error("destination closed");
  if (!dest.write(chunk)) await waitForDrain(dest);
}

/** Ends `dest` and resolves once everything is flushed. */
export async function endStream(dest: Writable): Promise<void> {
  dest.end();
  await finished(dest);
}

/** Lets other work (I/O, compression) run: awaited every few hundred rows by the writers. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export type ExportFormat = "csv" | "xlsx" | "pdf";

export const contentTypes: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
};

/** Headers for a download response: content type, attachment file name (ASCII-safe + RFC 5987), no caching. */
export function downloadHeaders(format: ExportFormat, baseName: string): Record<string, string> {
  const name = `${baseName}.${format}`;
  const ascii = name.replace(/[^A-Za-z0-9._-]+/g, "_");
  return {
    "Content-Type": contentTypes[format],
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
}

/**
 * Runs a writer (one of writeCsv / writeXlsx / writePdf, or anything that writes to a Writable and ends it) and
 * exposes its output as a web ReadableStream, pulled by the consumer: nothing is produced faster than the client
 * reads (backpressure), and cancelling the response (client gone) stops the writer.
 *
 *   return new Response(toWebStream((out) => writeCsv(dailyTable(report, tz), out)), { headers: downloadHeaders("csv", "attendance") });
 */
export function toWebStream(run: (dest: Writable) => Promise<void>, highWaterMark = 64 * 1024): ReadableStream<Uint8Array> {
  const pass = new PassThrough({ highWaterMark });
  let failure: unknown = null;
  run(pass).catch((err: unknown) => {
    failure = err;
    pass.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  const iterator = pass[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        } catch (err) {
          controller.error(failure ?? err);
        }
      },
      async cancel(reason) {
        pass.destroy(reason instanceof Error ? reason : new Error("cancelled"));
        await iterator.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}
