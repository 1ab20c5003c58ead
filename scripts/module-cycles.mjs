#!/usr/bin/env node
// Fails when the modules of a Rust source tree import each other in a cycle.
//
//   node scripts/module-cycles.mjs CRATE_SRC [--only SUBDIR ...] [--except SUBDIR ...]
//
// A module is one file (`foo.rs` or `foo/mod.rs`). A module depends on another when
// its code names a path into it: `use crate::a::b::{c, d}`, `crate::a::b::f()`,
// `super::x`, `self::y`. `mod x;` declarations are not dependencies (a parent
// holding its children is not an import), and a path is resolved to the deepest
// module it names, so `crate::db::roles::grant` depends on `db/roles.rs`, not on
// `db/mod.rs`. Inline `#[cfg(test)] mod tests` blocks are skipped: tests may look
// anywhere. `--only` restricts the check to modules under the given directories
// (paths relative to CRATE_SRC); `--except` leaves directories out (sea-orm
// entities name each other in their relations and are the one exception).
//
// Prints every strongly connected component of more than one module, with one
// concrete cycle and the line that makes each step, and exits 1 if there is any.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
if (args.length < 1) {
  console.error('usage: module-cycles.mjs CRATE_SRC [--only DIR ...] [--except DIR ...]');
  process.exit(2);
}
const root = path.resolve(args[0]);
const only = [];
const except = [];
for (let i = 1; i < args.length; i++) {
  if (args[i] === '--only') only.push(args[++i]);
  else if (args[i] === '--except') except.push(args[++i]);
  else {
    console.error(`unknown argument ${args[i]}`);
    process.exit(2);
  }
}

// ---- modules --------------------------------------------------------------
const files = [];
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p);
    else if (entry.name.endsWith('.rs')) files.push(p);
  }
})(root);

/** file → module path (array of segments; [] is the crate root). */
function modulePathOf(file) {
  const rel = path.relative(root, file).split(path.sep);
  const last = rel.pop();
  if (rel.length === 0 && (last === 'lib.rs' || last === 'main.rs')) return [];
  if (last === 'mod.rs') return rel;
  return [...rel, last.slice(0, -3)];
}

const byKey = new Map(); // "a::b" → file
for (const f of files) {
  const m = modulePathOf(f);
  // main.rs and lib.rs side by side: main.rs is another crate (the binary).
  if (path.relative(root, f) === 'main.rs' && files.includes(path.join(root, 'lib.rs'))) continue;
  byKey.set(m.join('::'), f);
}

function inScope(file) {
  const rel = path.relative(root, file);
  const under = (dir) => rel === dir || rel.startsWith(dir.replace(/\/$/, '') + '/') || rel === `${dir}.rs`;
  if (except.some(under)) return false;
  if (only.length > 0) return only.some(under);
  return true;
}

/** The deepest known module a path names. */
function resolve(segments) {
  for (let n = segments.length; n >= 0; n--) {
    const key = segments.slice(0, n).join('::');
    if (byKey.has(key)) return byKey.get(key);
  }
  return null;
}

// ---- reading a file -------------------------------------------------------
/** Source without comments, string literals and inline test modules, lines kept. */
function strip(src) {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const n = src[i + 1];
    if (c === '/' && n === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && n === '*') {
      let depth = 1;
      i += 2;
      while (i < src.length && depth > 0) {
        if (src[i] === '/' && src[i + 1] === '*') (depth++, (i += 2));
        else if (src[i] === '*' && src[i + 1] === '/') (depth--, (i += 2));
        else (src[i] === '\n' && (out += '\n'), i++);
      }
    } else if (c === 'r' && (n === '"' || (n === '#' && /^r#+"/.test(src.slice(i, i + 10)))) && !/\w/.test(src[i - 1] ?? '')) {
      const hashes = /^r(#*)"/.exec(src.slice(i))[1];
      const end = '"' + hashes;
      i += 2 + hashes.length;
      while (i < src.length && src.slice(i, i + end.length) !== end) (src[i] === '\n' && (out += '\n'), i++);
      i += end.length;
      out += '""';
    } else if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\') i++;
        else if (src[i] === '\n') out += '\n';
        i++;
      }
      i++;
      out += '""';
    } else if (c === "'" && /^'(\\.|[^\\'])'/.test(src.slice(i, i + 4))) {
      const m = /^'(\\.[^']*|[^\\'])'/.exec(src.slice(i));
      i += m ? m[0].length : 1;
      out += "' '";
    } else {
      out += c;
      i++;
    }
  }
  return dropTestModules(out);
}

/** Blank out `#[cfg(test)] mod name { … }` (keeping newlines). */
function dropTestModules(src) {
  const re = /#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*\{/g;
  let m;
  let out = src;
  while ((m = re.exec(out)) !== null) {
    let depth = 1;
    let j = m.index + m[0].length;
    while (j < out.length && depth > 0) {
      if (out[j] === '{') depth++;
      else if (out[j] === '}') depth--;
      j++;
    }
    const blank = out.slice(m.index, j).replace(/[^\n]/g, ' ');
    out = out.slice(0, m.index) + blank + out.slice(j);
    re.lastIndex = m.index + 1;
  }
  return out;
}

