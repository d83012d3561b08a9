// Build lp's static assets: static/src -> static/dist, as `npm run build` (the Makefile runs it).
//
//   lp.scss -> sass (GOV.UK Frontend, only the parts lp uses) -> prune -> check -> esbuild minify
//   lp.js   -> esbuild (htmx + the GOV.UK components lp uses, bundled, minified, ES2017)
//
// Each output is named by its content's hash (lp.3f2a9c1e.css), written with precompressed .gz and
// .br siblings, and listed in static/dist/manifest.json ({"lp.css": "lp.3f2a9c1e.css", ...}), which
// lp/assets.py reads. The manifest is written last (the Makefile treats it as the build's output);
// files of earlier builds are removed after it.
import { createHash } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

import * as esbuild from "esbuild";
import * as sass from "sass";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SRC = path.join(ROOT, "static", "src");
const DIST = path.join(ROOT, "static", "dist");

// Browsers that run ES2017 and <script type="module">: GOV.UK Frontend's JavaScript support line.
const CSS_TARGET = ["chrome61", "edge79", "firefox60", "safari11"];
const JS_TARGET = "es2017";

// Rules of GOV.UK's footer that lp's footer never uses and that must not ship: the Royal Arms
// (crest image) and the Open Government Licence logo belong to gov.uk services only.
const UNWANTED_SELECTORS = [
  ".govuk-footer__crown",
  ".govuk-footer__copyright-logo",
  ".govuk-footer__licence-logo",
  ".govuk-footer__licence-description",
];

// What the compiled CSS must never contain: GOV.UK's font and its crown, crest and logo.
const FORBIDDEN_IN_CSS = [/@font-face/i, /GDS Transport/i, /crest/i, /crown/i, /govuk-logo/i];

async function main() {
  const started = Date.now();
  const outputs = [
    { name: "lp.css", contents: await buildCss() },
    { name: "lp.js", contents: await buildJs() },
  ];

  await mkdir(DIST, { recursive: true });
  const manifest = {};
  const keep = new Set(["manifest.json"]);
  for (const { name, contents } of outputs) {
    const hashed = hashedName(name, contents);
    manifest[name] = hashed;
    for (const [file, data] of precompressed(hashed, contents)) {
      await writeFile(path.join(DIST, file), data);
      keep.add(file);
    }
  }

  const temporary = path.join(DIST, `.manifest.${process.pid}.json`);
  await writeFile(temporary, JSON.stringify(manifest, null, 2) + "\n");
  await rename(temporary, path.join(DIST, "manifest.json"));

  // The files of earlier builds (and anything else left in dist) go.
  for (const file of await readdir(DIST)) {
    if (!keep.has(file)) {
      await rm(path.join(DIST, file), { recursive: true, force: true });
    }
  }

  const sizes = outputs
    .map(({ name, contents }) => `${manifest[name]} ${contents.length} B (br ${brotli(contents).length} B)`)
    .join(", ");
  console.log(`assets: ${sizes} in ${Date.now() - started} ms`);
}

async function buildCss() {
  const warnings = [];
  const compiled = await sass.compileAsync(path.join(SRC, "lp.scss"), {
    importers: [new sass.NodePackageImporter(ROOT)],
    style: "expanded",
    sourceMap: false,
    logger: {
      warn(message, { deprecation }) {
        warnings.push(`${deprecation ? "deprecation: " : ""}${message}`);
      },
    },
  });
  for (const warning of warnings) {
    console.warn(`sass: ${warning}`);
  }

  const css = pruneRules(compiled.css, (selector) => UNWANTED_SELECTORS.some((unwanted) => selector.includes(unwanted)));
  checkCss(css);

  const minified = await esbuild.transform(css, {
    loader: "css",
    minify: true,
    target: CSS_TARGET,
    legalComments: "none",
  });
  return Buffer.from(minified.code);
}

