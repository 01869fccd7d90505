/** Pure face math shared by the browser pipeline, the server and the tests. No DOM, no tensors, no IO. */
export * from "./types";
export * from "./align";
export * from "./similarity";
export * from "./ear";
export * from "./blink";
export * from "./pose";
export * from "./quality";
export * from "./antispoof";
export * from "./liveness-rules";
