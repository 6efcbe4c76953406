// The patch setup applies to tfjs-node's binding sources (scripts/setup/tfjs-node-functions.patch):
// pinned by its hash, applying cleanly to the installed sources, recorded in the built binding.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { nativeProvenance } from "../src/backend/backend";
import { nativeSkip } from "./helpers";

const root = join(__dirname, "..");
const PATCH = join(root, "scripts", "setup", "tfjs-node-functions.patch");
const pinnedPatchHash = () => /sha256: "([0-9a-f]{64})"/.exec(readFileSync(join(root, "scripts", "setup", "setup-native.mjs"), "utf8"))?.[1];

describe("the binding patch setup applies", () => {
  test("its sha256 is the one setup-native.mjs pins", () => {
    const hash = createHash("sha256").update(readFileSync(PATCH)).digest("hex");
    assert.equal(hash, pinnedPatchHash(), "scripts/setup/tfjs-node-functions.patch changed: re-pin its sha256 in scripts/setup/setup-native.mjs");
  });

  test("it applies cleanly to the installed tfjs-node's binding sources", { skip: nativeSkip || undefined }, () => {
    const sources = dirname(require.resolve("@tensorflow/tfjs-node/package.json"));
    const run = spawnSync("patch", ["-p1", "--dry-run", "--batch", "--forward", "-d", sources, "-i", PATCH], { encoding: "utf8" });
    if (run.error) return; // no patch(1) here: setup falls back to git apply
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  });

  test("setup recorded it in the built binding's provenance", { skip: nativeSkip || undefined }, () => {
    assert.equal(nativeProvenance()?.patch?.sha256, pinnedPatchHash(), "the binding was built without this patch: npm run setup rebuilds it");
  });
});
