// npm run setup, native step: gives @tensorflow/tfjs-node a working binding, or says in one line
// why the wasm fallback will run instead. Called by scripts/setup.sh right after `npm ci`.
//   1. tfjs-node's own install, when Google's bucket answers (probed with a 5 s timeout);
//   2. otherwise libtensorflow from PyPI's tensorflow-cpu wheel, pinned and hash-checked by
//      requirements/tensorflow.lock, downloaded once into a cache outside git; only the two
//      libraries and the C headers are extracted, and the binding is built from tfjs-node's own
//      sources (binding.gyp) with node-gyp and this Node's headers.
// The wheel route builds the binding with scripts/setup/tfjs-node-functions.patch applied (hash-pinned
// below): it lets the binding register a graph as a function of its eager context, which compiled
// training steps run in one call. The sources are patched and built in a staging copy, so
// node_modules keeps tfjs-node's own files. The built binding is cached, keyed by tfjs-node's
// version and the patch's hash, so a re-run after `npm ci` (which empties node_modules) takes
// seconds. `provenance.json` next to the binding says where libtensorflow came from and which
// patch the binding carries; the backend report reads it. MNIST_NATIVE=0 skips this step.
// Never fails setup: the fallback is wasm (or, without the patch, eager training steps).
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tfjsNodeDir = join(root, "node_modules", "@tensorflow", "tfjs-node");
const WHEEL = { name: "tensorflow-cpu", version: "2.21.0", platform: "manylinux_2_27_x86_64", python: "3.11", abi: "cp311" };
// The C API headers and what they include (tstring moved to tsl/ in TF 2.13; core/platform forwards to it).
const HEADERS = ["tensorflow/c/", "tensorflow/core/platform/ctstring", "tsl/platform/ctstring", "xla/tsl/c/"].map((p) => `tensorflow/include/${p}`);
const LIBRARIES = ["libtensorflow_cc.so.2", "libtensorflow_framework.so.2"];
// The binding's additions for compiled steps (registerGraphFunction …), applied to tfjs-node's sources.
const PATCH = { file: join(dirname(fileURLToPath(import.meta.url)), "tfjs-node-functions.patch"), sha256: "76fba2be1e4731d0f23c46e7990c16eb264e5101696dc2353dc7535561f2936c" };

const started = Date.now();
let stepStarted = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
function step(what) {
  stepStarted = Date.now();
  process.stdout.write(`setup-native: ${what} … `);
}
function done(result = "done") {
  console.log(`${result} (${seconds(stepStarted)})`);
}
function fallBack(reason) {
  console.log(`setup-native: no native backend: ${reason}; notebooks and tests will use wasm (${seconds(started)}).`);
  process.exit(0);
}

if (process.env.MNIST_NATIVE === "0") fallBack("skipped (MNIST_NATIVE=0)");
if (!existsSync(join(tfjsNodeDir, "binding.gyp"))) fallBack(`expected @tensorflow/tfjs-node's sources in ${tfjsNodeDir}, found none (did npm ci skip optional dependencies?)`);

const tfjsNodeVersion = JSON.parse(readFileSync(join(tfjsNodeDir, "package.json"), "utf8")).version;
const napiVersion = bindingNapiVersion();
const bindingDir = join(tfjsNodeDir, "lib", `napi-v${napiVersion}`);
const bindingFile = join(bindingDir, "tfjs_binding.node");

/** The N-API version node-pre-gyp builds for: the highest one tfjs-node lists that this Node supports. */
function bindingNapiVersion() {
  const listed = JSON.parse(readFileSync(join(tfjsNodeDir, "package.json"), "utf8")).binary.napi_versions;
  return Math.max(...listed.filter((v) => v <= Number(process.versions.napi)));
}

/**
 * Loads the binding in a child process and returns libtensorflow's version, or throws with stderr's
 * last line; with `patched`, also checks that the binding registers functions.
 */
