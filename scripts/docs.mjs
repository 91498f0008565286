#!/usr/bin/env node
// Build the reference docs into docs/ (not committed; CI builds them):
//
//   docs/api/index.html   the OpenAPI reference, one self-contained Redoc page
//   docs/client/          the TypeDoc reference of the three entry points (see typedoc.json)
//
// Both must work offline: after building, every HTML, CSS and JS file is scanned, and the script
// exits 1 if any of them would fetch something from another host when opened (scripts,
// stylesheets, fonts, images, module imports). Plain links to other sites are fine.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const apiPage = join(root, 'docs', 'api', 'index.html');
const clientDir = join(root, 'docs', 'client');

// Redocly CLI 2.x options used for build-docs, and why:
// --inlineBundle   without it the page imports the Redoc script from cdn.redocly.com; with it the
//                  script is embedded in the HTML.
// REDOCLY_TELEMETRY=off  Redoc 3 pages report usage from the reader's browser unless telemetry is
//                  off; the CLI writes `disableTelemetry: true` into the page only when this
//                  variable (or `telemetry: off` in redocly.yaml) is set. `--openapi.disableTelemetry`
//                  does not help: the CLI overrides that option with its own telemetry setting.
//                  It also keeps the CLI's own usage report from being sent.
// REDOCLY_SUPPRESS_UPDATE_NOTICE=true  no version check against the npm registry during the build.
// There is no Google Fonts option to turn off any more: CLI 2.x removed --disableGoogleFont
// because the page no longer loads Google Fonts; the scan below would notice if that changed.
const redoclyArgs = ['build-docs', 'openapi.yaml', '--inlineBundle', '--output', relative(root, apiPage)];
const redoclyEnv = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

// Hosts that serve scripts, styles, fonts or images. Any mention of one in the output fails the
// build, even inside a script, since a script can build the request at run time.
const assetHosts = [
  'fonts.googleapis.com',
  'fonts.gstatic.com',
  'cdn.redoc.ly',
  'cdn.redocly.com',
  'unpkg.com',
  'cdn.jsdelivr.net',
  'cdnjs.cloudflare.com',
  'use.typekit.net',
  'use.fontawesome.com',
];

