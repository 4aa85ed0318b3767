const N = 10000, F = 12;
const cols = Array.from({ length: F }, (_, j) => Array.from({ length: N }, (_, i) => j === 3 ? i : `v${i}-${j}`));
const keys = Array.from({ length: F }, (_, j) => `f${j}`);
const heads = keys.map(k => `"${k}":{"value":`);
function a() { // current-like
  const parts: string[] = [];
  for (let r = 0; r < N; r++) {
    let cells = '';
    for (let c = 0; c < F; c++) { const v = cols[c]![r]; const cell = `${heads[c]}${JSON.stringify(v)},"valid":true,"messages":[]}`; cells += cells === '' ? cell : ',' + cell; }
    parts.push(`{"id":"us_rc_abc${r.toString(36)}","values":{${cells}},"valid":true,"metadata":{},"config":{}}`);
  }
  return `[${parts.join(',')}]`;
}
function b() { // objects + one stringify
  const out = new Array(N);
  for (let r = 0; r < N; r++) {
    const values: Record<string, unknown> = {};
    for (let c = 0; c < F; c++) values[keys[c]!] = { value: cols[c]![r], valid: true, messages: [] };
    out[r] = { id: 'us_rc_abc' + r.toString(36), values, valid: true, metadata: {}, config: {} };
  }
  return JSON.stringify(out);
}
const SAFE = /^[^"\\\u0000-\u001f\u2028\u2029\ud800-\udfff]*$/;
function c() { // string concat, fast-path strings
  let s = '[';
  for (let r = 0; r < N; r++) {
    if (r) s += ',';
    s += '{"id":"us_rc_abc' + r.toString(36) + '","values":{';
    for (let c = 0; c < F; c++) {
      const v = cols[c]![r];
      if (c) s += ',';
      s += heads[c];
      s += typeof v === 'string' ? (SAFE.test(v) ? '"' + v + '"' : JSON.stringify(v)) : typeof v === 'number' ? String(v) : JSON.stringify(v);
      s += ',"valid":true,"messages":[]}';
    }
    s += '},"valid":true,"metadata":{},"config":{}}';
  }
  return s + ']';
}
for (const [n, f] of [['a', a], ['b', b], ['c', c]] as const) {
  f(); const t = performance.now(); for (let k = 0; k < 5; k++) f(); console.log(n, (performance.now() - t) / 5);
}
