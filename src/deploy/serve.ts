/**
 * `mnist-prep serve`: a small static HTTP server on 127.0.0.1 for the drawing page (dist/web/,
 * bundled by scripts/setup/build-web.mjs) and one saved LayersModel folder, checked before serving.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, relative, resolve } from "node:path";
import { InvalidArgumentError, UnavailableError } from "../errors";
import { packageRoot } from "../package-root";

/** The folder notebook 06 saves the article's trained CNN into, relative to the repository. */
export const DEFAULT_MODEL_DIR = join("build", "models", "article-cnn");

/** How to make the default model when it is missing. */
export const MAKE_MODEL_HINT =
  "train it with notebook 06 (`npx mnist-prep reproduce 06`: the article's recipe; `npx mnist-prep reproduce --quick 06`: a small model, quickly) or pass --model DIR";

/** What `checkModelFolder` found in a valid model folder. */
export interface ModelFolderInfo {
  /** Absolute path of the folder. */
  dir: string;
  /** Input shape from the topology, batch dimension first (null). */
  inputShape: (number | null)[];
  /** Output shape, batch dimension first. */
  outputShape: (number | null)[];
  /** Files the page will fetch: model.json and every weight file. */
  files: string[];
  /** Bytes of all files. */
  bytes: number;
  /** Weight dtypes as stored (float32, or float16/uint8 when quantised). */
  storedDtypes: string[];
}

type LayerJson = { class_name: string; config: { batch_input_shape?: (number | null)[]; units?: number; name?: string } };

/**
 * Checks that `dir` holds a TensorFlow.js LayersModel (model.json + weight files of the sizes its
 * manifest implies) whose input is one 28×28×1 image and whose output is 10 classes; throws a typed
 * error naming the file, the expectation and what was found.
 */
export function checkModelFolder(dir: string, expectedInput: number[] = [28, 28, 1], expectedClasses = 10): ModelFolderInfo {
  const abs = resolve(dir);
  const jsonPath = join(abs, "model.json");
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new UnavailableError(dir, "a folder with a saved model (model.json + weights)", "no such folder", MAKE_MODEL_HINT);
  if (!existsSync(jsonPath)) throw new UnavailableError(jsonPath, "a TensorFlow.js model.json", "no such file", MAKE_MODEL_HINT);
  let model: { format?: string; modelTopology?: { class_name?: string; config?: { layers?: LayerJson[] } }; weightsManifest?: Array<{ paths: string[]; weights: Array<{ shape: number[]; dtype: string; quantization?: { dtype: string } }> }> };
  try {
    model = JSON.parse(readFileSync(jsonPath, "utf8"));
  } catch (error) {
    throw new InvalidArgumentError(jsonPath, "JSON", (error as Error).message.split("\n")[0]);
  }
  const layers = model.modelTopology?.config?.layers;
  if (model.modelTopology?.class_name !== "Sequential" || !Array.isArray(layers) || layers.length === 0 || !Array.isArray(model.weightsManifest)) {
    throw new InvalidArgumentError(jsonPath, "a Sequential LayersModel (modelTopology + weightsManifest), as saveModel writes", `format ${JSON.stringify(model.format)}, topology ${JSON.stringify(model.modelTopology?.class_name)}`);
  }
  const inputShape = layers[0].config.batch_input_shape ?? [];
  if (JSON.stringify(inputShape.slice(1)) !== JSON.stringify(expectedInput)) {
    throw new InvalidArgumentError(`${jsonPath} input shape`, `[null, ${expectedInput.join(", ")}] (one ${expectedInput.join("×")} image)`, JSON.stringify(inputShape));
  }
  const last = layers[layers.length - 1];
  const outputShape = [null, last.config.units ?? NaN];
  if (last.class_name !== "Dense" || last.config.units !== expectedClasses) {
    throw new InvalidArgumentError(`${jsonPath} output`, `a Dense layer with ${expectedClasses} units`, `${last.class_name} with ${last.config.units ?? "no"} units`);
  }
  const files = ["model.json"];
  let bytes = statSync(jsonPath).size;
  const storedDtypes = new Set<string>();
  for (const group of model.weightsManifest) {
    let expected = 0;
    for (const spec of group.weights) {
      const dtype = spec.quantization?.dtype ?? spec.dtype;
      storedDtypes.add(dtype);
      const perValue = dtype === "uint8" ? 1 : dtype === "float16" || dtype === "uint16" ? 2 : 4;
      expected += perValue * spec.shape.reduce((a, b) => a * b, 1);
    }
    let found = 0;
    for (const p of group.paths) {
      const file = resolve(abs, p);
      if (relative(abs, file).startsWith("..")) throw new InvalidArgumentError(`${jsonPath} weightsManifest`, "weight files inside the model folder", JSON.stringify(p));
      if (!existsSync(file)) throw new UnavailableError(file, "the weight file model.json lists", "no such file", "copy the whole model folder");
      found += statSync(file).size;
      files.push(p);
    }
    if (found !== expected) throw new InvalidArgumentError(group.paths.join(", "), `${expected} bytes of weights (from model.json)`, `${found} bytes (truncated or from another model?)`);
    bytes += found;
  }
  return { dir: abs, inputShape, outputShape, files, bytes, storedDtypes: [...storedDtypes] };
}

