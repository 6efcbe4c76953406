// The browser-check rule lives with the render check (scripts/notebooks/render-check.ts), shared by tests and reproduce.
export { browserMissing, browserSkipReason } from "../scripts/notebooks/render-check";
