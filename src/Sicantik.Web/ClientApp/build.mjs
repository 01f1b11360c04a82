// Bundles the host's own front-end code (ClientApp/entries/*.js) with esbuild into wwwroot/dist/<entry>.js (and
// <entry>.css when an entry imports styles). Run by Frontend.targets when the output is missing or older than its
// sources; by hand: `node ClientApp/build.mjs` from src/Sicantik.Web. Each entry is an IIFE that a page loads with a
// plain <script> tag; fonts and icons are inlined, so a page needs nothing else from the network.
import { build } from 'esbuild';
import { mkdir, readdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const entriesDir = path.join(here, 'entries');
const outDir = path.resolve(here, '..', 'wwwroot', 'dist');
const stagingDir = `${outDir}.staging-${process.pid}`;

const entries = (await readdir(entriesDir))
  .filter(name => name.endsWith('.js'))
  .map(name => path.join(entriesDir, name));

if (entries.length === 0) {
  throw new Error(`No entries in ${entriesDir}`);
}

await rm(stagingDir, { recursive: true, force: true });
await mkdir(stagingDir, { recursive: true });

// `import lint from './.bpmnlintrc'`: the configuration compiled with bpmnlint's own compiler into a module that
// bundles the rules it enables (bpmnlint-loader is webpack-only).
const require = createRequire(import.meta.url);
const bpmnlintConfig = {
  name: 'bpmnlintrc',
  setup(builder) {
    builder.onLoad({ filter: /\.bpmnlintrc$/ }, async args => {
      const compileConfig = require('bpmnlint/lib/support/compile-config');
      const config = JSON.parse(await readFile(args.path, 'utf8'));
      return { contents: await compileConfig(config), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

const dataUrl = ['.woff', '.woff2', '.ttf', '.eot', '.svg', '.png'];
await build({
  entryPoints: entries,
  bundle: true,
  format: 'iife',
  minify: true,
  sourcemap: 'linked',
  target: ['es2020'],
  outdir: stagingDir,
  loader: Object.fromEntries(dataUrl.map(ext => [ext, 'dataurl'])),
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  plugins: [bpmnlintConfig],
});

await writeFile(path.join(stagingDir, '.stamp'), new Date().toISOString());

// Replace the previous output in one rename, so that a running host never serves half a build.
const aside = `${outDir}.old-${process.pid}`;
if (existsSync(outDir)) {
  await rename(outDir, aside);
}
await rename(stagingDir, outDir);
await rm(aside, { recursive: true, force: true });
console.log(`Sicantik front-end: ${entries.length} entries bundled into ${path.relative(process.cwd(), outDir)}`);