/** Options for `serveDeployment`. */
export interface ServeOptions {
  /** Model folder (default build/models/article-cnn under `root`). */
  modelDir?: string;
  /** Port; 0 picks a free one (default 8089). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1: nothing is reachable from other machines). */
  host?: string;
  /** The bundled page (default dist/web of this package). */
  webDir?: string;
}

/** A running server. */
export interface DeploymentServer {
  /** The page's address, e.g. http://127.0.0.1:8089/. */
  url: string;
  port: number;
  model: ModelFolderInfo;
  /** Stops the server. */
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
  ".png": "image/png",
};

/** The bundled page that `npm run build` writes. */
export function defaultWebDir(): string {
  return resolve(packageRoot(), "dist", "web");
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new UnavailableError(`--port ${port}`, `a free port on ${host}`, "a port already in use", "pick another with --port N, or --port 0 for any free port"));
      else if (error.code === "EACCES") reject(new UnavailableError(`--port ${port}`, "a port this user may open", "permission denied", "ports below 1024 need privileges"));
      else reject(error);
    });
    server.listen(port, host, () => resolvePromise((server.address() as { port: number }).port));
  });
}

/**
 * Serves the drawing page and the model: `/` the page, `/model/…` the model's files, `/wasm/…`
 * tfjs's WebAssembly binaries. Checks the model and the page first; throws typed errors.
 */
export async function serveDeployment(options: ServeOptions = {}): Promise<DeploymentServer> {
  const port = options.port ?? 8089;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError("--port", "an integer in [0, 65535]", String(options.port));
  const host = options.host ?? "127.0.0.1";
  const webDir = resolve(options.webDir ?? defaultWebDir());
  if (!existsSync(join(webDir, "index.html")) || !existsSync(join(webDir, "app.js"))) {
    throw new UnavailableError(webDir, "the bundled page (index.html, app.js)", "no bundle", "run `npm run build`");
  }
  const model = checkModelFolder(options.modelDir ?? resolve(packageRoot(), DEFAULT_MODEL_DIR));
  const server = createServer((request, response) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    } catch {
      response.writeHead(400, { "content-type": "text/plain" }).end("malformed URL\n");
      return;
    }
    let file: string | undefined;
    if (path === "/") file = join(webDir, "index.html");
    else if (path.startsWith("/model/")) {
      const name = path.slice("/model/".length);
      if (model.files.includes(name)) file = join(model.dir, name);
    } else {
      const candidate = resolve(webDir, `.${path}`);
      if (!relative(webDir, candidate).startsWith("..") && existsSync(candidate) && statSync(candidate).isFile()) file = candidate;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (!file) {
      response.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}\n`);
      return;
    }
    const body = readFileSync(file);
    response.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": "no-store",
      // Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer).
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
    });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  const actualPort = await listen(server, port, host);
  return {
    url: `http://${host}:${actualPort}/`,
    port: actualPort,
    model,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** Serves `modelDir` for a moment and reads back the storage dtype of each weight in the model.json the page would fetch. */
export async function servedWeightDtypes(modelDir: string): Promise<string[]> {
  const server = await serveDeployment({ modelDir, port: 0 });
  try {
    const response = await fetch(`${server.url}model/model.json`);
    const json = (await response.json()) as { weightsManifest: Array<{ weights: Array<{ quantization?: { dtype: string } }> }> };
    return json.weightsManifest.flatMap((group) => group.weights.map((w) => w.quantization?.dtype ?? "float32"));
  } finally {
    await server.close();
  }
}
