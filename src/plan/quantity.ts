/** Kubernetes resource quantities as numbers, for fleet totals and cost (the values schema checks their syntax). */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A quantity in base units: cores for CPU, bytes for memory. `undefined` stays undefined. */
export function parseQuantity(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  if (typeof q === 'number') return q;
  const m = /^(\d+(?:\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/.exec(q);
  if (!m) throw new Error(`"${q}" is not a Kubernetes quantity`);
  const unit = m[2] ?? '';
  return Number(m[1]) * (BINARY[unit] ?? DECIMAL[unit]);
}

const trim = (n: number, digits: number) => String(Number(n.toFixed(digits)));

/** Cores as a reader writes them: `500m` below one core, `2.5` above. */
export function formatCpu(cores: number): string {
  return cores < 1 ? `${trim(cores * 1000, 0)}m` : trim(cores, 3);
}

/** Bytes in the largest binary unit that keeps the number at least 1: `768Mi`, `1.5Gi`. */
export function formatBytes(bytes: number): string {
  for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) if (bytes >= BINARY[unit]) return `${trim(bytes / BINARY[unit], 2)}${unit}`;
  return `${trim(bytes, 0)}`;
}

export const GIB = BINARY.Gi;