function checkBinding(patched = false) {
  const functions = patched ? 'if (typeof tf.backend().binding.registerGraphFunction !== "function") throw new Error("the patched binding lacks registerGraphFunction");' : "";
  const probe = `const tf = require("@tensorflow/tfjs-node"); const x = tf.tensor2d([[1, 2], [3, 4]]); if (x.matMul(x).dataSync()[3] !== 22) throw new Error("wrong matMul"); ${functions} process.stdout.write(tf.backend().binding.TF_Version);`;
  const run = spawnSync(process.execPath, ["-e", probe], { cwd: root, encoding: "utf8", timeout: 120_000, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "2" } });
  if (run.status !== 0) {
    const lines = `${run.stderr ?? ""}${run.error ?? ""}`.split("\n").filter((l) => /error|Error/.test(l));
    throw new Error(lines[0]?.trim().slice(0, 240) ?? `exit code ${run.status}`);
  }
  return run.stdout.trim();
}

/** Replaces `target` by a copy of `source`; unlinks first, so a hard-linked copy elsewhere keeps its own bytes. */
function replaceFile(source, target) {
  mkdirSync(dirname(target), { recursive: true });
  rmSync(target, { force: true });
  copyFileSync(source, target);
}

function writeProvenance(provenance) {
  const file = join(bindingDir, "provenance.json");
  rmSync(file, { force: true });
  writeFileSync(file, `${JSON.stringify(provenance, null, 2)}\n`);
}

// 1. tfjs-node's own install (a prebuilt binding and libtensorflow from Google's bucket).
step("probing Google's bucket for tfjs-node's own install");
const bucketAnswers = await fetch("https://storage.googleapis.com/tensorflow/libtensorflow/libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz", { method: "HEAD", signal: AbortSignal.timeout(5000) })
  .then((r) => r.ok)
  .catch(() => false);
done(bucketAnswers ? "answers" : "unreachable");
if (bucketAnswers) {
  step("running tfjs-node's install script (downloads libtensorflow 2.9.1)");
  const run = spawnSync(process.execPath, ["scripts/install.js"], { cwd: tfjsNodeDir, stdio: ["ignore", "ignore", "pipe"], timeout: 300_000 });
  if (run.status === 0) {
    done();
    try {
      step("loading the binding");
      const version = checkBinding();
      done(`libtensorflow ${version}`);
      writeProvenance({ source: "official", libtensorflow: version, from: "tfjs-node's install script (Google storage)", tfjsNode: tfjsNodeVersion });
      console.log(`setup-native: native backend ready: libtensorflow ${version}, official download (${seconds(started)}).`);
      process.exit(0);
    } catch (error) {
      done(`fails: ${error.message}`);
    }
  } else {
    done(`failed (exit ${run.status}); trying PyPI's wheel`);
  }
}

// 2. libtensorflow from PyPI's tensorflow-cpu wheel.
if (process.platform !== "linux" || process.arch !== "x64") fallBack(`the ${WHEEL.name} wheel route is set up for Linux x86_64 only, this is ${process.platform} ${process.arch}`);
const glibc = process.report.getReport().header.glibcVersionRuntime;
const [glibcMajor, glibcMinor] = (glibc ?? "0.0").split(".").map(Number);
if (!glibc || glibcMajor < 2 || (glibcMajor === 2 && glibcMinor < 27)) fallBack(`the ${WHEEL.platform} wheel needs glibc ≥ 2.27, found ${glibc ?? "none (not glibc)"}`);
if (!/^flags\s*:.*\bavx\b/m.test(readFileSync("/proc/cpuinfo", "utf8"))) fallBack("this CPU lacks AVX, which PyPI's TensorFlow is built for");

const cacheRoot = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "mnist-prep");
const cacheDir = join(cacheRoot, `${WHEEL.name}-${WHEEL.version}-${WHEEL.platform}`);
const depsDir = join(cacheDir, "deps");
const patchBytes = existsSync(PATCH.file) ? readFileSync(PATCH.file) : undefined;
const patchHash = patchBytes && createHash("sha256").update(patchBytes).digest("hex");
const patched = patchHash === PATCH.sha256;
if (!patched) console.log(`setup-native: ${PATCH.file}: expected sha256 ${PATCH.sha256}, found ${patchHash ?? "no file"}; building tfjs-node's binding unpatched (training steps will run op by op)`);
// A patched binding never shares a cache entry with an unpatched one or with another patch.
const bindingKey = `tfjs-node-${tfjsNodeVersion}-napi-v${napiVersion}${patched ? `-functions-${PATCH.sha256.slice(0, 16)}` : ""}`;
const cachedBinding = join(cacheDir, bindingKey, "tfjs_binding.node");
const stamp = join(depsDir, "extracted.json");

