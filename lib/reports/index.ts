// Reports: rows from streamed events, tables shared by screen and exports, streaming CSV / XLSX / PDF writers.
export * from "./build";
export * from "./table";
export * from "./csv";
export * from "./xlsx";
export * from "./pdf";
export * from "./stream";
export * from "./export";
export * from "./payroll";
