export * from "./findings.js";
export * from "./pointer.js";
export * from "./kinds.js";
export * from "./document.js";
export * from "./source.js";
export * from "./config.js";
export * from "./discover.js";
export * from "./reporters/index.js";
