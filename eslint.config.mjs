// Lint as the guard of the house's boundaries (see docs/architecture.md): Next's rules, drizzle's
// delete/update-without-where, no import cycles, and which layer may import which.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

const noTests = { group: ["@/tests/*", "**/tests/*"], message: "tests/ is for tests; shared helpers live in tools/." };

/** lib/face/core: pure math shared by browser, server and tests — no DOM, no I/O, no runtime. */
const coreImports = [
  { group: ["node:*", "fs", "fs/*", "path", "child_process", "worker_threads"], message: "lib/face/core is pure: no I/O." },
  { group: ["react", "react-dom", "react-dom/*", "next", "next/*"], message: "lib/face/core is pure: no UI." },
  { group: ["onnxruntime-*", "@mediapipe/*", "@jsquash/*"], message: "lib/face/core is pure: no model runtime." },
  { group: ["@/lib/*", "!@/lib/face", "@/lib/face/*", "!@/lib/face/core"], message: "lib/face/core depends on nothing else in lib/." },
  { group: ["@/app/*"], message: "lib/face/core depends on nothing else." },
];
const domGlobals = ["window", "document", "navigator", "location", "localStorage", "fetch", "HTMLCanvasElement", "OffscreenCanvas", "ImageData", "createImageBitmap", "performance"].map(
  (name) => ({ name, message: "lib/face/core is pure: no DOM or I/O (take the value as a parameter)." }),
);

/** A client module ("use client") must not import server code. */
const SERVER_IMPORT = /(^|\/)server(\/|$)|^server-only$|^@\/lib\/db(\/|$)|^@\/lib\/auth\/(session|guard|page|route|action|config|index|password|cron)$|^@\/lib\/storage(\/|$)|^node:/;
const clockface = {
  rules: {
    "action-names": {
      meta: { type: "suggestion", schema: [], messages: { suffix: "A server action's name ends in 'Action' ('{{name}}')." } },
      create(context) {
        let server = false;
        const check = (id) => id && !id.name.endsWith("Action") && context.report({ node: id, messageId: "suffix", data: { name: id.name } });
        return {
          Program(node) {
            server = node.body.some((s) => s.type === "ExpressionStatement" && s.directive === "use server");
          },
          ExportNamedDeclaration(node) {
            if (!server || !node.declaration) return;
            if (node.declaration.type === "FunctionDeclaration") check(node.declaration.id);
            if (node.declaration.type === "VariableDeclaration") for (const d of node.declaration.declarations) check(d.id.type === "Identifier" ? d.id : null);
          },
        };
      },
    },
    "no-renamed-imports": {
      meta: { type: "suggestion", schema: [], messages: { renamed: "Import '{{name}}' under its own name (rename the export instead)." } },
      create(context) {
        return {
          ImportSpecifier(node) {
            const imported = node.imported.type === "Identifier" ? node.imported.name : String(node.imported.value);
            if (imported !== node.local.name) context.report({ node, messageId: "renamed", data: { name: imported } });
          },
        };
      },
    },
    "client-imports": {
      meta: { type: "problem", schema: [], messages: { server: "Client module imports server code '{{source}}'." } },
      create(context) {
        let client = false;
        return {
          Program(node) {
            const first = node.body[0];
            client = first?.type === "ExpressionStatement" && first.directive === "use client";
          },
          ImportDeclaration(node) {
            if (!client || node.importKind === "type") return;
            const source = String(node.source.value);
            if (SERVER_IMPORT.test(source)) context.report({ node, messageId: "server", data: { source } });
          },
        };
      },
    },
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "public/**", ".data/**", ".data-*/**", "test-results/**", "playwright-report/**", "bench-results/**", "eval-results/**", "tests/.tmp/**", "next-env.d.ts"],
  },
  {
    plugins: { drizzle, clockface },
    // Dependencies are not parsed for import/no-cycle (a cycle needs our own files; PGlite's bundle overflows the parser).
    settings: { "import/ignore": ["node_modules"] },
    rules: {
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "clockface/client-imports": "error",
      // One name per thing: a server action's name says it is one, and an import reads as its export.
      "clockface/action-names": "error",
      "clockface/no-renamed-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // React Compiler readiness (eslint-plugin-react-hooks 7): the app does not run the compiler, and the places
      // these flag (a live countdown reading the clock, props copied into state, the capture loop's latest-callback
      // ref) work as written. Shown, not failing, until those components are reworked.
      "react-hooks/purity": "warn",
      "react-hooks/refs": "warn",
      "react-hooks/set-state-in-effect": "warn",
    },
  },
  {
    // Production code: an UPDATE or DELETE without WHERE is a bug (tests and benchmarks clear tables on purpose).
    files: ["lib/**", "app/**"],
    rules: {
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "d", "tx", "database"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "d", "tx", "database"] }],
    },
  },
  { files: ["lib/**", "scripts/**", "tools/**", "app/**"], rules: { "no-restricted-imports": ["error", { patterns: [noTests] }] } },
  {
    files: ["lib/face/core/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [noTests, ...coreImports] }], "no-restricted-globals": ["error", ...domGlobals] },
  },
  {
    files: ["lib/checkin/client/**", "lib/face/worker/**", "lib/face/ui/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [noTests, { group: ["**/server/*", "server-only", "@/lib/db/*", "@/lib/face/node/*", "node:*"], message: "Browser code must not import server code." }] },
      ],
    },
  },
];

export default config;
