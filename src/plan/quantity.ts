/** Kubernetes resource quantities as numbers, for fleet totals and cost (the values schema checks their syntax). */

import { BINARY, parseQuantity } from '../values/quantity';

export { parseQuantity };

const trim = (n: number, digits: number) => String(Number(n.toFixed(digits)));

/** Cores as a reader writes them: `500m` below one core, `2.5` above. */
export function formatCpu(cores: number): string {
  return cores < 1 ? `${trim(cores * 1000, 0)}m` : trim(cores, 3);
}

/** Bytes in the largest binary unit that keeps the number at least 1: `768Mi`, `1.5Gi`. */
export function formatBytes(bytes: number): string {
  for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'])
    if (bytes >= BINARY[unit]) return `${trim(bytes / BINARY[unit], 2)}${unit}`;
  return `${trim(bytes, 0)}`;
}

export const GIB = BINARY.Gi;