/** Fail the build on anything in the CSS that must not ship or that would not load. */
function checkCss(css) {
  for (const pattern of FORBIDDEN_IN_CSS) {
    const match = css.match(pattern);
    if (match) {
      throw new Error(`lp.css would contain "${match[0]}": GOV.UK's font, crown and logo are for gov.uk services only`);
    }
  }
  // Nothing is copied into dist but the CSS and JS, so any url() but a data: URI would be a 404.
  for (const [, reference] of css.matchAll(/url\(\s*["']?([^"')]*)/g)) {
    if (!reference.startsWith("data:")) {
      throw new Error(`lp.css refers to ${reference}, which the build does not put in static/dist`);
    }
  }
}

async function buildJs() {
  const result = await esbuild.build({
    entryPoints: [path.join(SRC, "lp.js")],
    bundle: true,
    minify: true,
    format: "iife",
    target: JS_TARGET,
    write: false,
    legalComments: "eof",
    logLevel: "warning",
    plugins: [htmxIndirectEval],
  });
  return Buffer.from(result.outputFiles[0].contents);
}

// htmx has one direct eval(), in htmx._() (its internal testing helper; lp's CSP and allowEval:false
// mean it never runs). A direct eval stops esbuild renaming any of htmx's variables, which costs
// 13 KB; the indirect form (0, eval)(...) does not. The replacement must match exactly once, so an
// htmx upgrade that changes the line fails the build rather than silently growing it.
const htmxIndirectEval = {
  name: "htmx-indirect-eval",
  setup(build) {
    build.onLoad({ filter: /[\\/]htmx\.org[\\/]dist[\\/]htmx\.esm\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const direct = "return eval(str)";
      if (source.split(direct).length !== 2) {
        throw new Error(`htmx.esm.js no longer has exactly one "${direct}": review the htmx-indirect-eval step`);
      }
      return { contents: source.replace(direct, "return (0, eval)(str)"), loader: "js" };
    });
  },
};

function hashedName(name, contents) {
  const hash = createHash("sha256").update(contents).digest("hex").slice(0, 8);
  const extension = path.extname(name);
  return `${path.basename(name, extension)}.${hash}${extension}`;
}

function precompressed(file, contents) {
  return [
    [file, contents],
    [`${file}.gz`, zlib.gzipSync(contents, { level: zlib.constants.Z_BEST_COMPRESSION })],
    [`${file}.br`, brotli(contents)],
  ];
}

function brotli(contents) {
  return zlib.brotliCompressSync(contents, {
    params: {
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: contents.length,
    },
  });
}

/**
 * Remove the CSS rules whose every selector is unwanted, and the at-rule blocks (@media,
 * @supports) left empty by that. A selector list that only partly matches keeps its other selectors.
 * Works on sass's expanded output: strings and comments are skipped over, so braces in them are safe.
 */
export function pruneRules(css, isUnwanted) {
  let output = "";
  let position = 0;
  while (position < css.length) {
    const open = findOutside(css, "{", position);
    const semicolon = findOutside(css, ";", position);
    if (open === -1 || (semicolon !== -1 && semicolon < open)) {
      // A statement with no block (@charset, @use ...) or the tail of the sheet.
      const end = semicolon === -1 ? css.length : semicolon + 1;
      output += css.slice(position, end);
      position = end;
      continue;
    }
    const close = matchingBrace(css, open);
    const prelude = css.slice(position, open);
    const body = css.slice(open + 1, close);
    const trimmed = prelude.trim();
    position = close + 1;

    if (/^@(media|supports|layer|container|document)\b/i.test(trimmed)) {
      const inner = pruneRules(body, isUnwanted);
      if (inner.replace(/\/\*[\s\S]*?\*\//g, "").trim() !== "") {
        output += `${prelude}{${inner}}`;
      }
    } else if (trimmed.startsWith("@")) {
      output += `${prelude}{${body}}`;
    } else {
      const selectors = splitSelectors(trimmed).filter((selector) => !isUnwanted(selector));
      if (selectors.length > 0) {
        const leading = prelude.match(/^\s*/)[0];
        output += `${leading}${selectors.join(",\n")} {${body}}`;
      }
    }
  }
  return output;
}

/** The index of `character` at or after `start`, outside strings, comments and parentheses. */
function findOutside(css, character, start) {
  let depth = 0;
  for (let i = start; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") {
      i = endOfString(css, i);
    } else if (c === "/" && css[i + 1] === "*") {
      i = css.indexOf("*/", i + 2) + 1 || css.length;
    } else if (c === "(") {
      depth++;
    } else if (c === ")") {
      depth--;
    } else if (c === character && depth === 0) {
      return i;
    }
  }
  return -1;
}

function matchingBrace(css, open) {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") {
      i = endOfString(css, i);
    } else if (c === "/" && css[i + 1] === "*") {
      i = css.indexOf("*/", i + 2) + 1 || css.length;
    } else if (c === "{") {
      depth++;
    } else if (c === "}" && --depth === 0) {
      return i;
    }
  }
  throw new Error(`unbalanced braces in the compiled CSS at ${open}`);
}

function endOfString(css, start) {
  const quote = css[start];
  for (let i = start + 1; i < css.length; i++) {
    if (css[i] === "\\") {
      i++;
    } else if (css[i] === quote) {
      return i;
    }
  }
  return css.length;
}

function splitSelectors(selectorList) {
  const selectors = [];
  let start = 0;
  let comma;
  while ((comma = findOutside(selectorList, ",", start)) !== -1) {
    selectors.push(selectorList.slice(start, comma).trim());
    start = comma + 1;
  }
  selectors.push(selectorList.slice(start).trim());
  return selectors.filter(Boolean);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`build-assets: ${error.message}`);
    process.exitCode = 1;
  });
}
