// Whether the browser-based checks can run. In CI a missing Chromium is a failure, not a skip,
// unless MNIST_SKIP_BROWSER=1 says so explicitly.
import { chromiumPath } from "../scripts/render-check";

/** Why Chromium cannot be used here, or undefined when it can. */
export function browserMissing(): string | undefined {
  if (process.env.MNIST_SKIP_BROWSER === "1") return "MNIST_SKIP_BROWSER=1";
  return chromiumPath() === undefined ? "Chromium not found (npm run setup installs it on Debian/Ubuntu; or set CHROMIUM_PATH)" : undefined;
}

/** A reason to skip the "a browser is available" test: only outside CI, or when skipped explicitly. */
export function browserSkipReason(): string | false {
  if (process.env.MNIST_SKIP_BROWSER === "1") return "MNIST_SKIP_BROWSER=1";
  return process.env.CI ? false : (browserMissing() ?? false) && "not in CI: the rendering checks are skipped";
}