/** Expands a use tree (`a::{b, c::{d, self}}`) into paths. */
function expandUse(tree) {
  tree = tree.replace(/\s+/g, '');
  const out = [];
  (function go(prefix, t) {
    const brace = t.indexOf('{');
    if (brace < 0) {
      for (const part of splitTop(t)) if (part) out.push(prefix + part.replace(/\bas\w+$/, ''));
      return;
    }
    const parts = splitTop(t);
    if (parts.length > 1) {
      for (const p of parts) go(prefix, p);
      return;
    }
    const head = t.slice(0, brace); // ends with ::
    const inner = t.slice(brace + 1, t.lastIndexOf('}'));
    for (const p of splitTop(inner)) go(prefix + head, p);
  })('', tree);
  return out.map((p) => p.replace(/::self$/, '').replace(/::\*$/, ''));
}

function splitTop(s) {
  const parts = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (ch === ',' && depth === 0) (parts.push(cur), (cur = ''));
    else cur += ch;
  }
  parts.push(cur);
  return parts.filter((p) => p.length > 0);
}

/** Absolute module segments of a path written in module `here`, or null. */
function absolute(here, pathText) {
  const segs = pathText.split('::').filter((s) => s.length > 0);
  if (segs[0] === 'crate') return segs.slice(1);
  if (segs[0] === 'super' || segs[0] === 'self') {
    let base = [...here];
    let k = 0;
    while (segs[k] === 'super' || segs[k] === 'self') {
      if (segs[k] === 'super') base = base.slice(0, -1);
      k++;
    }
    return [...base, ...segs.slice(k)];
  }
  return null;
}

// ---- the graph ------------------------------------------------------------
const edges = new Map(); // file → Map(file → "line: text")
for (const file of files) {
  if (!inScope(file) || ![...byKey.values()].includes(file)) continue;
  const here = modulePathOf(file);
  const src = strip(fs.readFileSync(file, 'utf8'));
  const lines = src.split('\n');
  const lineOf = (idx) => src.slice(0, idx).split('\n').length;
  const found = [];
  // use statements (possibly multi-line)
  const useRe = /\buse\s+((?:crate|super|self)\s*::[^;]*);/g;
  let m;
  while ((m = useRe.exec(src)) !== null) {
    for (const p of expandUse(m[1])) found.push([p, lineOf(m.index)]);
  }
  // inline paths
  const pathRe = /(?<![\w:])((?:crate|super|self)(?:\s*::\s*\w+)+)/g;
  while ((m = pathRe.exec(src)) !== null) {
    found.push([m[1].replace(/\s+/g, ''), lineOf(m.index)]);
  }
  const targets = new Map();
  for (const [p, line] of found) {
    const abs = absolute(here, p);
    if (abs === null) continue;
    const target = resolve(abs);
    if (target === null || target === file || !inScope(target)) continue;
    // A child naming an ancestor's module path only to reach a sibling is resolved
    // deeper already; an ancestor itself is a real dependency.
    if (!targets.has(target)) targets.set(target, `${line}: ${lines[line - 1].trim()}`);
  }
  edges.set(file, targets);
}

// Tarjan's strongly connected components.
let index = 0;
const stack = [];
const onStack = new Set();
const idx = new Map();
const low = new Map();
const components = [];
function connect(v) {
  idx.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of (edges.get(v) ?? new Map()).keys()) {
    if (!edges.has(w)) continue;
    if (!idx.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), idx.get(w)));
    }
  }
  if (low.get(v) === idx.get(v)) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1) components.push(comp);
  }
}
for (const v of edges.keys()) if (!idx.has(v)) connect(v);

const rel = (f) => path.relative(process.cwd(), f);
if (components.length === 0) {
  console.log(`module-cycles: ${rel(root)}: ${edges.size} modules, no cycle`);
  process.exit(0);
}
for (const comp of components) {
  const set = new Set(comp);
  console.log(`module-cycles: ${comp.length} modules import each other in a cycle:`);
  for (const f of comp.sort()) console.log(`  ${rel(f)}`);
  // one concrete cycle: breadth-first from the first module back to itself
  const start = comp[0];
  const prev = new Map();
  const queue = [start];
  let closing = null;
  while (queue.length > 0 && closing === null) {
    const v = queue.shift();
    for (const w of edges.get(v).keys()) {
      if (!set.has(w)) continue;
      if (w === start) {
        closing = v;
        break;
      }
      if (!prev.has(w)) (prev.set(w, v), queue.push(w));
    }
  }
  const chain = [closing];
  while (chain[0] !== start) chain.unshift(prev.get(chain[0]));
  chain.push(start);
  console.log('  for example:');
  for (let k = 0; k + 1 < chain.length; k++) {
    console.log(`    ${rel(chain[k])} → ${rel(chain[k + 1])}   (${edges.get(chain[k]).get(chain[k + 1])})`);
  }
}
process.exit(1);
