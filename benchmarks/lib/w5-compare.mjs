// W5: compares engines' occurrences over the prefix they all produced. Engines stop at
// different places (croner returns null after 2999-12-31; cron throws once the search passes
// 8 years from *now*; node-schedule returns null after the first "31st"), so a checksum over
// "10k occurrences" would compare different things. Here:
//  - an engine that produced fewer than MIN_SHARE of the requested count is left out of the
//    common prefix (it is still checked, on its own shorter prefix, against kronos);
//  - the common prefix K is the smallest count among the others; checksums are over the first K;
//  - rates can be taken over the same prefix from each engine's checkpoints (rateOver).
export const MIN_SHARE = 0.1;

const sum = (a, k) => { let s = 0; for (let i = 0; i < k; i++) s += a[i]; return s; };

/** Occurrences per second over the first `k` occurrences (to the checkpoint at or below k). */
export function rateOver(c, k) {
  const j = Math.floor(Math.min(k, c.occurrences) / c.checkpointEvery) - 1;
  if (!c.cp || j < 0 || !c.cp[j]) return c.perSec ?? null;
  return Math.round(((j + 1) * c.checkpointEvery * 1000) / c.cp[j]);
}

/** rows: W5 results (with `occ`). Returns { [case]: comparison } and strips `occ` from rows. */
export function compareW5(rows, requested) {
  const withCases = rows.filter((r) => r.cases);
  const caseNames = [...new Set(withCases.flatMap((r) => Object.keys(r.cases)))];
  const out = {};
  for (const name of caseNames) {
    const engines = withCases.map((r) => ({ lib: r.lib, c: r.cases[name] })).filter((e) => e.c);
    const included = engines.filter((e) => e.c.occurrences >= requested * MIN_SHARE);
    const k = included.length ? Math.min(...included.map((e) => e.c.occurrences)) : 0;
    const ref = engines.find((e) => e.lib === 'kronos')?.c.occ;
    const cmp = { compared: k, engines: included.map((e) => e.lib), checksums: {}, rates: {}, excluded: {}, vsKronos: {} };
    for (const e of included) { cmp.checksums[e.lib] = sum(e.c.occ, k); cmp.rates[e.lib] = rateOver(e.c, k); }
    cmp.agree = new Set(Object.values(cmp.checksums)).size <= 1;
    for (const e of engines) {
      if (!included.includes(e)) cmp.excluded[e.lib] = { occurrences: e.c.occurrences, stop: e.c.stop };
      if (!ref) continue;
      const n = Math.min(ref.length, e.c.occ.length);
      let first = -1;
      for (let i = 0; i < n; i++) if (ref[i] !== e.c.occ[i]) { first = i; break; }
      cmp.vsKronos[e.lib] = { over: n, firstMismatch: first < 0 ? null : { index: first, kronos: new Date(ref[first] * 1000).toISOString(), theirs: new Date(e.c.occ[first] * 1000).toISOString() } };
    }
    out[name] = cmp;
  }
  for (const r of withCases) for (const c of Object.values(r.cases)) delete c.occ;
  return out;
}
