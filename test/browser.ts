// The browser-check rule lives with the render check (scripts/render-check.ts), shared by tests and reproduce.
export { browserMissing, browserSkipReason } from "../scripts/render-check";
