import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { HUGE_PAGES_TUNABLE, hugePagesStatus, withHugePages } from "../src";
import { describeHugePages, inLanguage, jupyterCommand } from "../src/book";

test("withHugePages adds the tunable, keeps other tunables and an explicit choice", () => {
  assert.equal(withHugePages({}).GLIBC_TUNABLES, HUGE_PAGES_TUNABLE);
  assert.equal(withHugePages({ GLIBC_TUNABLES: "glibc.malloc.arena_max=2" }).GLIBC_TUNABLES, `glibc.malloc.arena_max=2:${HUGE_PAGES_TUNABLE}`);
  assert.equal(withHugePages({ GLIBC_TUNABLES: "glibc.malloc.hugetlb=0" }).GLIBC_TUNABLES, "glibc.malloc.hugetlb=0");
  assert.equal(withHugePages({ PATH: "/bin" }).PATH, "/bin");
});

test("hugePagesStatus follows GLIBC_TUNABLES and says why", () => {
  const off = hugePagesStatus({});
  assert.equal(off.active, false);
  assert.ok(off.cause !== "tunable-on" && off.cause !== "thp-always");
  const explicitOff = hugePagesStatus({ GLIBC_TUNABLES: "glibc.malloc.hugetlb=0" });
  assert.equal(explicitOff.active, false);
  const on = hugePagesStatus(withHugePages({}));
  if (process.platform === "linux" && (on.thpMode === "madvise" || on.thpMode === "always")) {
    assert.equal(on.active, true);
    assert.match(describeHugePages(on), /hugetlb=1|THP mode always/);
  }
});

test("the book says why in the notebook's language, for every cause", () => {
  const causes = ["other-os", "no-thp", "thp-never", "thp-always", "no-glibc", "old-glibc", "tunable-on", "tunable-off"] as const;
  for (const cause of causes) {
    const status = { active: false, cause, platform: "linux", thpMode: "madvise", glibc: "2.36", tunable: "1" };
    const en = describeHugePages(status), zh = inLanguage("zh", () => describeHugePages(status));
    assert.doesNotMatch(en, /[\u4e00-\u9fff]/, en);
    assert.match(zh, /[\u4e00-\u9fff]/, `no Chinese in ${JSON.stringify(zh)} (English: ${en})`);
  }
});

// The tunable must reach malloc: with it, the kernel reports AnonHugePages for a fresh 188 MB array.
const thp = process.platform === "linux" && hugePagesStatus(withHugePages({})).active;
test("a child started withHugePages gets huge pages for a fresh large typed array", { skip: !thp && "no THP with glibc ≥ 2.35 here" }, () => {
  const script = `const a = new Float32Array(47040000); for (let i = 0; i < a.length; i += 1024) a[i] = 1;
    const kb = require("fs").readFileSync("/proc/self/smaps_rollup", "utf8").match(/AnonHugePages:\\s+(\\d+)/)[1];
    console.log(kb);`;
  const run = (env: NodeJS.ProcessEnv) => Number(spawnSync(process.execPath, ["-e", script], { env, encoding: "utf8" }).stdout.trim());
  const withTunable = run(withHugePages({ PATH: process.env.PATH }));
  const without = run({ PATH: process.env.PATH, GLIBC_TUNABLES: "glibc.malloc.hugetlb=0" });
  assert.ok(withTunable >= 150 * 1024, `expected ≥ 150 MiB of AnonHugePages with the tunable, found ${withTunable} KiB`);
  assert.ok(without < withTunable, `expected fewer huge pages without the tunable, found ${without} KiB vs ${withTunable} KiB`);
});

test("jupyterCommand: MNIST_JUPYTER, else the project's .venv, else jupyter on PATH", () => {
  assert.equal(jupyterCommand({ MNIST_JUPYTER: "/opt/conda/bin/jupyter" }), "/opt/conda/bin/jupyter");
  const own = join(__dirname, "..", ".venv", "bin", "jupyter");
  assert.equal(jupyterCommand({}), existsSync(own) ? own : "jupyter");
});
