/**
 * Gateway API durations (GEP-2257): one to four `<1-5 digits><h|m|s|ms>` parts, e.g. `1h`, `90s`,
 * `1h30m`. The CRD pattern is `^([0-9]{1,5}(h|m|s|ms)){1,4}$` (kubernetes-sigs/gateway-api
 * config/crd/experimental/gateway.networking.k8s.io_httproutes.yaml, `timeouts.request`).
 */
export const GATEWAY_DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;

/** Seconds as the shortest Gateway API duration: 3600 -> `1h`, 90 -> `1m30s`, 604800 -> `168h`, 0 -> `0s`. */
export function gatewayDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`a duration needs whole seconds >= 0, got ${seconds}`);
  if (seconds === 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 99999) throw new Error(`${seconds}s is longer than a Gateway API duration can say (99999h)`);
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

/** Seconds of a Gateway API duration (`1h30m` -> 5400); milliseconds round up to a second. */
export function durationSeconds(d: string): number {
  if (!GATEWAY_DURATION.test(d)) throw new Error(`"${d}" is not a Gateway API duration such as "1h", "90s" or "1h30m"`);
  let ms = 0;
  for (const [, n, unit] of d.matchAll(/([0-9]+)(ms|h|m|s)/g))
    ms += Number(n) * { h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[unit as 'h' | 'm' | 's' | 'ms'];
  return Math.ceil(ms / 1000);
}
