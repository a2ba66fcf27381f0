#!/usr/bin/env node
// Trunk post_build step (scripts/post-build.sh): replaces the app's WebAssembly in the staged build
// with one split at its split points (src/parts.rs), so the first visit downloads only
// the main module and each part comes when one of its pages is first opened.
//
// Trunk has no splitting step of its own, so this redoes what it did to the wasm with the
// splitter in between (the steps cargo-leptos takes):
//   1. wasm-split-cli cuts cargo's linked output (built with --emit-relocs, see
//      .cargo/config.toml) into the main module, one module per part and shared chunks,
//      plus the JS loader the main module imports them through;
//   2. wasm-bindgen generates the JS glue for the main module, as Trunk did for the whole;
//   3. in release builds, wasm-opt -Oz shrinks every module (Trunk's own pass is off); with
//      LINLI_WASM_NAMES=1 it keeps the functions' names, so that a CPU profile of the release
//      build names them (scripts/bench.sh's profiles);
//   4. the parts and the loader get content hashes in their names (the server caches hashed
//      files for a year), and the staged index.html gets the new integrity hashes;
//   5. Trunk's inline script that starts the app moves to a hashed file, since the server's
//      Content-Security-Policy runs no inline script.
// The main JS and wasm keep Trunk's names, which already change with the code.
//
// Usage: run by Trunk, which sets TRUNK_STAGING_DIR and TRUNK_PROFILE.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const release = process.env.TRUNK_PROFILE === 'release';
let work; // the scratch dir, removed at the end, failed or not
if (!staging || !fs.existsSync(staging)) {
  fail('no staging dir (Trunk sets TRUNK_STAGING_DIR)');
}

// The features rustc enables by default for wasm32-unknown-unknown; the split modules carry
// no target_features section for wasm-opt to read them from.
const WASM_FEATURES = [
  '--enable-bulk-memory',
  '--enable-bulk-memory-opt',
  '--enable-mutable-globals',
  '--enable-nontrapping-float-to-int',
  '--enable-reference-types',
  '--enable-sign-ext',
  '--enable-multivalue',
];

// -g: wasm-opt keeps the name section it otherwise drops (a profiling build; bigger).
const names = process.env.LINLI_WASM_NAMES === '1' ? ['-g'] : [];

const js = fs.readdirSync(staging).find((name) => /^linli-[0-9a-f]+\.js$/.test(name));
if (!js) fail(`no linli-<hash>.js in ${staging}`);
const stem = js.slice(0, -'.js'.length);
const wasm = `${stem}_bg.wasm`;

const { target_directory: targetDir } = JSON.parse(
  run('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'], { quiet: true }),
);
const input = path.join(targetDir, 'wasm32-unknown-unknown', release ? 'release' : 'debug', 'linli.wasm');

work = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-split-'));
try {
  const split = path.join(work, 'split');
  const glue = path.join(work, 'glue');
  run('wasm-split-cli', [input, split, '--out-name', stem]);
  run('wasm-bindgen', [
    '--target=web',
    '--no-typescript',
    // The parts call into the main module through exports wasm-bindgen would otherwise drop.
    '--keep-lld-exports',
    `--out-dir=${glue}`,
    `--out-name=${stem}`,
    path.join(split, `${stem}.wasm`),
  ]);

  const parts = fs
    .readdirSync(split)
    .filter((name) => name.endsWith('.wasm') && name !== `${stem}.wasm`)
    .sort();
  if (parts.length === 0) fail('the splitter found no split points');
  if (release) {
    for (const file of [path.join(glue, `${stem}_bg.wasm`), ...parts.map((p) => path.join(split, p))]) {
      // The splitter keeps a name subsection binaryen does not know (and drops): harmless.
      run('wasm-opt', ['-Oz', ...names, ...WASM_FEATURES, file, '-o', file], { noise: /^warning: unknown name subsection/ });
    }
  }

  let loader = fs.readFileSync(path.join(split, '__wasm_split.js'), 'utf8');
  for (const part of parts) {
    const bytes = fs.readFileSync(path.join(split, part));
    const hashed = `${part.slice(0, -'.wasm'.length)}-${hash16(bytes)}.wasm`;
    loader = replaceOnce(loader, `"./${part}"`, `"./${hashed}"`);
    fs.writeFileSync(path.join(staging, hashed), bytes);
  }
  const loaderName = `linli-parts-${hash16(loader)}.js`;
  fs.writeFileSync(path.join(staging, loaderName), loader);

  const glueJs = fs.readFileSync(path.join(glue, `${stem}.js`), 'utf8');
  // Only the JS module specifiers change: the wasm's imports keep the loader's old name.
  if (!glueJs.includes('from "./__wasm_split.js"')) fail('the main module does not import the loader');
  fs.writeFileSync(path.join(staging, js), glueJs.replaceAll('from "./__wasm_split.js"', `from "./${loaderName}"`));
  fs.copyFileSync(path.join(glue, `${stem}_bg.wasm`), path.join(staging, wasm));

  // Trunk wrote integrity hashes of its own (unsplit) files into index.html.
  const html = path.join(staging, 'index.html');
  let page = fs.readFileSync(html, 'utf8');
  for (const name of [js, wasm]) {
    const sri = `sha384-${createHash('sha384').update(fs.readFileSync(path.join(staging, name))).digest('base64')}`;
    const pattern = new RegExp(`(href="/${name}"[^>]*integrity=")sha384-[^"]+(")`);
    if (!pattern.test(page)) fail(`no integrity attribute for ${name} in index.html`);
    page = page.replace(pattern, `$1${sri}$2`);
  }
  // Trunk starts the app with an inline module script; the Content-Security-Policy runs no
  // inline script, so it moves to a file of its own (hashed, cached like the others).
  const inline = /<script type="module">([\s\S]*?)<\/script>/;
  const start = page.match(inline);
  if (!start || inline.test(page.replace(inline, ''))) fail('expected one inline module script in index.html');
  const startName = `linli-start-${hash16(start[1])}.js`;
  fs.writeFileSync(path.join(staging, startName), start[1]);
  page = page.replace(inline, `<script type="module" src="/${startName}"></script>`);
  if (/<script(?![^>]*\ssrc=)[^>]*>/.test(page)) fail('index.html still has an inline script, which the CSP blocks');
  fs.writeFileSync(html, page);
  console.log(`split-wasm: main module and ${parts.length} parts and chunks${release ? ', optimised' : ''}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

function run(cmd, args, { quiet = false, noise } = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) {
    fail(`${cmd} failed${result.error.code === 'ENOENT' ? ' (not installed? run scripts/setup.sh)' : ''}`);
  }
  const stderr = result.stderr.split('\n').filter((line) => line && !noise?.test(line)).join('\n');
  if (stderr && (result.status !== 0 || !quiet)) console.error(stderr);
  if (result.status !== 0) fail(`${cmd} failed`);
  return result.stdout;
}

function hash16(data) {
  return createHash('sha256').update(data).digest('hex').slice(0, 16);
}

function replaceOnce(text, from, to) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) fail(`expected ${from} exactly once in the loader`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function fail(message) {
  console.error(`split-wasm: ${message}`);
  if (work) fs.rmSync(work, { recursive: true, force: true });
  process.exit(1);
}
