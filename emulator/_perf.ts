import { startEmulator } from './index.js';
const emu = await startEmulator({ token: 't' });
const H = { authorization: 'Bearer t', 'content-type': 'application/json' };
const post = async (p: string, b: unknown) => (await fetch(emu.url + p, { method: 'POST', headers: H, body: JSON.stringify(b) })).json() as any;
const space = (await post('/v1/spaces', { name: 's' })).data;
const wb = (await post('/v1/workbooks', { name: 'w', spaceId: space.id, sheets: [{ name: 'a', slug: 'a', fields: [{ key: 'email', type: 'string', constraints: [{ type: 'unique' }] }] }] })).data;
const sid = wb.sheets[0].id;
const rows = Array.from({ length: 25_000 }, (_, i) => ({ email: { value: `s${i}@x.io` } }));
for (let k = 0; k < 2; k++) {
  let t = performance.now();
  const r = await fetch(`${emu.url}/v1/sheets/${sid}/records`, { method: 'POST', body: JSON.stringify(rows), headers: H });
  const txt = await r.text();
  console.log('raw insert', performance.now() - t, r.status, txt.length);
}
let t = performance.now();
const g = await fetch(`${emu.url}/v1/sheets/${sid}/records`, { headers: H });
const gt = await g.text();
console.log('get', performance.now() - t, g.status, gt.length, gt.slice(0, 200));
await emu.stop();
