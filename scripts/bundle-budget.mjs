// The first-load budget of the browser bundle, checked on a release build
// (`cargo leptos build --release --split --precompress`): for every page, what a phone with an
// empty cache downloads before that page works — the main WASM module, its JS glue, the
// stylesheet, the split loader and, for a lazily loaded page (staff, admin), the page's own
// chunk with the shared chunks it needs (from `__wasm_split_manifest.*.json`) — counted as
// brotli, as the server sends it. A parent's pages (the wizard among them) are in the main
// module; the EDS code is a chunk fetched when a key file is chosen (listed apart). Fails
// (exit 1) when a parent's first load is over the budget, or when the build was not split (a
// staff or admin page, or the EDS chunk, missing from the manifest).
//
//   node scripts/bundle-budget.mjs [site/pkg dir] [budget KB]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'target/site/pkg';
const budgetKb = Number(process.argv[3] ?? process.env.EKG_FIRST_LOAD_BUDGET_KB ?? 400);
const files = readdirSync(dir);
const one = (re) => {
  const found = files.filter((f) => re.test(f));
  if (found.length !== 1) throw new Error(`expected one file matching ${re} in ${dir}, found ${found.length}`);
  return found[0];
};
const br = (name) => statSync(join(dir, `${name}.br`)).size;
const common = {
  'ekg.wasm': br(one(/^ekg\.[^.]+\.wasm$/)),
  'ekg.js': br(one(/^ekg\.[^.]+\.js$/)),
  'ekg.css': br(one(/^ekg\.[^.]+\.css$/)),
  '__wasm_split.js': br(one(/^__wasm_split\.[^.]+\.js$/)),
};
const commonTotal = Object.values(common).reduce((a, b) => a + b, 0);
const manifest = JSON.parse(readFileSync(join(dir, one(/^__wasm_split_manifest\.[^.]+\.json$/)), 'utf8'));

// The pages a parent opens (the budget applies to them); the staff and administration pages
// are listed too, for information.
const lazyPages = ['staff_inbox', 'staff_contract', 'staff_people', 'admin_queue', 'admin_roles', 'admin_tariffs',
  'admin_kindergartens', 'admin_stats', 'admin_templates', 'admin_audit', 'admin_claims', 'region'];
// Chunks of code that no page needs to work, fetched only when a feature is used: the EDS code
// (`app::components::eds_code`) when a key file is chosen, and following a signing session in
// eGov Mobile (`app::pages::mobile_sign::follow`). Listed, not part of a first load.
const onDemand = {
  eds_code: 'fetched when a key file is chosen (log-in, wizard steps 2 and 6, staff signing)',
  mobile_sign: 'fetched when «eGov Mobile» / «eGov Business» is pressed (or an open session is picked up again)',
};
const kb = (n) => (n / 1024).toFixed(1);
console.log(`common to every page: ${kb(commonTotal)} KB brotli (${Object.entries(common).map(([k, v]) => `${k} ${kb(v)}`).join(', ')})`);
let over = [];
const rows = [];
for (const [key, chunks] of Object.entries(manifest)) {
  const page = key.replace(/^__/, '').replace(/_route_view_\d+$/, '');
  // The manifest lists the split's own module among its chunks in newer cargo-leptos builds;
  // count each file once.
  const own = files.find((f) => f.startsWith(`split_${key}.`) && f.endsWith('.wasm')
    && !chunks.some((c) => f.startsWith(`${c}.`)));
  const parts = chunks.map((c) => br(`${c}.wasm`));
  const pageBytes = (own ? br(own) : 0) + parts.reduce((a, b) => a + b, 0);
  if (onDemand[key]) {
    console.log(`on demand: ${key} ${kb(pageBytes)} KB in ${chunks.length + (own ? 1 : 0)} files, ${onDemand[key]}`);
    continue;
  }
  const total = commonTotal + pageBytes;
  const parent = !lazyPages.includes(page);
  rows.push([page, parent, pageBytes, chunks.length + (own ? 1 : 0), total]);
  if (parent && total > budgetKb * 1024) over.push(page);
}
rows.sort((a, b) => b[4] - a[4]);
for (const [page, parent, pageBytes, n, total] of rows) {
  console.log(`${parent ? 'parent' : 'staff '} ${page.padEnd(20)} page ${kb(pageBytes).padStart(6)} KB in ${String(n).padStart(3)} files, first load ${kb(total).padStart(6)} KB`);
}
console.log(`parent pages (wizard, log-in, cabinet, catalogue): in the main module, first load ${kb(commonTotal)} KB`);
if (commonTotal > budgetKb * 1024) over.push('every parent page');
const missing = lazyPages.filter((p) => !rows.some((r) => r[0] === p));
const missingOnDemand = Object.keys(onDemand).filter((k) => !manifest[k]);
if (missing.length || missingOnDemand.length) {
  console.error(`no lazily loaded chunk for: ${[...missing, ...missingOnDemand].join(', ')} (built without --split?)`);
  process.exit(1);
}
if (over.length) {
  console.error(`over the first-load budget of ${budgetKb} KB brotli: ${over.join(', ')}`);
  process.exit(1);
}
console.log(`every parent's page is within the first-load budget of ${budgetKb} KB brotli`);
