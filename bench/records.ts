// The synthetic 12-field contact both the emulator and the egress benchmarks write: realistic widths, some repetition.

export type Cell = { value: string; messages?: { type: string; source: string; message: string }[] };

export function benchRecord(i: number, email: Cell = { value: `user${i}@example.com` }): Record<string, Cell> {
  return {
    email,
    first_name: { value: `First${i % 1000}` },
    last_name: { value: `Last${i % 777}` },
    age: { value: String(18 + (i % 60)) },
    active: { value: i % 2 === 0 ? 'true' : 'false' },
    status: { value: i % 3 === 0 ? 'inactive' : 'active' },
    city: { value: `City ${i % 500}` },
    country: { value: 'DE' },
    phone: { value: `+49 30 ${1000000 + i}` },
    company: { value: `Company ${i % 2000}` },
    title: { value: 'Engineer' },
    joined: { value: '2024-05-17' },
  };
}
