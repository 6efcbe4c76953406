// The browser rule: outside CI a missing Chromium skips the rendering checks (saying why); in CI it fails
// them, unless MNIST_SKIP_BROWSER=1 skips them explicitly.
import assert from "node:assert/strict";
import { test } from "node:test";
import { browserMissing, browserSkipReason } from "../scripts/notebooks/render-check";

const absent = () => undefined;
const present = () => "/usr/bin/chromium";

test("in CI a missing Chromium is not a reason to skip: the checks run and fail", () => {
  assert.match(browserMissing({ CI: "true" }, absent)!, /^Chromium not found/);
  assert.equal(browserSkipReason({ CI: "true" }, absent), false);
  assert.equal(browserSkipReason({ CI: "1" }, absent), false);
});

test("outside CI a missing Chromium skips, naming the reason; a present one never skips", () => {
  assert.match(browserSkipReason({}, absent) as string, /^not in CI: the rendering checks are skipped \(Chromium not found/);
  assert.equal(browserSkipReason({}, present), false);
  assert.equal(browserSkipReason({ CI: "true" }, present), false);
  assert.equal(browserMissing({}, present), undefined);
});

test("MNIST_SKIP_BROWSER=1 skips explicitly, in CI too, even with Chromium present", () => {
  assert.equal(browserSkipReason({ CI: "true", MNIST_SKIP_BROWSER: "1" }, absent), "MNIST_SKIP_BROWSER=1");
  assert.equal(browserMissing({ MNIST_SKIP_BROWSER: "1" }, present), "MNIST_SKIP_BROWSER=1");
  assert.equal(browserSkipReason({ MNIST_SKIP_BROWSER: "0" }, absent) !== false, true, "only the value 1 counts as explicit; 0 outside CI is the ordinary skip");
  assert.equal(browserSkipReason({ CI: "true", MNIST_SKIP_BROWSER: "0" }, absent), false);
});
