#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (npm run build writes dist/). In a source checkout without a build,
// falls back to compiling on the fly with @swc-node/register (a dev dependency).
const path = require('node:path');
const fs = require('node:fs');

const built = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (fs.existsSync(built)) {
  require(built).main();
} else {
  process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.json');
  require('@swc-node/register');
  require(path.join(__dirname, '..', 'cli', 'main.ts')).main();
}