/** The tensorflow-cpu requirement with its hashes, as requirements/tensorflow.lock pins it. */
function lockedRequirement() {
  const lock = readFileSync(join(root, "requirements", "tensorflow.lock"), "utf8");
  const block = lock.match(new RegExp(`^${WHEEL.name}==${WHEEL.version.replace(/\./g, "\\.")} \\\\\\n(?:\\s+--hash=sha256:[0-9a-f]{64}(?: \\\\)?\\n)+`, "m"));
  if (!block) throw new Error(`requirements/tensorflow.lock: expected a hashed ${WHEEL.name}==${WHEEL.version} line, found none`);
  return block[0];
}

/** The project's .venv Python when setup made it already, else python3 (only pip and zipfile are used). */
function pythonCommand() {
  const venv = join(root, ".venv", "bin", "python");
  return existsSync(venv) ? venv : "python3";
}

async function sha256(file) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest("hex");
}

if (!existsSync(stamp) || !LIBRARIES.every((library) => existsSync(join(depsDir, "lib", library)))) {
  const wheelDir = join(cacheDir, "wheel");
  let wheel = existsSync(wheelDir) ? readdirSync(wheelDir).find((f) => f.endsWith(".whl")) : undefined;
  if (!wheel) {
    step(`downloading ${WHEEL.name} ${WHEEL.version} (${WHEEL.platform}, about 270 MB, hash-checked) into ${wheelDir}`);
    mkdirSync(wheelDir, { recursive: true });
    const requirement = join(cacheDir, "requirement.txt");
    writeFileSync(requirement, lockedRequirement());
    const python = pythonCommand();
    const pip = spawnSync(python, ["-m", "pip", "download", "--no-deps", "--require-hashes", "--only-binary=:all:", "--platform", WHEEL.platform, "--python-version", WHEEL.python, "--implementation", "cp", "--abi", WHEEL.abi, "--disable-pip-version-check", "-q", "-r", requirement, "-d", wheelDir], { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
    if (pip.error || pip.status !== 0) {
      done("failed");
      fallBack(`pip could not download the wheel: ${(pip.error?.message ?? pip.stderr.trim().split("\n").pop() ?? "").slice(0, 200)} (environment.md, "Native backend")`);
    }
    wheel = readdirSync(wheelDir).find((f) => f.endsWith(".whl"));
    done();
  }
  step(`extracting the two libraries and the C headers from ${wheel}`);
  rmSync(depsDir, { recursive: true, force: true });
  mkdirSync(join(depsDir, "lib"), { recursive: true });
  // Python's zipfile streams the members we ask for; unzip is not always installed.
  const extract = `
import sys, zipfile, shutil, os
wheel, deps = sys.argv[1], sys.argv[2]
headers = sys.argv[3].split(",")
libraries = sys.argv[4].split(",")
count = 0
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.endswith("/"):
            continue
        if name.startswith("tensorflow/") and name[len("tensorflow/"):] in libraries:
            target = os.path.join(deps, "lib", name[len("tensorflow/"):])
        elif name.startswith(tuple(headers)):
            target = os.path.join(deps, "include", name[len("tensorflow/include/"):])
        else:
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(name) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        count += 1
print(count)
`;
  const python = pythonCommand();
  const files = execFileSync(python, ["-c", extract, join(wheelDir, wheel), depsDir, HEADERS.join(","), LIBRARIES.join(",")], { encoding: "utf8" }).trim();
  for (const library of LIBRARIES) if (!existsSync(join(depsDir, "lib", library))) fallBack(`${wheel}: expected tensorflow/${library}, found none`);
  // binding.gyp links -ltensorflow -ltensorflow_framework (libtensorflow 2.9.1's names).
  symlinkSync("libtensorflow_cc.so.2", join(depsDir, "lib", "libtensorflow.so"));
  symlinkSync("libtensorflow_framework.so.2", join(depsDir, "lib", "libtensorflow_framework.so"));
  writeFileSync(stamp, `${JSON.stringify({ wheel, sha256: await sha256(join(wheelDir, wheel)), files: Number(files) }, null, 2)}\n`);
  done(`${files} files`);
} else {
  console.log(`setup-native: libtensorflow ${WHEEL.version} already extracted in ${depsDir}`);
}
const extracted = JSON.parse(readFileSync(stamp, "utf8"));

// tfjs-node's binding looks for deps/lib next to its package (RUNPATH $ORIGIN/../../deps/lib).
rmSync(join(tfjsNodeDir, "deps"), { recursive: true, force: true });
symlinkSync(depsDir, join(tfjsNodeDir, "deps"));

if (existsSync(cachedBinding)) {
  step("installing the binding built earlier");
  replaceFile(cachedBinding, bindingFile);
  done();
} else {
  const nodeDir = dirname(dirname(process.execPath));
  if (!existsSync(join(nodeDir, "include", "node", "node_api.h"))) fallBack(`expected Node's headers in ${join(nodeDir, "include", "node")}, found none (install Node with its headers, e.g. Debian's nodejs or the official tarball)`);
  const missingTools = ["make", "g++"].filter((tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0);
  if (missingTools.length > 0) fallBack(`building the binding needs ${missingTools.join(" and ")} (Debian: apt-get install build-essential)`);
  // A staging copy of the sources tfjs-node builds from, patched there.
  const staging = join(cacheDir, `build-${bindingKey}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const entry of ["package.json", "binding.gyp", "binding"]) cpSync(join(tfjsNodeDir, entry), join(staging, entry), { recursive: true });
  symlinkSync(depsDir, join(staging, "deps"));
  if (patched) {
    step(`applying ${PATCH.file.slice(root.length + 1)} (sha256 ${PATCH.sha256.slice(0, 16)}…)`);
    // patch(1) comes with build-essential; git apply where it is missing.
    let apply = spawnSync("patch", ["-p1", "--forward", "--batch", "-i", PATCH.file], { cwd: staging, encoding: "utf8" });
    if (apply.error) apply = spawnSync("git", ["apply", "-p1", PATCH.file], { cwd: staging, encoding: "utf8" });
    if (apply.error || apply.status !== 0) {
      done("failed");
      fallBack(`the patch does not apply to tfjs-node ${tfjsNodeVersion}'s binding sources: ${`${apply.stderr || apply.stdout || apply.error}`.trim().split("\n")[0].slice(0, 200)}`);
    }
    done();
  }
  step(`building the binding from tfjs-node ${tfjsNodeVersion}'s sources${patched ? " with the patch" : ""} (node-gyp, Node headers in ${nodeDir})`);
  const preGyp = join(root, "node_modules", "@mapbox", "node-pre-gyp", "bin", "node-pre-gyp");
  const build = spawnSync(process.execPath, [preGyp, "install", "--build-from-source"], {
    cwd: staging,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_nodedir: nodeDir, LDFLAGS: `${process.env.LDFLAGS ?? ""} -Wl,--no-as-needed`.trim() },
  });
  const built = join(staging, "lib", `napi-v${napiVersion}`, "tfjs_binding.node");
  if (build.status !== 0 || !existsSync(built)) {
    done("failed");
    const log = join(cacheDir, "build.log");
    writeFileSync(log, `${build.stdout}\n${build.stderr}`);
    const firstError = `${build.stderr}`.split("\n").find((l) => /error/i.test(l)) ?? `exit code ${build.status}`;
    fallBack(`building the binding failed: ${firstError.trim().slice(0, 200)} (full log: ${log}; needs make, g++ and Python 3)`);
  }
  replaceFile(built, cachedBinding);
  replaceFile(built, bindingFile);
  rmSync(staging, { recursive: true, force: true });
  done();
}

step("loading the binding");
let version;
try {
  version = checkBinding(patched);
} catch (error) {
  done("fails");
  rmSync(cachedBinding, { force: true });
  fallBack(`the built binding does not load: ${error.message}`);
}
done(`libtensorflow ${version}`);
writeProvenance({ source: "pypi-wheel", libtensorflow: version, from: `${extracted.wheel} (PyPI, sha256 ${extracted.sha256})`, cache: depsDir, tfjsNode: tfjsNodeVersion, ...(patched ? { patch: { file: "scripts/setup/tfjs-node-functions.patch", sha256: PATCH.sha256 } } : {}) });
console.log(`setup-native: native backend ready: libtensorflow ${version} from PyPI's ${WHEEL.name} wheel (${seconds(started)}).`);
