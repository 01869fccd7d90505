// Webcam access with clear, actionable messages for the ways it fails.

export type CameraErrorKind = "denied" | "absent" | "busy" | "insecure" | "unsupported" | "unknown";

/** What the person sees for each failure. */
export const cameraMessages: Readonly<Record<CameraErrorKind, string>> = Object.freeze({
  denied:
    "Camera access is blocked. Allow the camera for this site (the camera icon in the address bar), then try again.",
  absent: "No camera was found. Connect a webcam (or enable the built-in one) and try again.",
  busy: "The camera is in use by another application (a video call?). Close it and try again.",
  insecure: "The camera only works over HTTPS. Open this page with https://.",
  unsupported: "This browser cannot use a camera. Use a recent Chrome, Edge, Firefox or Safari.",
  unknown: "The camera could not be started. Reload the page and try again.",
});

export class CameraError extends Error {
  constructor(
    public readonly kind: CameraErrorKind,
    public readonly cause?: unknown,
  ) {
    super(cameraMessages[kind]);
    this.name = "CameraError";
  }
}

/** Maps a getUserMedia DOMException name to a kind (pure; exported for tests). */
export function cameraErrorKind(name: string | undefined): CameraErrorKind {
  switch (name) {
    case "NotAllowedError":
    case "PermissionDeniedError":
    case "SecurityError":
      return "denied";
    case "NotFoundError":
    case "DevicesNotFoundError":
    case "OverconstrainedError":
    case "ConstraintNotSatisfiedError":
      return "absent";
    case "NotReadableError":
    case "TrackStartError":
    case "AbortError":
      return "busy";
    default:
      return "unknown";
  }
}

export interface CameraOptions {
  /** Requested frame size (the camera may deliver another; read the video's size). */
  width?: number;
  height?: number;
  /** Requested frame rate (frames per second). */
  frameRate?: number;
}

/** Opens the user-facing camera at about 640x480; throws CameraError. */
export async function openCamera(opts: CameraOptions = {}): Promise<MediaStream> {
  if (typeof window !== "undefined" && window.isSecureContext === false) throw new CameraError("insecure");
  if (typeof navigator === "undefined" || !navigator.mediaDevices?.getUserMedia) throw new CameraError("unsupported");
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        facingMode: "user",
        width: { ideal: opts.width ?? 640 },
        height: { ideal: opts.height ?? 480 },
        frameRate: { ideal: opts.frameRate ?? 30 },
      },
    });
  } catch (err) {
    const name = err instanceof DOMException || err instanceof Error ? err.name : undefined;
    throw new CameraError(cameraErrorKind(name), err);
  }
}

/** Attaches a stream to a <video> and waits until frames flow. */
export async function attachCamera(video: HTMLVideoElement, stream: MediaStream): Promise<void> {
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play();
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new CameraError("unknown")), 10_000);
      video.addEventListener(
        "loadeddata",
        () => {
          clearTimeout(t);
          resolve();
        },
        { once: true },
      );
    });
  }
}

export function stopCamera(stream: MediaStream | null | undefined): void {
  for (const t of stream?.getTracks() ?? []) t.stop();
}
