export const KIB = 1024;
export const MIB = 1024 * 1024;

/** Milliseconds with precision that suits their size: 0.42, 7.31, 23.4, 412. */
export function formatMs(ms: number): string {
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

/** Throughput in MiB/s of `bytes` parsed in `ms`. */
export function formatMibPerSecond(params: { bytes: number; ms: number }): string {
  const rate = params.bytes / MIB / (params.ms / 1000);
  return rate < 10 ? rate.toFixed(2) : rate.toFixed(1);
}

/** `36.1 KiB`, `1.00 MiB`, `512 B`. */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(2)} MiB`;
  if (bytes >= KIB) return `${(bytes / KIB).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** Whole megabytes (10^6 bytes, as `MB` targets are usually meant) with one decimal. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