/** A tiny SVG with a word in it, as a data: URL that fits in any JS string literal. */
const textSvg = (word, width) =>
  'data:image/svg+xml,' +
  encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="14" viewBox="0 0 ${width} 14">` +
      `<text x="0" y="11" font-family="sans-serif" font-size="12" font-weight="600" fill="#0044d4">${word}</text></svg>`,
  );

// Post-processing of the Redoc page. The bundle (Redoc 3.0.1, inlined) still names two CDNs:
// - the "API docs by Redocly" badge in the sidebar is an <img> from cdn.redoc.ly, always shown,
//   so every page view would fetch it. It is replaced by a small SVG spelling the name (the link to
//   redocly.com stays);
// - a named-icon component loads icons from cdn.redocly.com. This page uses no named icons, but
//   the base URLs are neutralised anyway (to an empty data: URL) so that no configuration change
//   can turn them into requests to another host.
// A rewrite that finds nothing is not an error (a newer Redoc may not need it); the scan decides.
const redocRewrites = [
  { what: 'Redocly badge (full)', from: 'https://cdn.redoc.ly/redoc/logo-mini-full.svg', to: textSvg('Redocly', 52) },
  { what: 'Redocly badge (mini)', from: 'https://cdn.redoc.ly/redoc/logo-mini.svg', to: textSvg('R', 10) },
  { what: 'icon CDN base URLs', from: /https:\/\/cdn\.redocly\.com\/icons\/[\w.-]+\/[\w.-]+/g, to: 'data:,' },
];

function run(cmd, args, env = process.env) {
  const started = performance.now();
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, ms: Math.round(performance.now() - started) };
}

/** True for absolute or protocol-relative URLs that point away from this machine. */
function isRemote(url) {
  const match = /^(?:https?:)?\/\/([^/?#:\s]+|\[[^\]]+\])/i.exec(url.trim());
  if (!match) return false;
  const host = match[1].toLowerCase();
  return !(host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host));
}

/** Every place in `text` that would load something from another host; empty when clean. */
function remoteLoads(text) {
  const found = [];
  const note = (kind, url) => {
    if (isRemote(url)) found.push(`${kind}: ${url.slice(0, 120)}`);
  };
  // Elements that fetch what their attribute names.
  const fetchingTag = /<(script|img|iframe|source|audio|video|track|embed|object|input|image|use)\b[^>]*>/gi;
  for (const [tag] of text.matchAll(fetchingTag)) {
    for (const [, attr, value] of tag.matchAll(/\s(src|srcset|data|poster|href|xlink:href)\s*=\s*["']?([^"'\s>]+)/gi)) {
      note(`<${tag.slice(1).split(/[\s>]/)[0]} ${attr}>`, value);
    }
  }
  // <link> loads stylesheets, icons, preloads and module preloads: any remote href counts.
  for (const [tag] of text.matchAll(/<link\b[^>]*>/gi)) {
    const href = /\shref\s*=\s*["']?([^"'\s>]+)/i.exec(tag);
    if (href) note('<link href>', href[1]);
  }
  // CSS, wherever it sits (style elements, style attributes, CSS built by scripts).
  for (const [, url] of text.matchAll(/@import\s+(?:url\(\s*)?["']?([^"')\s;]+)/gi)) note('@import', url);
  for (const [, url] of text.matchAll(/url\(\s*["']?([^"')\s]+)/gi)) note('url()', url);
  // ES module imports, static and dynamic.
  for (const [, url] of text.matchAll(/\bimport\s*(?:[\w$*{},\s]+\s*from\s*)?["']([^"']+)["']/g)) note('import', url);
  for (const [, url] of text.matchAll(/\bimport\(\s*["'`]([^"'`]+)["'`]/g)) note('import()', url);
  // Asset hosts named anywhere at all.
  for (const host of assetHosts) {
    let at = text.indexOf(host);
    while (at !== -1) {
      found.push(`asset host ${host}: …${text.slice(Math.max(0, at - 40), at + host.length + 40).replace(/\s+/g, ' ')}…`);
      at = text.indexOf(host, at + host.length);
    }
  }
  return found;
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const failures = [];

// 1. The OpenAPI reference.
mkdirSync(dirname(apiPage), { recursive: true });
const redocly = run(bin('redocly'), redoclyArgs, redoclyEnv);
if (redocly.status !== 0) {
  console.error(`docs: redocly build-docs failed (exit ${redocly.status}).`);
  process.exit(1);
}
let page = readFileSync(apiPage, 'utf8');
const rewritten = [];
for (const { what, from, to } of redocRewrites) {
  const count = typeof from === 'string' ? page.split(from).length - 1 : (page.match(from) ?? []).length;
  if (count > 0) {
    page = typeof from === 'string' ? page.split(from).join(to) : page.replace(from, to);
    rewritten.push(`${what} ×${count}`);
  }
}
writeFileSync(apiPage, page);
for (const problem of remoteLoads(page)) failures.push(`docs/api/index.html: ${problem}`);
// The page must carry Redoc's telemetry switch, turned off.
const options = /const __redoc_options = (\{.*?\});/.exec(page);
if (!options || JSON.parse(options[1]).disableTelemetry !== true) {
  failures.push('docs/api/index.html: Redoc options do not say disableTelemetry: true');
}

// 2. The client reference (configuration in typedoc.json).
const typedoc = run(bin('typedoc'), ['--options', 'typedoc.json']);
if (typedoc.status !== 0) {
  console.error(`docs: typedoc failed (exit ${typedoc.status}).`);
  process.exit(1);
}
const clientFiles = filesUnder(clientDir);
for (const file of clientFiles) {
  if (!['.html', '.css', '.js'].includes(extname(file))) continue;
  for (const problem of remoteLoads(readFileSync(file, 'utf8'))) failures.push(`${relative(root, file)}: ${problem}`);
}

// Summary.
const clientBytes = clientFiles.reduce((sum, file) => sum + statSync(file).size, 0);
console.log('\ndocs:');
console.log(
  `  docs/api/index.html  ${kib(statSync(apiPage).size)}  (redocly ${redocly.ms} ms; rewritten: ${rewritten.join(', ') || 'nothing'})`,
);
console.log(`  docs/client/         ${clientFiles.length} files, ${kib(clientBytes)}  (typedoc ${typedoc.ms} ms)`);
if (failures.length > 0) {
  console.error(`\ndocs: ${failures.length} problem(s); viewing the docs would contact other hosts:`);
  for (const failure of failures) console.error(`  ${failure}`);
  process.exit(1);
}
console.log('  no remote scripts, styles, fonts or images');
