// Attendance rules: pure functions of events, organisation rules and a clock passed in (no DB, no Date.now()).
export * from "./local-time";
export * from "./rules";
export * from "./events";
export * from "./day";
export * from "./summary";
export * from "./org";
export * from "./punches";
export * from "./schedule";
export * from "./overtime";
export * from "./leave";
export * from "./approval";
