// `node --test scripts/module-cycles.test.mjs`: the cycle check finds cycles and only cycles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'module-cycles.mjs');

function crate(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cycles-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function check(dir, ...args) {
  const r = spawnSync(process.execPath, [script, dir, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

test('two modules that use each other are a cycle, with the lines that make it', () => {
  const dir = crate({
    'lib.rs': 'pub mod a;\npub mod b;\n',
    'a.rs': 'use crate::b::Thing;\npub struct Other;\n',
    'b.rs': 'pub struct Thing;\nfn f() { let _ = crate::a::Other; }\n',
  });
  const { code, out } = check(dir);
  assert.equal(code, 1, out);
  assert.match(out, /2 modules import each other/);
  assert.match(out, /use crate::b::Thing/);
  assert.match(out, /crate::a::Other/);
});

test('a longer cycle through grouped and relative paths is found', () => {
  const dir = crate({
    'lib.rs': 'pub mod db;\npub mod routes;\n',
    'db/mod.rs': 'pub mod x;\npub mod y;\n',
    'db/x.rs': 'use super::y::{self, Y};\n',
    'db/y.rs': 'use crate::{routes::{r::R}};\npub struct Y;\n',
    'routes/mod.rs': 'pub mod r;\n',
    'routes/r.rs': 'pub struct R;\nfn g() { super::super::db::x::f(); }\n',
  });
  const { code, out } = check(dir);
  assert.equal(code, 1, out);
  assert.match(out, /3 modules import each other/);
});

test('one direction, mod declarations, comments, strings and test modules are no cycle', () => {
  const dir = crate({
    'lib.rs': 'pub mod a;\npub mod b;\n',
    'a.rs': 'pub mod inner;\nuse crate::b::B;\npub struct A;\n',
    'a/inner.rs': 'use super::A;\n',
    'b.rs': [
      'pub struct B;',
      '// crate::a::A in a comment',
      'const S: &str = "crate::a::A";',
      '#[cfg(test)]',
      'mod tests {',
      '    use crate::a::A;',
      '}',
    ].join('\n'),
  });
  const { code, out } = check(dir);
  assert.equal(code, 0, out);
  assert.match(out, /no cycle/);
});

test('--except leaves a directory out and --only keeps to one', () => {
  const dir = crate({
    'lib.rs': 'pub mod entities;\npub mod domain;\npub mod pages;\n',
    'entities/mod.rs': 'pub mod p;\npub mod q;\n',
    'entities/p.rs': 'use super::q::Q;\npub struct P;\n',
    'entities/q.rs': 'use super::p::P;\npub struct Q;\n',
    'domain/mod.rs': 'pub struct D;\nuse crate::pages::Page;\n',
    'pages/mod.rs': 'pub struct Page;\nuse crate::domain::D;\n',
  });
  assert.equal(check(dir).code, 1);
  assert.equal(check(dir, '--except', 'entities').code, 1);
  assert.equal(check(dir, '--except', 'entities', '--except', 'pages').code, 0);
  assert.equal(check(dir, '--only', 'domain').code, 0);
});
