// shared/egress/rows.ts
function rowOf(record, columns) {
  const row = {};
  for (const key of columns) row[key] = cellOf(record.values[key]?.value);
  return row;
}
function cellOf(value) {
  if (value === void 0 || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map(String);
  return JSON.stringify(value);
}
function reasonsOf(record, columns) {
  const reasons = [];
  const keys = [...columns, ...Object.keys(record.values).filter((k) => !columns.includes(k))];
  for (const key of keys) {
    for (const m of record.values[key]?.messages ?? []) {
      if ((m.type ?? "error") === "error" && m.message) reasons.push(`${m.field ?? key}: ${m.message}`);
    }
  }
  return reasons.length > 0 ? reasons.join("; ") : "invalid record (no message given)";
}

export {
  rowOf,
  reasonsOf
};
//# sourceMappingURL=chunk-ZU3FEKYI.js.map
